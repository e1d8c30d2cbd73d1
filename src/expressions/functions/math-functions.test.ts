import { describe, expect, it } from 'vitest';
import { runCases } from '../../../test/support/expression-cases.js';
import type { EvaluationContext } from '../context.js';
import { evaluateTemplate, stringifyJson } from '../index.js';
import type { Value, ValueObject } from '../values.js';
import { EXAMPLE_CONTEXT } from './example-context.js';

/** Arrays of numbers built directly as values, so Floats such as 7.0 stay Floats. */
const ARRAYS_CONTEXT: EvaluationContext = {
  ...EXAMPLE_CONTEXT,
  variables: Object.freeze({
    scores: Object.freeze([3n, 1.5, 7n, 2n]),
    floats: Object.freeze([7, 7n, -0.5]),
    ints: Object.freeze([7n, 7, -1n]),
    single: Object.freeze([42n]),
    empty: Object.freeze([]),
    mixed: Object.freeze([1n, 'a']),
    withNull: Object.freeze([1n, null]),
    nested: Object.freeze([Object.freeze([1n])]),
  } satisfies Record<string, Value>) as ValueObject,
};

function withRandom(value: number): EvaluationContext {
  return { ...EXAMPLE_CONTEXT, random: () => value };
}

describe('add', () => {
  runCases([
    ['@add(1, 2)', '3'],
    ['@add(1, 1.5)', '2.5'],
    ['@add(1.5, 1)', '2.5'],
    ['@add(0.1, 0.2)', '0.30000000000000004'],
    ['@add(2.5, -2.5)', '0.0'],
    ['@add(-3, -4)', '-7'],
    ['@add(1.0, 2)', '3.0'],
    ["@add(variables('counter'), pipeline().parameters.batchSize)", '103'],
    ['@add(9223372036854775806, 1)', '9223372036854775807'],
    ['@add(-9223372036854775808, 9223372036854775807)', '-1'],
    ['@add(9007199254740993, 0)', '9007199254740993'],
    ['@add(9223372036854775807, 1)', { error: 'EXPR_OVERFLOW', column: 2 }],
    ['@add(-9223372036854775808, -1)', { error: 'EXPR_OVERFLOW' }],
    ['@add(9223372036854775807, 1.0)', '9223372036854776000.0'],
    ['@add(1.7976931348623157e308, 1.7976931348623157e308)', { error: 'EXPR_OVERFLOW' }],
    ['@add(1e999, 1)', '"Infinity"'],
    ["@add('1', 2)", { error: 'EXPR_ARGUMENT_TYPE', column: 6 }],
    ['@add(1, null)', { error: 'EXPR_ARGUMENT_TYPE', column: 9 }],
    ['@add(true, 1)', { error: 'EXPR_ARGUMENT_TYPE', column: 6 }],
    ['@add(1, pipeline().parameters.regions)', { error: 'EXPR_ARGUMENT_TYPE', column: 9 }],
    ['@add(1)', { error: 'EXPR_ARGUMENT_COUNT' }],
    ['@add(1, 2, 3)', { error: 'EXPR_ARGUMENT_COUNT' }],
    ['@ADD(1, 2)', '3'],
  ]);
});

describe('div', () => {
  runCases([
    ['@div(10, 5)', '2'],
    ['@div(11, 5)', '2'],
    ['@div(7, 2)', '3'],
    ['@div(-7, 2)', '-3'],
    ['@div(7, -2)', '-3'],
    ['@div(-7, -2)', '3'],
    ['@div(0, 5)', '0'],
    ['@div(7.0, 2)', '3.5'],
    ['@div(11, 5.0)', '2.2'],
    ['@div(1, 3.0)', '0.3333333333333333'],
    ['@div(-7.0, 2)', '-3.5'],
    ['@div(10.0, 5)', '2.0'],
    ['@div(-9223372036854775808, 1)', '-9223372036854775808'],
    ['@div(-9223372036854775808, -1)', { error: 'EXPR_OVERFLOW' }],
    ['@div(5, 0)', { error: 'EXPR_DIVISION_BY_ZERO', column: 9 }],
    ['@div(5.0, 0.0)', { error: 'EXPR_DIVISION_BY_ZERO', column: 11 }],
    ['@div(0, 0.0)', { error: 'EXPR_DIVISION_BY_ZERO' }],
    ['@div(5, -0.0)', { error: 'EXPR_DIVISION_BY_ZERO' }],
    ['@div(1e300, 1e-300)', { error: 'EXPR_OVERFLOW' }],
    ["@div('10', 2)", { error: 'EXPR_ARGUMENT_TYPE', column: 6 }],
    ['@div(10, null)', { error: 'EXPR_ARGUMENT_TYPE', column: 10 }],
    ['@div(10)', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('max', () => {
  runCases(
    [
      ['@max(1, 2, 3)', '3'],
      ['@max(3)', '3'],
      ['@max(-1, -5)', '-1'],
      ['@max(1, 2.5)', '2.5'],
      ['@max(2, 2.0)', '2'],
      ['@max(2.0, 2)', '2.0'],
      ['@max(9007199254740992.0, 9007199254740993)', '9007199254740993'],
      ['@max(-9223372036854775808, 9223372036854775807)', '9223372036854775807'],
      ['@max(range(1, 4))', '4'],
      ["@max(variables('scores'))", '7'],
      ["@max(variables('floats'))", '7.0'],
      ["@max(variables('ints'))", '7'],
      ["@max(variables('single'))", '42'],
      ["@max(variables('empty'))", { error: 'EXPR_INVALID_ARGUMENT', column: 6 }],
      ["@max(variables('mixed'))", { error: 'EXPR_ARGUMENT_TYPE', column: 6 }],
      ["@max(variables('withNull'))", { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@max(variables('nested'))", { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@max(1, 'a')", { error: 'EXPR_ARGUMENT_TYPE', column: 9 }],
      ['@max(null)', { error: 'EXPR_ARGUMENT_TYPE', column: 6 }],
      ["@max('5')", { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@max(range(1, 2), 3)', { error: 'EXPR_ARGUMENT_TYPE', column: 6 }],
      ['@max(3, range(1, 2))', { error: 'EXPR_ARGUMENT_TYPE', column: 9 }],
      ['@max()', { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    ARRAYS_CONTEXT,
  );
});

describe('min', () => {
  runCases(
    [
      ['@min(1, 2, 3)', '1'],
      ['@min(3)', '3'],
      ['@min(-1, -5)', '-5'],
      ['@min(1, 0.5)', '0.5'],
      ['@min(2, 2.0)', '2'],
      ['@min(2.0, 2)', '2.0'],
      ['@min(9007199254740993.0, 9007199254740993)', '9007199254740992.0'],
      ['@min(range(3, 4))', '3'],
      ["@min(variables('scores'))", '1.5'],
      ["@min(variables('floats'))", '-0.5'],
      ["@min(variables('ints'))", '-1'],
      ["@min(variables('empty'))", { error: 'EXPR_INVALID_ARGUMENT' }],
      ["@min(variables('mixed'))", { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@min(1, true)', { error: 'EXPR_ARGUMENT_TYPE', column: 9 }],
      ['@min()', { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    ARRAYS_CONTEXT,
  );
});

describe('mod', () => {
  runCases([
    ['@mod(3, 2)', '1'],
    ['@mod(6, 3)', '0'],
    ['@mod(-5, 2)', '-1'],
    ['@mod(4, -3)', '1'],
    ['@mod(-7, -2)', '-1'],
    ['@mod(0, 7)', '0'],
    ['@mod(7.5, 2)', '1.5'],
    ['@mod(-7.5, 2)', '-1.5'],
    ['@mod(7, 2.5)', '2.0'],
    ['@mod(9223372036854775807, 2)', '1'],
    ['@mod(-9223372036854775808, -1)', '0'],
    ['@mod(5, 0)', { error: 'EXPR_DIVISION_BY_ZERO', column: 9 }],
    ['@mod(5.5, 0.0)', { error: 'EXPR_DIVISION_BY_ZERO' }],
    ["@mod('5', 2)", { error: 'EXPR_ARGUMENT_TYPE', column: 6 }],
    ['@mod(5)', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('mul', () => {
  runCases([
    ['@mul(1, 2)', '2'],
    ['@mul(1.5, 2)', '3.0'],
    ['@mul(-4, 5)', '-20'],
    ['@mul(0, -5)', '0'],
    ['@mul(0.1, 3)', '0.30000000000000004'],
    ['@mul(3037000499, 3037000499)', '9223372030926249001'],
    ['@mul(4294967296, 4294967296)', { error: 'EXPR_OVERFLOW', column: 2 }],
    ['@mul(-9223372036854775808, -1)', { error: 'EXPR_OVERFLOW' }],
    ['@mul(4294967296, 4294967296.0)', '18446744073709552000.0'],
    ['@mul(1e200, 1e200)', { error: 'EXPR_OVERFLOW' }],
    ['@mul(2, null)', { error: 'EXPR_ARGUMENT_TYPE', column: 9 }],
    ['@mul(2, 3, 4)', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('rand', () => {
  runCases([
    ['@rand(1, 5)', '2'],
    ['@rand(0, 100)', '25'],
    ['@rand(-10, 10)', '-5'],
    ['@rand(7, 8)', '7'],
    ['@rand(5, 5)', { error: 'EXPR_INVALID_ARGUMENT', column: 10 }],
    ['@rand(6, 5)', { error: 'EXPR_INVALID_ARGUMENT' }],
    ['@rand(1.0, 5)', { error: 'EXPR_ARGUMENT_TYPE', column: 7 }],
    ["@rand(1, '5')", { error: 'EXPR_ARGUMENT_TYPE', column: 10 }],
    ['@rand(null, 5)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@rand(1)', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);

  describe('at the ends of the random source', () => {
    runCases([['@rand(3, 9)', '3']], withRandom(0));
    runCases(
      [
        ['@rand(3, 9)', '8'],
        ['@rand(-9223372036854775808, 9223372036854775807)', '9223372036854773760'],
      ],
      withRandom(0.9999999999999999),
    );
    runCases([['@rand(-9223372036854775808, 9223372036854775807)', '0']], withRandom(0.5));
    runCases([['@rand(3, 9)', '3']], withRandom(1));
    runCases([['@rand(3, 9)', '3']], withRandom(Number.NaN));
  });

  it('uses Math.random when the context has no random source', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const result = evaluateTemplate('@rand(0, 3)', {});
      expect(result.ok).toBe(true);
      if (result.ok) seen.add(stringifyJson(result.value));
    }
    expect([...seen].sort()).toEqual(['0', '1', '2']);
  });
});

describe('range', () => {
  runCases([
    ['@range(1, 4)', '[1,2,3,4]'],
    ['@range(0, 0)', '[]'],
    ['@range(-2, 3)', '[-2,-1,0]'],
    ['@range(5, 1)', '[5]'],
    ["@range(0, variables('counter'))", '[0,1,2]'],
    ['@range(2147483646, 1)', '[2147483646]'],
    ['@range(-2147483648, 2)', '[-2147483648,-2147483647]'],
    ['@range(0, -1)', { error: 'EXPR_INVALID_ARGUMENT', column: 11 }],
    ['@range(0, 100001)', { error: 'EXPR_INVALID_ARGUMENT', column: 11 }],
    ['@range(2147483647, 1)', { error: 'EXPR_INVALID_ARGUMENT', column: 8 }],
    ['@range(-2147483649, 1)', { error: 'EXPR_INVALID_ARGUMENT', column: 8 }],
    ['@range(0, 9223372036854775807)', { error: 'EXPR_INVALID_ARGUMENT' }],
    ['@range(1.0, 2)', { error: 'EXPR_ARGUMENT_TYPE', column: 8 }],
    ["@range(0, '3')", { error: 'EXPR_ARGUMENT_TYPE', column: 11 }],
    ['@range(null, 1)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@range(1)', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);

  it('returns up to 100,000 consecutive Integers', () => {
    const result = evaluateTemplate('@range(10, 100000)', {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const items = result.value as readonly Value[];
    expect(items).toHaveLength(100000);
    expect(items[0]).toBe(10n);
    expect(items[99999]).toBe(100009n);
  });
});

describe('sub', () => {
  runCases([
    ['@sub(10, 3)', '7'],
    ['@sub(3, 10)', '-7'],
    ['@sub(10.5, 0.5)', '10.0'],
    ['@sub(10.3, 0.3)', '10.0'],
    ['@sub(10, 0.5)', '9.5'],
    ["@sub(activity('LookupConfig').output.firstRow.rows, 1)", '9856'],
    ['@sub(-9223372036854775807, 1)', '-9223372036854775808'],
    ['@sub(-9223372036854775808, 1)', { error: 'EXPR_OVERFLOW', column: 2 }],
    ['@sub(0, -9223372036854775808)', { error: 'EXPR_OVERFLOW' }],
    ['@sub(-1.7976931348623157e308, 1.7976931348623157e308)', { error: 'EXPR_OVERFLOW' }],
    ["@sub(10, '3')", { error: 'EXPR_ARGUMENT_TYPE', column: 10 }],
    ['@sub(10)', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});
