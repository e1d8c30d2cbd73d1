import { describe, expect, it } from 'vitest';
import { runCases } from '../../../test/support/expression-cases.js';
import type { EvaluationContext } from '../context.js';
import { evaluateTemplate, stringifyJson } from '../index.js';
import { BinaryValue, fromJson, type ValueObject } from '../values.js';
import { EXAMPLE_CONTEXT } from './example-context.js';

const VALUES_CONTEXT: EvaluationContext = {
  ...EXAMPLE_CONTEXT,
  variables: Object.freeze({
    ...(fromJson({
      row: { id: 1, name: 'loans', tags: ['a', 'b'] },
      sameRow: { ID: 1, Name: 'loans', Tags: ['a', 'b'] },
      otherRow: { id: 1, name: 'loans', tags: ['b', 'a'] },
      largerRow: { id: 1, name: 'loans', tags: ['a', 'b'], extra: null },
      list: [1, 'two', [3]],
      emptyObject: {},
      emptyList: [],
      ok: true,
    }) as ValueObject),
    floatOne: 1,
    sameList: Object.freeze([1, 'two', Object.freeze([3.0])]),
    bytes: new BinaryValue(new Uint8Array([1, 2, 3])),
    sameBytes: new BinaryValue(new Uint8Array([1, 2, 3]), 'text/plain'),
    otherBytes: new BinaryValue(new Uint8Array([1, 2, 4])),
  }) as ValueObject,
};

describe('and', () => {
  runCases([
    ['@and(true, true)', 'true'],
    ['@and(false, true)', 'false'],
    ['@and(true, false)', 'false'],
    ['@and(false, false)', 'false'],
    ['@and(true, true, true)', 'true'],
    ['@and(true, true, true, false)', 'false'],
    ['@and(equals(1, 1), equals(2, 2))', 'true'],
    ['@and(equals(1, 1), equals(1, 2))', 'false'],
    // Short-circuit: arguments after the first false are not evaluated, so they cannot fail.
    ['@and(false, div(1, 0))', 'false'],
    ["@and(false, 'not a boolean')", 'false'],
    ['@and(true, false, div(1, 0))', 'false'],
    ['@and(true, div(1, 0))', { error: 'EXPR_DIVISION_BY_ZERO' }],
    // Evaluated arguments are still type-checked.
    ["@and(true, 'true')", { error: 'EXPR_ARGUMENT_TYPE', column: 12 }],
    ['@and(1, true)', { error: 'EXPR_ARGUMENT_TYPE', column: 6 }],
    ['@and(null, true)', { error: 'EXPR_ARGUMENT_TYPE', column: 6 }],
    ['@and(true, true, 0)', { error: 'EXPR_ARGUMENT_TYPE', column: 18 }],
    ['@and(true)', { error: 'EXPR_ARGUMENT_COUNT' }],
    ['@and()', { error: 'EXPR_ARGUMENT_COUNT' }],
    ['@AND(true, true)', 'true'],
  ]);
});

describe('equals', () => {
  runCases(
    [
      ['@equals(1, 1)', 'true'],
      ['@equals(1, 1.0)', 'true'],
      ['@equals(1.0, 1)', 'true'],
      ['@equals(1, 2)', 'false'],
      ['@equals(0.1, 0.10)', 'true'],
      ['@equals(9007199254740993, 9007199254740992.0)', 'false'],
      ['@equals(-0.0, 0)', 'true'],
      ["@equals('abc', 'abc')", 'true'],
      ["@equals('abc', 'ABC')", 'false'],
      ["@equals('abc', 'abcd')", 'false'],
      ["@equals('', '')", 'true'],
      ["@equals('\u00e9', 'e\u0301')", 'false'],
      ["@equals('日本', '日本')", 'true'],
      ["@equals('1', 1)", 'false'],
      ['@equals(true, 1)', 'false'],
      ['@equals(true, true)', 'true'],
      ['@equals(false, true)', 'false'],
      ["@equals(variables('ok'), true)", 'true'],
      ['@equals(null, null)', 'true'],
      ["@equals(null, '')", 'false'],
      ['@equals(null, 0)', 'false'],
      ["@equals(variables('row'), variables('row'))", 'true'],
      ["@equals(variables('row'), variables('sameRow'))", 'true'],
      ["@equals(variables('row'), variables('otherRow'))", 'false'],
      ["@equals(variables('row'), variables('largerRow'))", 'false'],
      ["@equals(variables('largerRow'), variables('row'))", 'false'],
      ["@equals(variables('list'), variables('sameList'))", 'true'],
      ["@equals(variables('list'), variables('row'))", 'false'],
      ["@equals(variables('emptyObject'), variables('emptyList'))", 'false'],
      ["@equals(variables('floatOne'), 1)", 'true'],
      ["@equals(variables('bytes'), variables('sameBytes'))", 'true'],
      ["@equals(variables('bytes'), variables('otherBytes'))", 'false'],
      ['@equals(range(1, 3), range(1, 3))', 'true'],
      ['@equals(range(1, 3), range(0, 3))', 'false'],
      ['@equals(1)', { error: 'EXPR_ARGUMENT_COUNT' }],
      ['@equals(1, 1, 1)', { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    VALUES_CONTEXT,
  );
});

describe('greater', () => {
  runCases(
    [
      ['@greater(10, 5)', 'true'],
      ['@greater(5, 10)', 'false'],
      ['@greater(5, 5)', 'false'],
      ['@greater(5.5, 5)', 'true'],
      ['@greater(5, 5.0)', 'false'],
      ['@greater(-1, -2.5)', 'true'],
      ['@greater(9007199254740993, 9007199254740992.0)', 'true'],
      ['@greater(9223372036854775807, -9223372036854775808)', 'true'],
      ["@greater('apple', 'banana')", 'false'],
      ["@greater('banana', 'apple')", 'true'],
      ["@greater('abc', 'abc')", 'false'],
      ["@greater('abcd', 'abc')", 'true'],
      ["@greater('a', '')", 'true'],
      // Culture-aware order, as the ARM/ADF engine documents: lowercase before uppercase.
      ["@greater('A', 'a')", 'true'],
      ["@greater('a', 'A')", 'false'],
      ["@greater('b', 'A')", 'true'],
      ["@greater('rose', 'résumé')", 'true'],
      ["@greater('a10', 'a9')", 'false'],
      ["@greater('1', 1)", { error: 'EXPR_ARGUMENT_TYPE', column: 15 }],
      ["@greater(1, '1')", { error: 'EXPR_ARGUMENT_TYPE', column: 13 }],
      ['@greater(true, false)', { error: 'EXPR_ARGUMENT_TYPE', column: 10 }],
      ['@greater(null, 1)', { error: 'EXPR_ARGUMENT_TYPE', column: 10 }],
      ['@greater(1, null)', { error: 'EXPR_ARGUMENT_TYPE', column: 13 }],
      [
        "@greater(variables('list'), variables('list'))",
        { error: 'EXPR_ARGUMENT_TYPE', column: 10 },
      ],
      ["@greater(variables('row'), 1)", { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@greater(1)', { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    VALUES_CONTEXT,
  );
});

describe('greaterOrEquals', () => {
  runCases([
    ['@greaterOrEquals(5, 5)', 'true'],
    ['@greaterOrEquals(5, 5.0)', 'true'],
    ['@greaterOrEquals(4, 5)', 'false'],
    ['@greaterOrEquals(5.1, 5)', 'true'],
    ['@greaterOrEquals(9007199254740992, 9007199254740993)', 'false'],
    ["@greaterOrEquals('apple', 'banana')", 'false'],
    ["@greaterOrEquals('abc', 'abc')", 'true'],
    ["@greaterOrEquals('', '')", 'true'],
    ["@greaterOrEquals('2026-02-01', '2026-01-31')", 'true'],
    ["@greaterOrEquals('a', 1)", { error: 'EXPR_ARGUMENT_TYPE', column: 23 }],
    ['@greaterOrEquals(false, true)', { error: 'EXPR_ARGUMENT_TYPE', column: 18 }],
    ['@greaterOrEquals(1, 2, 3)', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('if', () => {
  runCases([
    ["@if(equals(1, 1), 'yes', 'no')", '"yes"'],
    ["@if(equals(1, 2), 'yes', 'no')", '"no"'],
    ['@if(true, 1, 2.5)', '1'],
    ['@if(false, 1, 2.5)', '2.5'],
    ['@if(true, null, 1)', 'null'],
    ['@if(false, 1, range(1, 2))', '[1,2]'],
    ["@if(true, pipeline().parameters.regions, 'none')", '["north","south"]'],
    // Only the chosen branch is evaluated.
    ['@if(true, 1, div(1, 0))', '1'],
    ['@if(false, div(1, 0), 2)', '2'],
    ['@if(true, div(1, 0), 2)', { error: 'EXPR_DIVISION_BY_ZERO' }],
    ["@if(false, variables('missing'), 'fallback')", '"fallback"'],
    // The condition must be a Boolean: no truthiness.
    ["@if('true', 1, 2)", { error: 'EXPR_ARGUMENT_TYPE', column: 5 }],
    ['@if(1, 1, 2)', { error: 'EXPR_ARGUMENT_TYPE', column: 5 }],
    ['@if(null, 1, 2)', { error: 'EXPR_ARGUMENT_TYPE', column: 5 }],
    ['@if(true, 1)', { error: 'EXPR_ARGUMENT_COUNT' }],
    ['@if(true, 1, 2, 3)', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('less', () => {
  runCases([
    ['@less(5, 10)', 'true'],
    ['@less(10, 5)', 'false'],
    ['@less(5, 5)', 'false'],
    ['@less(4.999, 5)', 'true'],
    ['@less(-9223372036854775808, -9223372036854775807)', 'true'],
    ['@less(9007199254740992.0, 9007199254740993)', 'true'],
    ["@less('banana', 'apple')", 'false'],
    ["@less('apple', 'banana')", 'true'],
    ["@less('', 'a')", 'true'],
    ["@less('résumé', 'rose')", 'true'],
    ["@less('a', 'A')", 'true'],
    ["@less(5, '10')", { error: 'EXPR_ARGUMENT_TYPE', column: 10 }],
    ["@less(pipeline().parameters.regions, 'x')", { error: 'EXPR_ARGUMENT_TYPE', column: 7 }],
    ['@less(5)', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('lessOrEquals', () => {
  runCases([
    ['@lessOrEquals(10, 10)', 'true'],
    ['@lessOrEquals(10, 10.0)', 'true'],
    ['@lessOrEquals(11, 10)', 'false'],
    ['@lessOrEquals(-0.5, 0)', 'true'],
    ["@lessOrEquals('apply', 'apple')", 'false'],
    ["@lessOrEquals('apple', 'apply')", 'true'],
    ["@lessOrEquals('.a', 'b')", 'true'],
    ["@lessOrEquals('1', 'b')", 'true'],
    ["@lessOrEquals('x', 'x')", 'true'],
    ['@lessOrEquals(true, false)', { error: 'EXPR_ARGUMENT_TYPE', column: 15 }],
    ["@lessOrEquals(1.5, 'x')", { error: 'EXPR_ARGUMENT_TYPE', column: 20 }],
    ['@lessOrEquals(1, 2, 3)', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('not', () => {
  runCases([
    ['@not(false)', 'true'],
    ['@not(true)', 'false'],
    ['@not(equals(1, 2))', 'true'],
    ['@not(not(true))', 'true'],
    ["@not('false')", { error: 'EXPR_ARGUMENT_TYPE', column: 6 }],
    ['@not(0)', { error: 'EXPR_ARGUMENT_TYPE', column: 6 }],
    ['@not(null)', { error: 'EXPR_ARGUMENT_TYPE', column: 6 }],
    ['@not()', { error: 'EXPR_ARGUMENT_COUNT' }],
    ['@not(true, false)', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('or', () => {
  runCases([
    ['@or(true, false)', 'true'],
    ['@or(false, true)', 'true'],
    ['@or(false, false)', 'false'],
    ['@or(true, true)', 'true'],
    ['@or(false, false, false, true)', 'true'],
    ['@or(false, false, false)', 'false'],
    ['@or(equals(1, 2), equals(1, 3))', 'false'],
    // Short-circuit: arguments after the first true are not evaluated, so they cannot fail.
    ['@or(true, div(1, 0))', 'true'],
    ["@or(true, 'not a boolean')", 'true'],
    ['@or(false, true, div(1, 0))', 'true'],
    ['@or(false, div(1, 0))', { error: 'EXPR_DIVISION_BY_ZERO' }],
    ["@or(false, 'false')", { error: 'EXPR_ARGUMENT_TYPE', column: 12 }],
    ['@or(0, true)', { error: 'EXPR_ARGUMENT_TYPE', column: 5 }],
    ['@or(false, null)', { error: 'EXPR_ARGUMENT_TYPE', column: 12 }],
    ['@or(true)', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('lazy evaluation', () => {
  it('evaluates each argument of a compiled and/or/if at most once per evaluation', () => {
    let draws = 0;
    const context: EvaluationContext = {
      ...EXAMPLE_CONTEXT,
      random: () => {
        draws++;
        return 0;
      },
    };
    const result = evaluateTemplate(
      '@if(and(equals(rand(0, 2), 0), or(false, equals(rand(0, 2), 0))), rand(0, 2), rand(5, 6))',
      context,
    );
    expect(result.ok && stringifyJson(result.value)).toBe('0');
    expect(draws).toBe(3);
  });
});
