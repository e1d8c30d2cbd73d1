/**
 * Public API of the expression language. Parse once with {@link compileTemplate}, evaluate many
 * times; nothing here throws: failures come back as coded {@link ExpressionErrorData}.
 */
import type { Template } from './ast.js';
import type { EvaluationContext } from './context.js';
import { EMPTY_CONTEXT } from './context.js';
import { compileTemplateNode, type Evaluate } from './evaluator.js';
import { ExpressionFailure, toErrorData, type ExpressionErrorData } from './expression-error.js';
import { parseTemplateOrThrow } from './parser.js';
import type { Value } from './values.js';

export type { ExpressionNode, ExpressionNodeKind, Template, TemplatePart } from './ast.js';
export type { EvaluationContext } from './context.js';
export {
  ExpressionErrorCodes,
  formatExpressionError,
  type ExpressionErrorCode,
  type ExpressionErrorData,
  type SourcePosition,
} from './expression-error.js';
export { BUILTIN_FUNCTIONS, lookupFunction } from './functions/builtin-functions.js';
export type { FunctionDefinition, FunctionFamily } from './functions/function-definition.js';
export { valueToString } from './value-to-string.js';
export { templateExpressions } from './template-expressions.js';
export {
  BinaryValue,
  fromJson,
  stringifyJson,
  toJson,
  typeOf,
  type Value,
  type ValueObject,
  type ValueType,
} from './values.js';

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ExpressionErrorData };

export interface CompiledTemplate {
  readonly source: string;
  readonly template: Template;
  /** True when the source holds no expression at all (plain text, or `@@` escaped). */
  readonly isText: boolean;
  evaluate(context?: EvaluationContext): Result<Value>;
}

/** True when ADF would evaluate this JSON string value (it starts with `@` or holds `@{`). */
export function isExpression(source: string): boolean {
  return (source.startsWith('@') && !source.startsWith('@@')) || source.includes('@{');
}

export function parseTemplate(source: string): Result<Template> {
  try {
    return { ok: true, value: parseTemplateOrThrow(source) };
  } catch (caught) {
    return { ok: false, error: asErrorData(source, caught) };
  }
}

/** Parses and checks a template (unknown functions, argument counts) without evaluating it. */
export function compileTemplate(source: string): Result<CompiledTemplate> {
  let template: Template;
  let evaluateTemplate: Evaluate;
  try {
    template = parseTemplateOrThrow(source);
    evaluateTemplate = compileTemplateNode(template);
  } catch (caught) {
    return { ok: false, error: asErrorData(source, caught) };
  }
  const compiled: CompiledTemplate = Object.freeze({
    source,
    template,
    isText: template.kind === 'text',
    evaluate(context: EvaluationContext = EMPTY_CONTEXT): Result<Value> {
      try {
        return { ok: true, value: evaluateTemplate(context) };
      } catch (caught) {
        return { ok: false, error: asErrorData(source, caught) };
      }
    },
  });
  return { ok: true, value: compiled };
}

/** Compiles and evaluates in one go; prefer {@link compileTemplate} when evaluating repeatedly. */
export function evaluateTemplate(
  source: string,
  context: EvaluationContext = EMPTY_CONTEXT,
): Result<Value> {
  const compiled = compileTemplate(source);
  return compiled.ok ? compiled.value.evaluate(context) : compiled;
}

function asErrorData(source: string, caught: unknown): ExpressionErrorData {
  if (caught instanceof ExpressionFailure) return toErrorData(source, caught);
  const reason =
    caught instanceof RangeError
      ? 'the expression is too large or too deeply nested'
      : String(caught);
  return toErrorData(
    source,
    new ExpressionFailure(
      'EXPR_INTERNAL',
      `The evaluator failed unexpectedly (${reason}); please report this expression.`,
      { start: 0, end: source.length },
    ),
  );
}
