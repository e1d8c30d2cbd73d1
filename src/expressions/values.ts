/**
 * The values an expression computes with.
 *
 * Glossary:
 * - Int: a 64-bit integer, held as a `bigint` so that `div(7, 2)` stays integral and `ticks()` is exact.
 * - Float: a double, held as a JS `number` (so `3.0` stays a Float and `div(3.0, 2)` is `1.5`).
 * - Binary: bytes with a content type, what `base64ToBinary`, `binary` and `xml` return.
 * - Object: a plain record; property lookups are case-insensitive, as in ADF.
 *
 * JSON from the outside world enters through {@link fromJson} (integral numbers become Ints) and
 * leaves through {@link toJson} / {@link stringifyJson}.
 */

export class BinaryValue {
  constructor(
    readonly bytes: Uint8Array,
    readonly contentType: string = 'application/octet-stream',
  ) {}

  toBase64(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString(
      'base64',
    );
  }

  toText(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString(
      'utf8',
    );
  }
}

export type Value =
  null | boolean | bigint | number | string | BinaryValue | ValueArray | ValueObject;
export type ValueArray = readonly Value[];
export interface ValueObject {
  readonly [key: string]: Value;
}

export const ValueTypes = [
  'Null',
  'Boolean',
  'Integer',
  'Float',
  'String',
  'Binary',
  'Array',
  'Object',
] as const;
export type ValueType = (typeof ValueTypes)[number];

export { INT64_MAX, INT64_MIN } from './int64-range.js';

export function typeOf(value: Value): ValueType {
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'bigint':
      return 'Integer';
    case 'number':
      return 'Float';
    case 'boolean':
      return 'Boolean';
    default:
      if (value === null) return 'Null';
      if (Array.isArray(value)) return 'Array';
      if (value instanceof BinaryValue) return 'Binary';
      return 'Object';
  }
}

export function isObject(value: Value): value is ValueObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof BinaryValue)
  );
}

export function isArray(value: Value): value is ValueArray {
  return Array.isArray(value);
}

export function isNumber(value: Value): value is bigint | number {
  return typeof value === 'bigint' || typeof value === 'number';
}

/** Looks a property up as ADF does: an exact match first, then ignoring case. */
export function getProperty(object: ValueObject, name: string): Value | undefined {
  if (Object.prototype.hasOwnProperty.call(object, name)) return object[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === lower) return object[key];
  }
  return undefined;
}

/**
 * Sets a property as an own, enumerable one even when the key is `__proto__`, which plain
 * assignment would turn into a prototype change.
 */
export function setOwnProperty(record: Record<string, Value>, key: string, value: Value): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    record[key] = value;
  }
}

/** Converts parsed JSON (or any plain JS data) to expression values; integral numbers become Ints. */
export function fromJson(json: unknown): Value {
  switch (typeof json) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return json;
    case 'number':
      return Number.isInteger(json) && Number.isSafeInteger(json) ? BigInt(json) : json;
    case 'undefined':
      return null;
    case 'object': {
      if (json === null) return null;
      if (json instanceof BinaryValue) return json;
      if (Array.isArray(json)) return Object.freeze(json.map(fromJson));
      const out: Record<string, Value> = {};
      for (const [key, item] of Object.entries(json)) setOwnProperty(out, key, fromJson(item));
      return Object.freeze(out);
    }
    default:
      throw new TypeError(`cannot convert a ${typeof json} to an expression value`);
  }
}

/**
 * Converts a value to plain JSON data. Ints outside JavaScript's safe range cannot be numbers
 * without losing digits, so use {@link stringifyJson} when exactness matters.
 */
export function toJson(value: Value): unknown {
  switch (typeof value) {
    case 'bigint':
      return Number(value);
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) return value.map(toJson);
      if (value instanceof BinaryValue) return binaryToJson(value);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
    default:
      return value;
  }
}

function binaryToJson(value: BinaryValue): Record<string, string> {
  return { '$content-type': value.contentType, $content: value.toBase64() };
}

/**
 * Serialises a value as JSON text the way Data Factory shows it: Ints exactly, Floats always with a
 * fraction or exponent (`3.0`), Binary as `{"$content-type", "$content"}`.
 */
export function stringifyJson(value: Value, indent = 0): string {
  return writeJson(value, indent, '');
}

function writeJson(value: Value, indent: number, pad: string): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'number':
      return formatJsonFloat(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default: {
      if (value === null) return 'null';
      const inner = indent > 0 ? pad + ' '.repeat(indent) : '';
      const nl = indent > 0 ? '\n' : '';
      const colon = indent > 0 ? ': ' : ':';
      if (Array.isArray(value)) {
        if (value.length === 0) return '[]';
        const items = value.map((item) => inner + writeJson(item, indent, inner));
        return `[${nl}${items.join(`,${nl}`)}${nl}${indent > 0 ? pad : ''}]`;
      }
      const record =
        value instanceof BinaryValue
          ? (binaryToJson(value) as ValueObject)
          : (value as ValueObject);
      const entries = Object.entries(record);
      if (entries.length === 0) return '{}';
      const items = entries.map(
        ([k, v]) => `${inner}${JSON.stringify(k)}${colon}${writeJson(v, indent, inner)}`,
      );
      return `{${nl}${items.join(`,${nl}`)}${nl}${indent > 0 ? pad : ''}}`;
    }
  }
}

function formatJsonFloat(value: number): string {
  if (!Number.isFinite(value))
    return Number.isNaN(value) ? '"NaN"' : value > 0 ? '"Infinity"' : '"-Infinity"';
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** Deep equality as ADF's `equals` sees it: numbers compare by value whatever their kind. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b) === 0;
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => valuesEqual(item, b[i] as Value))
    );
  }
  if (a instanceof BinaryValue) {
    return b instanceof BinaryValue && Buffer.compare(a.bytes, b.bytes) === 0;
  }
  if (isObject(a) && isObject(b)) {
    const keysA = Object.keys(a);
    if (keysA.length !== Object.keys(b).length) return false;
    return keysA.every((key) => {
      const other = getProperty(b, key);
      return other !== undefined && valuesEqual(a[key] as Value, other);
    });
  }
  return false;
}

/** Compares two numbers of either kind without losing Int precision. */
export function compareNumbers(a: bigint | number, b: bigint | number): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const float = (typeof a === 'number' ? a : b) as number;
  const int = (typeof a === 'bigint' ? a : b) as bigint;
  let sign: number;
  if (Number.isNaN(float)) sign = 0;
  else if (!Number.isFinite(float)) sign = float > 0 ? 1 : -1;
  else {
    const floored = BigInt(Math.floor(float));
    sign = floored > int ? 1 : floored < int ? -1 : float > Math.floor(float) ? 1 : 0;
  }
  return typeof a === 'number' || sign === 0 ? sign : -sign;
}

export function toFloat(value: bigint | number): number {
  return typeof value === 'bigint' ? Number(value) : value;
}
