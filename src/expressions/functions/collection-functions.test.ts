import { describe, expect, it } from 'vitest';
import { runCases } from '../../../test/support/expression-cases.js';
import type { EvaluationContext } from '../context.js';
import { evaluateTemplate, stringifyJson } from '../index.js';
import { BinaryValue, type Value, type ValueObject } from '../values.js';
import { EXAMPLE_CONTEXT } from './example-context.js';
import { MAX_STRING_LENGTH } from './string-functions.js';

const freeze = <T extends object>(value: T): T => Object.freeze(value);

/** Values built directly, so that Floats such as 1.0 stay Floats and the shapes are exact. */
const CONTEXT: EvaluationContext = {
  ...EXAMPLE_CONTEXT,
  variables: freeze({
    none: freeze([]),
    nums: freeze([1n, 2n, 3n]),
    more: freeze([101n, 2n, 1n, 10n]),
    third: freeze([6n, 8n, 1n, 2n]),
    floats: freeze([1, 2.5]),
    dupes: freeze(['a', 'b', 'a', 'B']),
    mixed: freeze([1n, 'a', null, true, freeze({ id: 1n }), freeze([1n, 2n])]),
    rows: freeze([freeze({ id: 1n, name: 'x' }), freeze({ id: 2n, name: 'y' })]),
    rowsAgain: freeze([freeze({ NAME: 'y', id: 2 }), freeze({ id: 3n })]),
    nested: freeze([freeze([1n]), freeze([2n])]),
    objA: freeze({ a: 1n, b: 2n, c: 3n }),
    objB: freeze({ b: 2n, c: 4n, d: 5n }),
    objC: freeze({ c: 4n, b: 2.0 }),
    objUpper: freeze({ A: 1n }),
    emptyObj: freeze({}),
    nothing: null,
    float: 1.5,
    flag: true,
    blob: new BinaryValue(new TextEncoder().encode('hi')),
    halves: freeze(['x'.repeat(MAX_STRING_LENGTH / 2), 'x'.repeat(MAX_STRING_LENGTH / 2)]),
    big: freeze(Array.from({ length: 20_000 }, (_, i) => BigInt(i % 10_000))),
  } satisfies Record<string, Value>) as ValueObject,
};

describe('contains', () => {
  runCases(
    [
      ["@contains('hello world', 'world')", 'true'],
      ["@contains('hello world', 'universe')", 'false'],
      ["@contains('hello world', 'WORLD')", 'false'],
      ["@contains('hello world', '')", 'true'],
      ["@contains('', '')", 'true'],
      ["@contains('', 'a')", 'false'],
      ["@contains('abc123', 123)", 'true'],
      ["@contains('is True', variables('flag'))", 'true'],
      ["@contains('abc', null)", 'false'],
      ["@contains('😀x', '😀')", 'true'],
      ["@contains(variables('nums'), 2)", 'true'],
      ["@contains(variables('nums'), 2.0)", 'true'],
      ["@contains(variables('nums'), '2')", 'false'],
      ["@contains(variables('nums'), 4)", 'false'],
      ["@contains(variables('floats'), 1)", 'true'],
      ["@contains(variables('dupes'), 'A')", 'false'],
      ["@contains(variables('mixed'), null)", 'true'],
      ["@contains(variables('nums'), null)", 'false'],
      ["@contains(variables('mixed'), true)", 'true'],
      ["@contains(variables('mixed'), variables('rows')[0])", 'false'],
      ["@contains(variables('rows'), variables('rowsAgain')[0])", 'true'],
      ["@contains(variables('nested'), variables('nums'))", 'false'],
      ["@contains(variables('mixed'), variables('mixed')[5])", 'true'],
      ["@contains(variables('none'), 1)", 'false'],
      ["@contains(variables('objA'), 'a')", 'true'],
      ["@contains(variables('objA'), 'A')", 'false'],
      ["@contains(variables('objA'), 'z')", 'false'],
      ["@contains(variables('objA'), null)", 'false'],
      ["@contains(variables('emptyObj'), 'a')", 'false'],
      ["@contains(variables('objA'), 'toString')", 'false'],
      ["@contains('abc', variables('nums'))", { error: 'EXPR_ARGUMENT_TYPE', column: 18 }],
      ["@contains(variables('objA'), variables('objA'))", { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@contains(null, 'a')", { error: 'EXPR_ARGUMENT_TYPE', column: 11 }],
      ["@contains(123, '1')", { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@contains(variables('blob'), 'h')", { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@contains('abc')", { error: 'EXPR_ARGUMENT_COUNT' }],
      ["@contains('abc', 'a', 'b')", { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    CONTEXT,
  );
});

describe('empty', () => {
  runCases(
    [
      ["@empty('')", 'true'],
      ["@empty('abc')", 'false'],
      ["@empty(' ')", 'false'],
      ["@empty(variables('none'))", 'true'],
      ["@empty(variables('nums'))", 'false'],
      ["@empty(variables('emptyObj'))", 'true'],
      ["@empty(variables('objA'))", 'false'],
      ['@empty(null)', 'true'],
      ["@empty(variables('nothing'))", 'true'],
      ['@empty(pipeline().parameters?.missing)', 'true'],
      ['@empty(0)', { error: 'EXPR_ARGUMENT_TYPE', column: 8 }],
      ['@empty(false)', { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@empty(variables('float'))", { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@empty(variables('blob'))", { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@empty()', { error: 'EXPR_ARGUMENT_COUNT' }],
      ["@empty('a', 'b')", { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    CONTEXT,
  );
});

describe('first', () => {
  runCases(
    [
      ["@first('hello')", '"h"'],
      ["@first(variables('nums'))", '1'],
      ["@first(variables('floats'))", '1.0'],
      ["@first(variables('rows'))", '{"id":1,"name":"x"}'],
      ["@first(variables('mixed')[5])", '1'],
      ["@first('')", 'null'],
      ["@first(variables('none'))", 'null'],
      ["@first(variables('none'))?.id", 'null'],
      ["@first('😀')", '"\\ud83d"'],
      ["@first(variables('objA'))", { error: 'EXPR_ARGUMENT_TYPE', column: 8 }],
      ['@first(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@first(12)', { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@first()', { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    CONTEXT,
  );
});

describe('intersection', () => {
  runCases(
    [
      ["@intersection(variables('nums'), variables('more'), variables('third'))", '[1,2]'],
      ["@intersection(variables('more'), variables('nums'))", '[2,1]'],
      ["@intersection(variables('nums'), variables('floats'))", '[1]'],
      ["@intersection(variables('floats'), variables('nums'))", '[1.0]'],
      ["@intersection(variables('dupes'), variables('dupes'))", '["a","b","B"]'],
      ["@intersection(variables('dupes'))", '["a","b","B"]'],
      ["@intersection(variables('nums'), variables('none'))", '[]'],
      ["@intersection(variables('none'), variables('nums'))", '[]'],
      ["@intersection(variables('rows'), variables('rowsAgain'))", '[{"id":2,"name":"y"}]'],
      ["@intersection(variables('mixed'), variables('mixed'))", '[1,"a",null,true,{"id":1},[1,2]]'],
      ["@intersection(variables('big'), variables('nums'))", '[1,2,3]'],
      ["@length(intersection(variables('big'), variables('big')))", '10000'],
      ["@intersection(variables('objA'), variables('objB'))", '{"b":2}'],
      ["@intersection(variables('objA'), variables('objB'), variables('objC'))", '{"b":2.0}'],
      ["@intersection(variables('objB'), variables('objC'))", '{"b":2.0,"c":4}'],
      ["@intersection(variables('objA'), variables('objUpper'))", '{}'],
      ["@intersection(variables('objA'), variables('emptyObj'))", '{}'],
      [
        "@intersection(variables('nums'), variables('objA'))",
        { error: 'EXPR_ARGUMENT_TYPE', column: 34 },
      ],
      ["@intersection(variables('objA'), variables('nums'))", { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@intersection('abc', 'abd')", { error: 'EXPR_ARGUMENT_TYPE', column: 15 }],
      ["@intersection(variables('nums'), null)", { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@intersection()', { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    CONTEXT,
  );
});

describe('join', () => {
  runCases(
    [
      ["@join(variables('dupes'), '.')", '"a.b.a.B"'],
      ["@join(variables('nums'), ', ')", '"1, 2, 3"'],
      ["@join(variables('nums'), '')", '"123"'],
      ["@join(variables('none'), ',')", '""'],
      ["@join(variables('floats'), ';')", '"1;2.5"'],
      ["@join(variables('mixed'), '|')", '"1|a||True|{\\"id\\":1}|[1,2]"'],
      ["@join(split('a😀b', '😀'), '😀')", '"a😀b"'],
      ["@length(join(variables('halves'), ''))", String(MAX_STRING_LENGTH)],
      ["@join(variables('halves'), ',')", { error: 'EXPR_INVALID_ARGUMENT' }],
      ["@join('abc', ',')", { error: 'EXPR_ARGUMENT_TYPE', column: 7 }],
      ["@join(variables('nums'), null)", { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@join(variables('nums'), 1)", { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@join(variables('nums'))", { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    CONTEXT,
  );
});

describe('last', () => {
  runCases(
    [
      ["@last('abcd')", '"d"'],
      ["@last(variables('nums'))", '3'],
      ["@last(variables('floats'))", '2.5'],
      ["@last(variables('mixed'))", '[1,2]'],
      ["@last('')", 'null'],
      ["@last(variables('none'))", 'null'],
      ["@last('a😀')", '"\\ude00"'],
      ["@last(variables('objA'))", { error: 'EXPR_ARGUMENT_TYPE', column: 7 }],
      ['@last(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@last(true)', { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@last('a', 'b')", { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    CONTEXT,
  );
});

describe('length', () => {
  runCases(
    [
      ["@length('abcd')", '4'],
      ["@length(variables('nums'))", '3'],
      ["@length('')", '0'],
      ["@length(variables('none'))", '0'],
      ["@length('😀')", '2'],
      ["@length('é')", '1'],
      ["@length(variables('mixed'))", '6'],
      ["@length(variables('objA'))", { error: 'EXPR_ARGUMENT_TYPE', column: 9 }],
      ['@length(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@length(10)', { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@length(variables('blob'))", { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@length()', { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    CONTEXT,
  );
});

describe('skip', () => {
  runCases(
    [
      ["@skip(variables('nums'), 1)", '[2,3]'],
      ["@skip(variables('nums'), 0)", '[1,2,3]'],
      ["@skip(variables('nums'), 3)", '[]'],
      ["@skip(variables('nums'), 4)", '[]'],
      ["@skip(variables('nums'), -1)", '[1,2,3]'],
      ["@skip(variables('nums'), 9223372036854775807)", '[]'],
      ["@skip(variables('nums'), -9223372036854775808)", '[1,2,3]'],
      ["@skip(variables('none'), 1)", '[]'],
      ["@skip('abcde', 2)", '"cde"'],
      ["@skip('abcde', 9)", '""'],
      ["@skip('abcde', -2)", '"abcde"'],
      ["@skip(variables('objA'), 1)", { error: 'EXPR_ARGUMENT_TYPE', column: 7 }],
      ["@skip(variables('nums'), 1.0)", { error: 'EXPR_ARGUMENT_TYPE', column: 26 }],
      ["@skip(variables('nums'), '1')", { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@skip(null, 1)', { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@skip(variables('nums'))", { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    CONTEXT,
  );

  it('does not change its input', () => {
    const result = evaluateTemplate("@skip(variables('nums'), 1)", CONTEXT);
    expect(result.ok && Object.isFrozen(result.value)).toBe(true);
    expect(stringifyJson((CONTEXT.variables as ValueObject)['nums'] as Value)).toBe('[1,2,3]');
  });
});

describe('take', () => {
  runCases(
    [
      ["@take('abcde', 3)", '"abc"'],
      ["@take(variables('nums'), 2)", '[1,2]'],
      ["@take(variables('nums'), 0)", '[]'],
      ["@take(variables('nums'), 3)", '[1,2,3]'],
      ["@take(variables('nums'), 10)", '[1,2,3]'],
      ["@take(variables('nums'), -1)", '[]'],
      ["@take(variables('nums'), 9223372036854775807)", '[1,2,3]'],
      ["@take(variables('none'), 2)", '[]'],
      ["@take('abcde', 0)", '""'],
      ["@take('abcde', 99)", '"abcde"'],
      ["@take('abcde', -3)", '""'],
      ["@take('😀x', 1)", '"\\ud83d"'],
      ["@take(variables('objA'), 1)", { error: 'EXPR_ARGUMENT_TYPE', column: 7 }],
      ["@take('abc', null)", { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@take('abc', 1.5)", { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@take(null, 1)', { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@take('abc', 1, 2)", { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    CONTEXT,
  );
});

describe('union', () => {
  runCases(
    [
      ["@union(variables('nums'), variables('more'))", '[1,2,3,101,10]'],
      ["@union(variables('nums'), variables('more'), variables('third'))", '[1,2,3,101,10,6,8]'],
      ["@union(variables('dupes'))", '["a","b","B"]'],
      ["@union(variables('floats'), variables('nums'))", '[1.0,2.5,2,3]'],
      ["@union(variables('none'), variables('none'))", '[]'],
      ["@union(variables('none'), variables('nums'))", '[1,2,3]'],
      [
        "@union(variables('rows'), variables('rowsAgain'))",
        '[{"id":1,"name":"x"},{"id":2,"name":"y"},{"id":3}]',
      ],
      ["@union(variables('mixed'), variables('mixed'))", '[1,"a",null,true,{"id":1},[1,2]]'],
      ["@union(variables('nested'), variables('nested'))", '[[1],[2]]'],
      ["@length(union(variables('big'), variables('nums')))", '10000'],
      ["@union(variables('objA'), variables('objB'))", '{"a":1,"b":2,"c":4,"d":5}'],
      ["@union(variables('objB'), variables('objA'))", '{"b":2,"c":3,"d":5,"a":1}'],
      ["@union(variables('objA'), variables('objC'))", '{"a":1,"b":2.0,"c":4}'],
      ["@union(variables('objA'), variables('objUpper'))", '{"a":1,"b":2,"c":3,"A":1}'],
      ["@union(variables('emptyObj'), variables('emptyObj'))", '{}'],
      ["@union(variables('objA'))", '{"a":1,"b":2,"c":3}'],
      ["@union(variables('nums'), variables('objA'))", { error: 'EXPR_ARGUMENT_TYPE', column: 27 }],
      ["@union(variables('objA'), variables('nums'))", { error: 'EXPR_ARGUMENT_TYPE' }],
      ["@union('ab', 'cd')", { error: 'EXPR_ARGUMENT_TYPE', column: 8 }],
      ["@union(variables('nums'), null)", { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@union()', { error: 'EXPR_ARGUMENT_COUNT' }],
    ],
    CONTEXT,
  );

  it('keeps a __proto__ key as an ordinary property', () => {
    const context: EvaluationContext = {
      ...EXAMPLE_CONTEXT,
      variables: freeze({
        a: JSON.parse('{"__proto__": {"x": 1}}') as ValueObject,
        b: freeze({ y: 2n }),
      }) as ValueObject,
    };
    const result = evaluateTemplate("@union(variables('a'), variables('b'))", context);
    expect(result.ok && Object.keys(result.value as ValueObject)).toEqual(['__proto__', 'y']);
  });
});
