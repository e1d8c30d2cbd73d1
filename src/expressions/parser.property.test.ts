import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONTEXT } from './functions/example-context.js';
import {
  BUILTIN_FUNCTIONS,
  compileTemplate,
  ExpressionErrorCodes,
  parseTemplate,
  type Result,
} from './index.js';

const TOKENS = [
  '@',
  '@@',
  '@{',
  '}',
  '(',
  ')',
  "'",
  "''",
  ',',
  '.',
  '?.',
  '[',
  '?[',
  ']',
  ' ',
  '\n',
  '-',
  '1',
  '0',
  '42',
  '3.5',
  '1e9',
  '9223372036854775808',
  'true',
  'null',
  "'text'",
  "'@{'",
  'item()',
  'x',
  ...BUILTIN_FUNCTIONS.map((definition) => `${definition.name}(`),
];

/** Random text made of the grammar's own pieces, which reaches far deeper than random characters. */
const grammarSoup = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 40 })
  .map((parts) => parts.join(''));
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ maxLength: 60 }).map((s) => `@${s}`),
  grammarSoup,
);

function expectCodedOutcome(source: string, result: Result<unknown>): void {
  if (result.ok) return;
  expect(Object.keys(ExpressionErrorCodes)).toContain(result.error.code);
  expect(result.error.code).not.toBe('EXPR_INTERNAL');
  expect(result.error.message.length).toBeGreaterThan(10);
  expect(result.error.position.offset).toBeGreaterThanOrEqual(0);
  expect(result.error.position.offset).toBeLessThanOrEqual(source.length);
  expect(result.error.position.line).toBeGreaterThanOrEqual(1);
  expect(result.error.position.column).toBeGreaterThanOrEqual(1);
}

describe('the parser and evaluator on random input', () => {
  it('parse never throws and every failure is a coded error inside the source', () => {
    fc.assert(
      fc.property(anyText, (source) => {
        expectCodedOutcome(source, parseTemplate(source));
      }),
      { numRuns: 5_000 },
    );
  });

  it('compile and evaluate never throw, whatever the functions are given', () => {
    fc.assert(
      fc.property(grammarSoup, (source) => {
        const compiled = compileTemplate(source);
        expectCodedOutcome(source, compiled);
        if (compiled.ok) expectCodedOutcome(source, compiled.value.evaluate(EXAMPLE_CONTEXT));
      }),
      { numRuns: 5_000 },
    );
  });

  it('calls every function with random arguments without throwing', () => {
    const argument = fc.constantFrom(
      "''",
      "'abc'",
      "'2026-01-31T10:00:00Z'",
      '\'{"a":1}\'',
      "'<a>1</a>'",
      "'Pacific Standard Time'",
      "'yyyy-MM-dd'",
      '0',
      '1',
      '-1',
      '3.5',
      '-0.0',
      'true',
      'null',
      'createArray(1, 2)',
      'json(\'{"a":[1]}\')',
      '9223372036854775807',
      "'Day'",
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...BUILTIN_FUNCTIONS),
        fc.array(argument, { maxLength: 4 }),
        (definition, args) => {
          const source = `@${definition.name}(${args.join(', ')})`;
          const compiled = compileTemplate(source);
          expectCodedOutcome(source, compiled);
          if (compiled.ok) expectCodedOutcome(source, compiled.value.evaluate(EXAMPLE_CONTEXT));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
