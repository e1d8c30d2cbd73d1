/**
 * Reading an activity's resolved `typeProperties` with Data Factory's validation codes: a missing
 * required property is 2103, a property of the wrong type 2104, an unusable value
 * ACTIVITY_INVALID_PROPERTY. Readers throw {@link ExpectedFailure}, which `guardExecution` turns
 * into a failed result, so executors read their inputs in straight-line code.
 */
import type { JsonObject, JsonValue } from '../factory/resources.js';
import { ExpectedFailure } from './execution-guard.js';

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function present(input: JsonObject, name: string): JsonValue | undefined {
  const value = input[name];
  return value === null ? undefined : value;
}

function missing(name: string): ExpectedFailure {
  return new ExpectedFailure('2103', `Please provide a value for the required property '${name}'.`);
}

function wrongType(name: string, expected: string, value: JsonValue): ExpectedFailure {
  return new ExpectedFailure(
    '2104',
    `The type of the property '${name}' is incorrect: expected ${expected}, got ${describe(value)}.`,
  );
}

export function invalidProperty(name: string, problem: string): ExpectedFailure {
  return new ExpectedFailure('ACTIVITY_INVALID_PROPERTY', `The property '${name}' ${problem}`);
}

export function optionalString(input: JsonObject, name: string): string | undefined {
  const value = present(input, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw wrongType(name, 'a string', value);
  return value;
}

export function requiredString(input: JsonObject, name: string): string {
  const value = optionalString(input, name);
  if (value === undefined || value === '') throw missing(name);
  return value;
}

export function optionalBoolean(input: JsonObject, name: string): boolean | undefined {
  const value = present(input, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw wrongType(name, 'true or false', value);
  return value;
}

export function optionalObject(input: JsonObject, name: string): JsonObject | undefined {
  const value = present(input, name);
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) throw wrongType(name, 'an object', value);
  return value;
}

/**
 * A whole number of at least 0. Strings of digits are accepted too, because expressions over
 * String parameters (`@pipeline().parameters.seconds`) produce them.
 */
export function optionalCount(input: JsonObject, name: string): number | undefined {
  const value = present(input, name);
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number') throw wrongType(name, 'a whole number', value);
  if (!Number.isSafeInteger(number) || number < 0)
    throw invalidProperty(name, `must be a whole number of at least 0, not ${number}.`);
  return number;
}

export function requiredCount(input: JsonObject, name: string): number {
  const value = optionalCount(input, name);
  if (value === undefined) throw missing(name);
  return value;
}

/**
 * The text of a secret: a plain string, or Data Factory's `{ "type": "SecureString", "value" }`.
 * An Azure Key Vault reference that reached the executor unresolved cannot be used.
 */
export function secretText(value: JsonValue | undefined, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (isJsonObject(value) && typeof value['value'] === 'string') return value['value'];
  if (isJsonObject(value) && value['type'] === 'AzureKeyVaultSecret')
    throw invalidProperty(
      name,
      'is an Azure Key Vault secret reference that was not resolved; give the secret as a SecureString.',
    );
  throw wrongType(name, 'a string or a SecureString', value);
}
