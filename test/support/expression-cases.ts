/**
 * Table-driven expression tests: each case is an expression (a whole JSON string value, `@`
 * included) and either its result as `stringifyJson` writes it, or the error code (and optionally
 * the 1-based column) it must fail with.
 */
import { expect, it } from 'vitest';
import type { EvaluationContext } from '../../src/expressions/context.js';
import { EXAMPLE_CONTEXT } from '../../src/expressions/functions/example-context.js';
import {
  evaluateTemplate,
  stringifyJson,
  type ExpressionErrorCode,
} from '../../src/expressions/index.js';

export type ExpressionCase =
  | readonly [expression: string, result: string]
  | readonly [
      expression: string,
      error: { readonly error: ExpressionErrorCode; readonly column?: number },
    ];

export function runCases(
  cases: readonly ExpressionCase[],
  context: EvaluationContext = EXAMPLE_CONTEXT,
): void {
  for (const [expression, expected] of cases) {
    const label =
      typeof expected === 'string'
        ? `${expression} → ${expected}`
        : `${expression} fails with ${expected.error}`;
    it(label, () => {
      const result = evaluateTemplate(expression, context);
      if (typeof expected === 'string') {
        expect(result.ok ? stringifyJson(result.value) : result.error).toEqual(expected);
      } else {
        expect(result.ok ? stringifyJson(result.value) : result.error.code).toEqual(expected.error);
        if (!result.ok && expected.column !== undefined)
          expect(result.error.position.column).toBe(expected.column);
        if (!result.ok) expect(result.error.message.length).toBeGreaterThan(10);
      }
    });
  }
}
