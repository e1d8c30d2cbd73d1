/**
 * The web UI's expression field checks expressions without the evaluator (which needs Node): its
 * function catalogue must match the built-in functions, and its verdicts must match what
 * `compileTemplate` says when the pipeline runs, at the same position.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderWebFunctionCatalogue } from '../../scripts/render-web-function-catalogue.js';
import { compileTemplate, isExpression } from '../../src/expressions/index.js';
import { checkExpressionText } from '../../web/src/expression-editor/expression-check.js';
import { isExpressionText } from '../../web/src/expression-editor/expression-value.js';

describe('the expression field’s function catalogue', () => {
  it('is up to date with src/expressions/functions (run `npm run docs` to regenerate)', () => {
    const path = new URL(
      '../../web/src/expression-editor/function-catalogue.json',
      import.meta.url,
    );
    expect(readFileSync(path, 'utf8')).toBe(renderWebFunctionCatalogue());
  });
});

describe('the expression field’s check', () => {
  const sources = [
    "@concat('a', pipeline().RunId)",
    "@concat('a' 'b')",
    '@concat(',
    '@',
    '@ ',
    "@'unclosed",
    '@pipeline',
    '@pipeline().parameters.x[',
    '@add(1)',
    '@add(1, 2, 3)',
    '@nosuchfunction()',
    "@if(equals(1, 1), 'a')",
    '@coalesce()',
    '@createArray(1, 2, 3, 4, 5)',
    "x-@{substring('abc')}",
    'x-@{pipeline().RunId',
    'x-@{}',
    '@{utcNow()} and @{toUpper()}',
    '@@(literal',
    'plain',
    'mail@example.com',
    '@99999999999999999999',
    '@1abc',
    "@utcNow('yyyy')",
    "@activity('A').output?.value[0]",
    '@concat(\n  bad)',
  ];

  it.each(sources)('agrees with compileTemplate on %j', (source) => {
    const compiled = compileTemplate(source);
    const problem = checkExpressionText(source);
    if (compiled.ok) {
      expect(problem).toBeUndefined();
    } else {
      expect(problem).toEqual({
        code: compiled.error.code,
        message: compiled.error.message,
        ...compiled.error.position,
      });
    }
  });

  it.each(sources)('detects expressions as the engine does: %j', (source) => {
    expect(isExpressionText(source)).toBe(isExpression(source));
  });
});
