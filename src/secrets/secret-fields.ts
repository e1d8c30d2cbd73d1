/**
 * Where Data Factory resource JSON (pipelines, linked services, datasets, a run's factory
 * snapshot) holds secrets, and what to do there: seal for storage, open for execution, mask for
 * the API, merge a masked PUT with what is stored, and list the plaintexts for redaction. Pure:
 * every function returns a new value and leaves its input alone.
 *
 * A secret place is a string that is:
 * - the `value` of a `{ "type": "SecureString", "value" }` object, anywhere (type names ignore
 *   case, as ADF's parameter types do);
 * - the `defaultValue` of a SecureString parameter declaration (`{ "type": "SecureString",
 *   "defaultValue" }`), anywhere;
 * - a plain string under a well-known secret property name ({@link SECRET_PROPERTY_NAMES}), or
 *   under a name that holds a secret only sometimes ({@link CONDITIONAL_SECRET_PROPERTIES}) when it
 *   does. Strings starting with one `@` are expressions, not secrets, and are left alone.
 *
 * Sealed secrets stay in place as sealed text (`msv1:…`), so a stored resource keeps its shape:
 * `{ "type": "SecureString", "value": "msv1:…" }`. `AzureKeyVaultSecret` references hold no secret
 * (only a name); they are listed by {@link findKeyVaultReferences} and resolved at execution.
 */
import { MASKED } from '../engine/run-views.js';
import { pointerTo } from '../factory/json-pointer.js';
import type { JsonObject, JsonValue } from '../factory/resources.js';
import { SecretBox } from './secret-box.js';

/** Data Factory's mask for a secret it will not return. */
export const SECRET_MASK = MASKED;

/** Property names whose plain string value is always a secret (compared ignoring case). */
export const SECRET_PROPERTY_NAMES = [
  'password',
  'servicePrincipalKey',
  'servicePrincipalCredential',
  'accountKey',
  'accessKey',
  'secretAccessKey',
  'sasToken',
  'clientSecret',
  'encryptedCredential',
  'functionKey',
  'accessToken',
  'privateKeyContent',
  'passPhrase',
  'embeddedCertData',
] as const;

/**
 * Property names whose plain string value is a secret when it holds one of these markers
 * (ignoring case): a connection string with a key or password, a SAS URI with its signature.
 */
export const CONDITIONAL_SECRET_PROPERTIES = {
  connectionString: [
    'AccountKey=',
    'Password=',
    'Pwd=',
    'SharedAccessKey=',
    'SharedAccessSignature=',
    'sig=',
  ],
  sasUri: ['sig='],
} as const satisfies Record<string, readonly string[]>;

/** Connection string keys whose value is the secret part, for redaction of the part alone. */
const CONNECTION_STRING_SECRET_KEYS = [
  'accountkey',
  'password',
  'pwd',
  'sharedaccesskey',
  'sharedaccesssignature',
];

export const SecretPlaceKinds = ['SecureString', 'SecureStringDefault', 'SecretProperty'] as const;
export type SecretPlaceKind = (typeof SecretPlaceKinds)[number];

export interface SecretPlace {
  /** RFC 6901 pointer to the string itself (e.g. `/properties/typeProperties/password/value`). */
  readonly pointer: string;
  readonly kind: SecretPlaceKind;
  /** The string found there: plaintext, sealed text or the mask. */
  readonly value: string;
}

export interface KeyVaultReferencePlace {
  /** Pointer to the reference object. */
  readonly pointer: string;
  /** `store.referenceName`, the Key Vault linked service; undefined when missing. */
  readonly store: string | undefined;
  /** As written: a string, or an expression not evaluated yet. */
  readonly secretName: JsonValue | undefined;
  readonly secretVersion: JsonValue | undefined;
}

const ALWAYS_SECRET = new Set(SECRET_PROPERTY_NAMES.map((name) => name.toLowerCase()));
const SOMETIMES_SECRET = new Map<string, readonly string[]>(
  Object.entries(CONDITIONAL_SECRET_PROPERTIES).map(([name, markers]) => [
    name.toLowerCase(),
    markers.map((marker) => marker.toLowerCase()),
  ]),
);

/** Every secret place of a resource (or of any JSON holding resources), in document order. */
export function findSecretPlaces(json: JsonValue): SecretPlace[] {
  const places: SecretPlace[] = [];
  transformPlaces(json, (place) => {
    places.push(place);
    return undefined;
  });
  return places;
}

/** Every `AzureKeyVaultSecret` reference, in document order. */
export function findKeyVaultReferences(json: JsonValue): KeyVaultReferencePlace[] {
  const found: KeyVaultReferencePlace[] = [];
  const visit = (node: JsonValue, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, pointerTo(pointer, index)));
      return;
    }
    if (!isObject(node)) return;
    if (isKeyVaultReference(node)) {
      const store = isObject(node.store) ? node.store.referenceName : undefined;
      found.push({
        pointer,
        store: typeof store === 'string' ? store : undefined,
        secretName: node.secretName,
        secretVersion: node.secretVersion,
      });
      return;
    }
    for (const [key, value] of Object.entries(node)) visit(value, pointerTo(pointer, key));
  };
  visit(json, '');
  return found;
}

export function isKeyVaultReference(json: JsonValue | undefined): boolean {
  return isObject(json) && typeName(json) === 'azurekeyvaultsecret';
}

/**
 * The resource as it may be stored: every secret sealed. Input is always taken as plaintext, even
 * text that looks sealed, so that a sealed value copied from a database cannot be planted in a
 * resource and opened by the engine; empty strings and the mask are kept (merge a masked PUT
 * first: {@link mergeMaskedSecrets}).
 */
export function sealResourceSecrets<T extends JsonValue>(json: T, box: SecretBox): T {
  return transformPlaces(json, ({ value }) =>
    value === '' || value === SECRET_MASK ? undefined : box.seal(value),
  ) as T;
}

/**
 * The resource with its sealed secrets opened, for execution. A value this box cannot open throws
 * SECRET_UNREADABLE, unless `onUnreadable: 'keep'` leaves it sealed.
 */
export function openResourceSecrets<T extends JsonValue>(
  json: T,
  box: SecretBox,
  options: { readonly onUnreadable?: 'throw' | 'keep' } = {},
): T {
  return transformPlaces(json, ({ value }) => {
    if (!SecretBox.isSealed(value)) return undefined;
    if (options.onUnreadable !== 'keep') return box.open(value);
    try {
      return box.open(value);
    } catch {
      return undefined;
    }
  }) as T;
}

/** The resource as the API returns it: every secret `**********`, as Data Factory does. */
export function maskResourceSecrets<T extends JsonValue>(json: T): T {
  return transformPlaces(json, ({ value }) => (value === '' ? undefined : SECRET_MASK)) as T;
}

/**
 * A PUT body that sends a secret back as `**********` (as a GET returned it) keeps the stored
 * secret at that place. Array entries with a `name` (activities) are matched by name, others by
 * position, so reordering activities keeps each one's own secrets. Only a secret place of `stored`
 * gives its value back. Give `box` when `stored` is sealed: the kept values come back opened, so
 * the result is plaintext throughout and ready for {@link sealResourceSecrets}. A mask with nothing
 * stored at its place stays a mask (find those with {@link findSecretPlaces}).
 */
export function mergeMaskedSecrets<T extends JsonValue>(
  incoming: T,
  stored: JsonValue,
  box?: SecretBox,
): T {
  const storedPlaces = new Map(findSecretPlaces(stored).map((place) => [place.pointer, place]));
  return transformPlaces(incoming, ({ pointer, value }) => {
    if (value !== SECRET_MASK) return undefined;
    const storedPointer = counterpartPointer(incoming, stored, pointer);
    const kept = storedPointer === undefined ? undefined : storedPlaces.get(storedPointer)?.value;
    if (kept === undefined || kept === SECRET_MASK) return undefined;
    return box !== undefined && SecretBox.isSealed(kept) ? box.open(kept) : kept;
  }) as T;
}

/**
 * Where `stored` holds the counterpart of `pointer` in `incoming`: the same path, except that an
 * array entry with a `name` is the stored entry of that name. Undefined when there is none.
 */
function counterpartPointer(
  incoming: JsonValue,
  stored: JsonValue,
  pointer: string,
): string | undefined {
  const tokens =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
  let sent: JsonValue | undefined = incoming;
  let kept: JsonValue | undefined = stored;
  let found = '';
  for (const token of tokens) {
    if (Array.isArray(sent)) {
      if (!Array.isArray(kept)) return undefined;
      const index = Number(token);
      const entry: JsonValue | undefined = sent[index];
      const name = entryName(entry);
      const keptIndex: number =
        name === undefined ? index : kept.findIndex((candidate) => entryName(candidate) === name);
      if (keptIndex < 0 || keptIndex >= kept.length) return undefined;
      sent = entry;
      kept = kept[keptIndex];
      found = pointerTo(found, keptIndex);
    } else if (isObject(sent)) {
      if (!isObject(kept) || !Object.prototype.hasOwnProperty.call(kept, token)) return undefined;
      sent = sent[token];
      kept = kept[token];
      found = pointerTo(found, token);
    } else {
      return undefined;
    }
  }
  return found;
}

function entryName(json: JsonValue | undefined): string | undefined {
  return isObject(json) && typeof json.name === 'string' ? json.name : undefined;
}

/**
 * The plaintexts of a resource's secrets (sealed ones opened; ones this box cannot open, masks and
 * empty strings left out), with the secret parts of connection strings and SAS URIs on their own,
 * so that a log line quoting only an account key is redacted too.
 */
export function secretValuesOf(json: JsonValue, box: SecretBox): string[] {
  const values = new Set<string>();
  for (const { value } of findSecretPlaces(json)) {
    let plain = value;
    if (SecretBox.isSealed(value)) {
      try {
        plain = box.open(value);
      } catch {
        continue;
      }
    }
    if (plain === '' || plain === SECRET_MASK) continue;
    values.add(plain);
    for (const part of secretPartsOf(plain)) values.add(part);
  }
  return [...values];
}

/** The secret parts of a connection string (`AccountKey=…;`, `Password=…`) or URL (`sig=…`). */
export function secretPartsOf(text: string): string[] {
  const parts: string[] = [];
  for (const segment of text.split(';')) {
    const equals = segment.indexOf('=');
    if (equals < 0) continue;
    const key = segment.slice(0, equals).trim().toLowerCase();
    const value = segment.slice(equals + 1).trim();
    if (CONNECTION_STRING_SECRET_KEYS.includes(key) && value !== '') parts.push(value);
  }
  for (const match of text.matchAll(/[?&]sig=([^&#;\s]+)/gi)) {
    const signature = match[1]!;
    parts.push(signature);
    try {
      const decoded = decodeURIComponent(signature);
      if (decoded !== signature) parts.push(decoded);
    } catch {
      // A malformed escape: the raw form is enough.
    }
  }
  return parts;
}

// ---- the walk ---------------------------------------------------------------------------------

/**
 * Copies `json`, replacing each secret place's string by what `replace` returns (undefined keeps
 * it). Secret places are never looked into further; everything else is walked.
 */
function transformPlaces(
  json: JsonValue,
  replace: (place: SecretPlace) => string | undefined,
): JsonValue {
  const walk = (node: JsonValue, pointer: string): JsonValue => {
    if (Array.isArray(node))
      return node.map((item, index) => walk(item, pointerTo(pointer, index)));
    if (!isObject(node)) return node;
    const type = typeName(node);
    if (type === 'expression' || type === 'azurekeyvaultsecret') return node;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      const here = pointerTo(pointer, key);
      const kind = placeKind(type, key, value);
      const next =
        kind !== undefined && typeof value === 'string'
          ? (replace({ pointer: here, kind, value }) ?? value)
          : type === 'securestring' && (key === 'value' || key === 'defaultValue')
            ? value
            : walk(value, here);
      Object.defineProperty(out, key, {
        value: next,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return walk(json, '');
}

function placeKind(
  ownerType: string | undefined,
  key: string,
  value: JsonValue,
): SecretPlaceKind | undefined {
  if (typeof value !== 'string') return undefined;
  if (ownerType === 'securestring') {
    if (key === 'value') return 'SecureString';
    if (key === 'defaultValue') return 'SecureStringDefault';
    return undefined;
  }
  if (isExpressionText(value)) return undefined;
  const name = key.toLowerCase();
  if (ALWAYS_SECRET.has(name)) return 'SecretProperty';
  const markers = SOMETIMES_SECRET.get(name);
  if (markers !== undefined) {
    const lower = value.toLowerCase();
    // A sealed or masked value was a secret when it was written; keep treating it as one.
    if (
      markers.some((marker) => lower.includes(marker)) ||
      SecretBox.isSealed(value) ||
      value === SECRET_MASK
    )
      return 'SecretProperty';
  }
  return undefined;
}

/** `@…` is an expression (its value is computed, not stored); `@@…` is an escaped literal. */
function isExpressionText(value: string): boolean {
  return value.startsWith('@') && !value.startsWith('@@');
}

function typeName(node: JsonObject): string | undefined {
  return typeof node.type === 'string' ? node.type.toLowerCase() : undefined;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
