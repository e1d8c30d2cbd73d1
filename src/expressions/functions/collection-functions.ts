import { defineFunctions, type CallSite } from './function-definition.js';
import { MAX_STRING_LENGTH, checkLength } from './string-functions.js';
import { valueToString } from '../value-to-string.js';
import {
  isObject,
  typeOf,
  valuesEqual,
  type Value,
  type ValueArray,
  type ValueObject,
} from '../values.js';

function describe(value: Value): string {
  return value === null ? 'null' : `of type ${typeOf(value)}`;
}

function typeError(call: CallSite, index: number, expected: string, value: Value): never {
  return call.fail(
    'EXPR_ARGUMENT_TYPE',
    `The function '${call.name}' expects its parameter ${index + 1} to be ${expected}, but it is ${describe(value)}.`,
    index,
  );
}

/** For functions ADF documents on strings and arrays only; objects have no order to speak of. */
function stringOrArray(call: CallSite, value: Value): string | ValueArray {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  return typeError(call, 0, 'a String or an Array', value);
}

/**
 * A key that two primitive values share exactly when `valuesEqual` holds (1, 1.0 and 1e0 share
 * one); undefined for arrays, objects and binaries, which are compared one by one.
 */
function primitiveKey(value: Value): string | undefined {
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'bigint':
      return `n${value}`;
    case 'number':
      return Number.isInteger(value) ? `n${BigInt(value)}` : `f${value}`;
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return value === null ? 'null' : undefined;
  }
}

/** A set under ADF's equality: hashed for primitives, a linear scan for the rest. */
class ValueSet {
  private readonly keys = new Set<string>();
  private readonly composites: Value[] = [];

  constructor(items: readonly Value[] = []) {
    for (const item of items) this.add(item);
  }

  has(value: Value): boolean {
    const key = primitiveKey(value);
    if (key !== undefined) return this.keys.has(key);
    return this.composites.some((item) => valuesEqual(item, value));
  }

  /** Adds the value; false when an equal one was already there. */
  add(value: Value): boolean {
    const key = primitiveKey(value);
    if (key !== undefined) {
      if (this.keys.has(key)) return false;
      this.keys.add(key);
      return true;
    }
    if (this.composites.some((item) => valuesEqual(item, value))) return false;
    this.composites.push(value);
    return true;
  }
}

/** `intersection` and `union` take arrays only or objects only. */
function arraysOrObjects(
  call: CallSite,
  args: readonly Value[],
): { arrays: readonly ValueArray[] } | { objects: readonly ValueObject[] } {
  const first = args[0] as Value;
  if (Array.isArray(first)) {
    args.forEach((arg, i) => {
      if (!Array.isArray(arg)) typeError(call, i, 'an Array like the first one', arg);
    });
    return { arrays: args as readonly ValueArray[] };
  }
  if (isObject(first)) {
    args.forEach((arg, i) => {
      if (!isObject(arg)) typeError(call, i, 'an Object like the first one', arg);
    });
    return { objects: args as readonly ValueObject[] };
  }
  return typeError(call, 0, 'an Array or an Object', first);
}

function hasOwn(object: ValueObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** Counts as .NET's `Take`/`Skip` do: negative counts act as 0, large ones as the length. */
function clampCount(count: bigint, length: number): number {
  if (count <= 0n) return 0;
  return count >= BigInt(length) ? length : Number(count);
}

/** ADF's collection functions. */
export const collectionFunctions = defineFunctions([
  {
    name: 'contains',
    family: 'collection',
    summary:
      'Check whether a string has a substring, an array has an item, or an object has a key; matching case.',
    params: [
      { name: 'collection', type: 'collection' },
      { name: 'value', type: 'any' },
    ],
    returns: 'Boolean',
    examples: [
      { expression: "@contains(pipeline().parameters.regions, 'north')", result: 'true' },
      { expression: "@contains(item().name, '.CSV')", result: 'false' },
      { expression: "@contains(activity('LookupConfig').output.firstRow, 'rows')", result: 'true' },
    ],
    evaluate: (args, call) => {
      const [collection, value] = args as readonly [string | ValueArray | ValueObject, Value];
      if (Array.isArray(collection)) return collection.some((item) => valuesEqual(item, value));
      if (value === null) return false;
      if (typeof value === 'object') {
        return typeError(call, 1, 'a String (the substring or key to find)', value);
      }
      const text = valueToString(value);
      if (typeof collection === 'string') return collection.includes(text);
      return hasOwn(collection as ValueObject, text);
    },
  },
  {
    name: 'empty',
    family: 'collection',
    summary: 'Check whether a string, array or object is empty; null counts as empty.',
    params: [{ name: 'collection', type: 'collection', nullable: true }],
    returns: 'Boolean',
    examples: [
      { expression: "@empty(variables('files'))", result: 'false' },
      { expression: '@empty(pipeline().parameters?.missing)', result: 'true' },
    ],
    evaluate: (args) => {
      const collection = args[0] as string | ValueArray | ValueObject | null;
      if (collection === null) return true;
      if (typeof collection === 'string' || Array.isArray(collection)) {
        return collection.length === 0;
      }
      for (const key in collection) if (hasOwn(collection as ValueObject, key)) return false;
      return true;
    },
  },
  {
    name: 'first',
    family: 'collection',
    summary:
      'Return the first item of an array or the first character of a string; null when it is empty.',
    params: [{ name: 'collection', type: 'collection' }],
    returns: 'any',
    examples: [
      { expression: "@first(variables('files'))", result: '"a.csv"' },
      { expression: "@first('loans')", result: '"l"' },
    ],
    evaluate: (args, call) => {
      const collection = stringOrArray(call, args[0] as Value);
      return collection.length === 0 ? null : (collection[0] as Value);
    },
  },
  {
    name: 'intersection',
    family: 'collection',
    summary:
      'Return the items common to all the arrays (without duplicates), or the properties with equal values in all the objects.',
    params: [{ name: 'collection', type: 'collection', variadic: true }],
    returns: 'Array | Object',
    examples: [
      {
        expression: "@intersection(variables('files'), split('b.csv,c.csv', ','))",
        result: '["b.csv"]',
      },
    ],
    evaluate: (args, call) => {
      const collections = arraysOrObjects(call, args);
      if ('arrays' in collections) {
        const [first = [], ...rest] = collections.arrays;
        const others = rest.map((array) => new ValueSet(array));
        const seen = new ValueSet();
        const out: Value[] = [];
        for (const item of first) {
          if (others.every((set) => set.has(item)) && seen.add(item)) out.push(item);
        }
        return Object.freeze(out);
      }
      const objects = collections.objects;
      const last = objects[objects.length - 1] as ValueObject;
      const entries: [string, Value][] = [];
      for (const key of Object.keys(objects[0] as ValueObject)) {
        const value = last[key] as Value;
        const inAll = objects.every(
          (object) => hasOwn(object, key) && valuesEqual(object[key] as Value, value),
        );
        if (inAll) entries.push([key, value]);
      }
      return Object.freeze(Object.fromEntries(entries) as ValueObject);
    },
  },
  {
    name: 'join',
    family: 'collection',
    summary:
      'Join the items of an array into one string with a delimiter between them; non-strings are written as in string interpolation.',
    params: [
      { name: 'collection', type: 'array' },
      { name: 'delimiter', type: 'string' },
    ],
    returns: 'String',
    examples: [
      { expression: "@join(pipeline().parameters.regions, ', ')", result: '"north, south"' },
    ],
    evaluate: (args, call) => {
      const [items, delimiter] = args as readonly [ValueArray, string];
      let out = '';
      for (let i = 0; i < items.length; i++) {
        if (i > 0) out += delimiter;
        out += valueToString(items[i] as Value);
        if (out.length > MAX_STRING_LENGTH) break;
      }
      return checkLength(out, call);
    },
  },
  {
    name: 'last',
    family: 'collection',
    summary:
      'Return the last item of an array or the last character of a string; null when it is empty.',
    params: [{ name: 'collection', type: 'collection' }],
    returns: 'any',
    examples: [{ expression: "@last(variables('files'))", result: '"b.csv"' }],
    evaluate: (args, call) => {
      const collection = stringOrArray(call, args[0] as Value);
      return collection.length === 0 ? null : (collection[collection.length - 1] as Value);
    },
  },
  {
    name: 'length',
    family: 'collection',
    summary: 'Return the number of items in an array or of characters (UTF-16 units) in a string.',
    params: [{ name: 'collection', type: 'collection' }],
    returns: 'Integer',
    examples: [
      { expression: "@length(variables('files'))", result: '2' },
      { expression: '@length(pipeline().parameters.folder)', result: '9' },
    ],
    evaluate: (args, call) => BigInt(stringOrArray(call, args[0] as Value).length),
  },
  {
    name: 'skip',
    family: 'collection',
    summary:
      'Remove a number of items from the front of an array (or characters from a string) and return the rest.',
    params: [
      { name: 'collection', type: 'collection' },
      { name: 'count', type: 'integer' },
    ],
    returns: 'Array | String',
    examples: [{ expression: "@skip(variables('files'), 1)", result: '["b.csv"]' }],
    evaluate: (args, call) => {
      const collection = stringOrArray(call, args[0] as Value);
      const count = clampCount(args[1] as bigint, collection.length);
      if (typeof collection === 'string') return collection.slice(count);
      return Object.freeze(collection.slice(count));
    },
  },
  {
    name: 'take',
    family: 'collection',
    summary:
      'Return a number of items from the front of an array, or characters from the front of a string.',
    params: [
      { name: 'collection', type: 'collection' },
      { name: 'count', type: 'integer' },
    ],
    returns: 'Array | String',
    examples: [
      { expression: '@take(pipeline().parameters.regions, 1)', result: '["north"]' },
      { expression: "@take('2026-01-01', 4)", result: '"2026"' },
    ],
    evaluate: (args, call) => {
      const collection = stringOrArray(call, args[0] as Value);
      const count = clampCount(args[1] as bigint, collection.length);
      if (typeof collection === 'string') return collection.slice(0, count);
      return Object.freeze(collection.slice(0, count));
    },
  },
  {
    name: 'union',
    family: 'collection',
    summary:
      'Return every item of the arrays once, in order of first appearance, or every property of the objects, later objects winning.',
    params: [{ name: 'collection', type: 'collection', variadic: true }],
    returns: 'Array | Object',
    examples: [
      {
        expression: "@union(variables('files'), split('b.csv,c.csv', ','))",
        result: '["a.csv","b.csv","c.csv"]',
      },
    ],
    evaluate: (args, call) => {
      const collections = arraysOrObjects(call, args);
      if ('arrays' in collections) {
        const seen = new ValueSet();
        const out: Value[] = [];
        for (const array of collections.arrays) {
          for (const item of array) if (seen.add(item)) out.push(item);
        }
        return Object.freeze(out);
      }
      const merged = new Map<string, Value>();
      for (const object of collections.objects) {
        for (const key of Object.keys(object)) merged.set(key, object[key] as Value);
      }
      return Object.freeze(Object.fromEntries(merged) as ValueObject);
    },
  },
]);
