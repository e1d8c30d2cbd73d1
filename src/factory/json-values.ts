/** Small readers for untrusted JSON: resources are checked field by field, never cast whole. */
import type { JsonObject, JsonValue } from './resources.js';

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectOrEmpty(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

export function stringOrUndefined(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** An own property, never one inherited from `Object.prototype` (`constructor`, `__proto__`). */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Names compare ignoring case, as Data Factory resource names and expression lookups do. */
export function findIgnoringCase(names: Iterable<string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const candidate of names) if (candidate.toLowerCase() === lower) return candidate;
  return undefined;
}
