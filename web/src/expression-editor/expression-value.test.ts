import { describe, expect, it } from 'vitest';
import type { Json } from '../api/factory-api.js';
import {
  fieldTextOf,
  fieldValueOf,
  isDynamicValue,
  isExpressionText,
  sameJson,
  type LiteralType,
} from './expression-value.js';

describe('isExpressionText', () => {
  it.each([
    ['@pipeline().RunId', true],
    ['@@literal', false],
    ['run-@{pipeline().RunId}', true],
    ['@{pipeline().RunId}', true],
    ['mail@example.com', false],
    ['plain', false],
    ['', false],
  ])('%s → %s', (text, expected) => {
    expect(isExpressionText(text)).toBe(expected);
  });
});

describe('fieldTextOf', () => {
  it('reads each form ADF writes', () => {
    expect(fieldTextOf({ value: '@pipeline().RunId', type: 'Expression' })).toEqual({
      text: '@pipeline().RunId',
      form: 'expression-object',
    });
    expect(fieldTextOf('@pipeline().RunId')).toEqual({
      text: '@pipeline().RunId',
      form: 'expression-string',
    });
    expect(fieldTextOf('@@at')).toEqual({ text: '@@at', form: 'literal' });
    expect(fieldTextOf(0.5)).toEqual({ text: '0.5', form: 'literal' });
    expect(fieldTextOf(false)).toEqual({ text: 'false', form: 'literal' });
    expect(fieldTextOf(undefined)).toEqual({ text: '', form: 'literal' });
    expect(fieldTextOf(null)).toEqual({ text: '', form: 'literal' });
    expect(fieldTextOf({ a: [1] })).toEqual({ text: '{"a":[1]}', form: 'json' });
  });
});

describe('fieldValueOf', () => {
  it('writes a new expression in the object form ADF Studio writes', () => {
    expect(fieldValueOf('@pipeline().RunId', 'string', 'literal')).toEqual({
      value: { value: '@pipeline().RunId', type: 'Expression' },
    });
    expect(fieldValueOf('run-@{pipeline().RunId}', 'number', 'literal')).toEqual({
      value: { value: 'run-@{pipeline().RunId}', type: 'Expression' },
    });
  });

  it('keeps an expression that came as a plain string a plain string', () => {
    expect(fieldValueOf('@pipeline().RunId', 'string', 'expression-string')).toEqual({
      value: '@pipeline().RunId',
    });
  });

  it('turns literals into the field type and says what is wrong otherwise', () => {
    expect(fieldValueOf('12', 'number', 'literal')).toEqual({ value: 12 });
    expect(fieldValueOf(' -1.5e3 ', 'number', 'literal')).toEqual({ value: -1500 });
    expect(fieldValueOf('12', 'string', 'literal')).toEqual({ value: '12' });
    expect(fieldValueOf('TRUE', 'boolean', 'literal')).toEqual({ value: true });
    expect(fieldValueOf('abc', 'number', 'literal')).toEqual({
      value: 'abc',
      problem: 'Type a number, or an expression starting with @.',
    });
    expect(fieldValueOf('yes', 'boolean', 'literal').problem).toMatch(/true or false/);
    expect(fieldValueOf('@@at', 'string', 'literal')).toEqual({ value: '@@at' });
  });

  it('leaves an empty field out', () => {
    expect(fieldValueOf('', 'string', 'expression-object')).toEqual({ value: undefined });
  });

  it('edits JSON literals as JSON while the text stays JSON', () => {
    expect(fieldValueOf('{"a":[1,2]}', 'string', 'json')).toEqual({ value: { a: [1, 2] } });
    expect(fieldValueOf('{"a":', 'string', 'json')).toEqual({ value: '{"a":' });
  });

  const roundTrips: readonly [Json, LiteralType][] = [
    [{ value: "@concat('a', pipeline().RunId)", type: 'Expression' }, 'string'],
    ['@pipeline().parameters.x', 'string'],
    ['x-@{pipeline().RunId}', 'string'],
    ['@@not an expression', 'string'],
    ['plain text', 'string'],
    [42, 'number'],
    [-0.25, 'number'],
    [true, 'boolean'],
    [{ DataStoreName: 'blob', RelativePath: 'a/b' }, 'string'],
    [[1, 'two'], 'string'],
  ];
  it.each(roundTrips)('round-trips %j unchanged', (value, literalType) => {
    const { text, form } = fieldTextOf(value);
    expect(fieldValueOf(text, literalType, form)).toEqual({ value });
  });
});

describe('isDynamicValue', () => {
  it('knows both expression forms', () => {
    expect(isDynamicValue({ value: '@x()', type: 'Expression' })).toBe(true);
    expect(isDynamicValue('@x()')).toBe(true);
    expect(isDynamicValue('x')).toBe(false);
    expect(isDynamicValue(true)).toBe(false);
  });
});

describe('sameJson', () => {
  it('compares structurally, ignoring key order', () => {
    expect(sameJson({ a: 1, b: [true, null] }, { b: [true, null], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson(undefined, null)).toBe(false);
    expect(sameJson('1', 1)).toBe(false);
  });
});
