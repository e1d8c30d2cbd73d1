/**
 * Replaces `AzureKeyVaultSecret` references in resolved JSON (expressions already evaluated) by
 * the values a {@link SecretProvider} gives, as Data Factory fetches them from Key Vault just
 * before it runs an activity. The values live in memory only: nothing here stores them.
 */
import { pointerTo } from '../factory/json-pointer.js';
import type { JsonObject, JsonValue } from '../factory/resources.js';
import { isKeyVaultReference } from './secret-fields.js';
import { SecretError } from './secret-error.js';
import type { SecretProvider, SecretReference } from './secret-provider.js';

export interface KeyVaultResolveOptions {
  /**
   * What a reference becomes: the plain `text` (a linked service's properties, as the engine
   * unwraps SecureStrings there) or a `SecureString` object (activity input, where executors
   * read SecureStrings). (Default: 'text')
   */
  readonly as?: 'text' | 'SecureString';
  /** Called with each value resolved, before it is used (register it with a redactor). */
  readonly onResolved?: (value: string) => void;
}

/** Whether the JSON holds an `AzureKeyVaultSecret` reference anywhere. */
export function hasKeyVaultReferences(json: JsonValue | undefined): boolean {
  if (json === undefined || json === null || typeof json !== 'object') return false;
  if (Array.isArray(json)) return json.some(hasKeyVaultReferences);
  if (isKeyVaultReference(json)) return true;
  return Object.values(json).some(hasKeyVaultReferences);
}

/**
 * A copy of `json` with every reference resolved. Rejects with a SecretError
 * (SECRET_REFERENCE_INVALID for a reference without store or name, else the provider's).
 */
export async function resolveKeyVaultReferences<T extends JsonValue>(
  json: T,
  provider: SecretProvider,
  options: KeyVaultResolveOptions = {},
): Promise<T> {
  // One lookup per distinct secret, however often it is referenced.
  const lookups = new Map<string, Promise<string>>();
  const lookUp = (reference: SecretReference): Promise<string> => {
    const key = JSON.stringify([reference.store, reference.secretName, reference.secretVersion]);
    let pending = lookups.get(key);
    if (pending === undefined) {
      pending = provider.resolve(reference).then((value) => {
        options.onResolved?.(value);
        return value;
      });
      lookups.set(key, pending);
    }
    return pending;
  };
  const walk = async (node: JsonValue, pointer: string): Promise<JsonValue> => {
    if (Array.isArray(node))
      return Promise.all(node.map((item, index) => walk(item, pointerTo(pointer, index))));
    if (typeof node !== 'object' || node === null) return node;
    if (isKeyVaultReference(node)) {
      const value = await lookUp(referenceAt(node, pointer));
      return options.as === 'SecureString' ? { type: 'SecureString', value } : value;
    }
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      Object.defineProperty(out, key, {
        value: await walk(value, pointerTo(pointer, key)),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return (await walk(json, '')) as T;
}

function referenceAt(node: JsonObject, pointer: string): SecretReference {
  const store = node.store;
  const referenceName =
    typeof store === 'object' && store !== null && !Array.isArray(store)
      ? store.referenceName
      : undefined;
  const { secretName, secretVersion } = node;
  if (typeof referenceName !== 'string' || referenceName.trim() === '')
    throw new SecretError(
      'SECRET_REFERENCE_INVALID',
      `The AzureKeyVaultSecret reference at ${pointer || '/'} needs store.referenceName, the Key Vault linked service.`,
    );
  if (typeof secretName !== 'string' || secretName.trim() === '')
    throw new SecretError(
      'SECRET_REFERENCE_INVALID',
      `The AzureKeyVaultSecret reference at ${pointer || '/'} needs a secretName that is a non-empty string.`,
    );
  if (secretVersion !== undefined && secretVersion !== null && typeof secretVersion !== 'string')
    throw new SecretError(
      'SECRET_REFERENCE_INVALID',
      `The AzureKeyVaultSecret reference at ${pointer || '/'} has a secretVersion that is not a string.`,
    );
  return {
    store: referenceName,
    secretName,
    ...(typeof secretVersion === 'string' && secretVersion !== '' ? { secretVersion } : {}),
  };
}
