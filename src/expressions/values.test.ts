import { describe, expect, it } from 'vitest';
import { formatDotNetDouble, valueToString } from './value-to-string.js';
import {
  BinaryValue,
  compareNumbers,
  fromJson,
  stringifyJson,
  toJson,
  typeOf,
  valuesEqual,
} from './values.js';

describe('fromJson', () => {
  it('turns integral numbers into Ints and keeps fractions as Floats', () => {
    expect(fromJson({ a: 1, b: 1.5, c: [2, -0.5] })).toEqual({ a: 1n, b: 1.5, c: [2n, -0.5] });
  });
  it('keeps integers beyond 2^53 as Floats rather than inventing digits', () => {
    expect(typeOf(fromJson(2 ** 60))).toBe('Float');
  });
  it('freezes what it builds', () => {
    expect(Object.isFrozen(fromJson({ a: [1] }))).toBe(true);
  });
});

describe('stringifyJson', () => {
  it('writes Ints exactly and Floats with a fraction', () => {
    expect(stringifyJson([9223372036854775807n, 3, 3.25, -0.5, 1e21])).toBe(
      '[9223372036854775807,3.0,3.25,-0.5,1e+21]',
    );
  });
  it('writes Binary as Data Factory shows it', () => {
    expect(stringifyJson(new BinaryValue(new TextEncoder().encode('hi')))).toBe(
      '{"$content-type":"application/octet-stream","$content":"aGk="}',
    );
  });
  it('indents on request', () => {
    expect(stringifyJson(fromJson({ a: [1, { b: null }], e: {} }), 2)).toBe(
      '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ],\n  "e": {}\n}',
    );
  });
  it('round-trips through toJson for safe values', () => {
    const value = fromJson({ s: 'x', n: [1, 2.5, true, null] });
    expect(toJson(value)).toEqual({ s: 'x', n: [1, 2.5, true, null] });
  });
});

describe('valueToString (inside @{…})', () => {
  it.each([
    [null, ''],
    [true, 'True'],
    [false, 'False'],
    [42n, '42'],
    [3, '3'],
    [0.1, '0.1'],
    [1e15, '1E+15'],
    [123456789012345.6, '123456789012345.6'],
    [1.5e-5, '1.5E-05'],
    [0.0001, '0.0001'],
    [-0, '-0'],
    ['text', 'text'],
  ] as const)('%s → %s', (value, text) => {
    expect(valueToString(value)).toBe(text);
  });
  it('writes arrays and objects as compact JSON', () => {
    expect(valueToString(fromJson({ a: [1, 'x'], b: 0.5 }))).toBe('{"a":[1,"x"],"b":0.5}');
  });
  it('formats non-finite doubles as .NET does', () => {
    expect([NaN, Infinity, -Infinity].map(formatDotNetDouble)).toEqual(['NaN', '∞', '-∞']);
  });
});

describe('comparing and equating numbers of both kinds', () => {
  it.each([
    [1n, 1.0, 0],
    [2n, 1.5, 1],
    [1.5, 2n, -1],
    [9007199254740993n, 9007199254740992, 1],
    [-3n, -2.5, -1],
    [5n, Infinity, -1],
  ] as const)('compare(%s, %s) = %s', (a, b, expected) => {
    expect(compareNumbers(a, b)).toBe(expected);
  });
  it('equates deeply, ignoring key case and number kind', () => {
    expect(valuesEqual(fromJson({ A: [1, 'x'] }), fromJson({ a: [1.0, 'x'] }))).toBe(true);
    expect(valuesEqual(fromJson({ a: [1, 'x'] }), fromJson({ a: [1, 'X'] }))).toBe(false);
    expect(valuesEqual(fromJson([1, 2]), fromJson([1, 2, 3]))).toBe(false);
  });
});
