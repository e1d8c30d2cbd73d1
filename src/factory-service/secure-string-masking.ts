/**
 * SecureString values never leave through the API: they are masked the way Data Factory masks
 * them, and a masked value sent back in an update keeps the stored secret. The one place that
 * decides what a secret looks like in resource JSON, so that secret sealing can replace it.
 *
 * Secrets in resource JSON are objects whose `type` is SecureString (any letter case):
 * `{ "type": "SecureString", "value": "…" }` in linked services and activities, and
 * `{ "type": "SecureString", "defaultValue": "…" }` for pipeline and dataset parameters.
 */
import type { JsonObject, JsonValue } from '../factory/resources.js';

/** What Data Factory shows instead of a secret. */
export const SECRET_MASK = '**********';

const SECRET_KEYS = ['value', 'defaultValue'] as const;

function isSecureString(json: JsonValue | undefined): json is JsonObject {
  return (
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    typeof json.type === 'string' &&
    json.type.toLowerCase() === 'securestring'
  );
}

/** `json` with every SecureString's `value` and `defaultValue` replaced by {@link SECRET_MASK}. */
export function maskSecureStrings(json: JsonValue): JsonValue {
  if (Array.isArray(json)) return json.map(maskSecureStrings);
  if (typeof json !== 'object' || json === null) return json;
  if (isSecureString(json)) {
    const masked: JsonObject = { ...json };
    for (const key of SECRET_KEYS) if (key in masked) masked[key] = SECRET_MASK;
    return masked;
  }
  return Object.fromEntries(
    Object.entries(json as JsonObject).map(([key, value]) => [key, maskSecureStrings(value)]),
  );
}

/**
 * `incoming` with every SecureString whose value is {@link SECRET_MASK} given back the value
 * `stored` holds at the same place (when that is a SecureString too): a client that read a
 * masked resource and sends it back changes nothing it did not mean to. Array entries that have
 * a `name` (activities) are matched by name, others by position.
 */
export function keepMaskedSecrets(incoming: JsonValue, stored: JsonValue | undefined): JsonValue {
  if (stored === undefined) return incoming;
  if (Array.isArray(incoming)) {
    if (!Array.isArray(stored)) return incoming;
    return incoming.map((entry, index) =>
      keepMaskedSecrets(entry, counterpart(entry, stored, index)),
    );
  }
  if (typeof incoming !== 'object' || incoming === null) return incoming;
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return incoming;
  if (isSecureString(incoming)) {
    if (!isSecureString(stored)) return incoming;
    const kept: JsonObject = { ...incoming };
    for (const key of SECRET_KEYS) {
      const storedValue = stored[key];
      if (kept[key] === SECRET_MASK && storedValue !== undefined) kept[key] = storedValue;
    }
    return kept;
  }
  return Object.fromEntries(
    Object.entries(incoming as JsonObject).map(([key, value]) => [
      key,
      keepMaskedSecrets(value, (stored as JsonObject)[key]),
    ]),
  );
}

function counterpart(
  entry: JsonValue,
  stored: readonly JsonValue[],
  index: number,
): JsonValue | undefined {
  const name = nameOf(entry);
  if (name === undefined) return stored[index];
  return stored.find((candidate) => nameOf(candidate) === name);
}

function nameOf(json: JsonValue | undefined): string | undefined {
  return typeof json === 'object' && json !== null && !Array.isArray(json)
    ? typeof json.name === 'string'
      ? json.name
      : undefined
    : undefined;
}
