/**
 * Checks an expression field's text as the server will when the pipeline runs: syntax (with the
 * repository's own parser), function names and argument counts (from the function catalogue),
 * and, when the pipeline's parameters are known, `pipeline().parameters.<name>`. The first problem
 * comes back with its position, for the underline and the "at column N" message.
 */
import type { ExpressionNode } from '../../../src/expressions/ast.js';
import {
  ExpressionFailure,
  positionOf,
  type ExpressionErrorCode,
  type Span,
} from '../../../src/expressions/expression-error.js';
import { parseTemplateOrThrow } from '../../../src/expressions/parser.js';
import { templateExpressions } from '../../../src/expressions/template-expressions.js';
import { isExpressionText } from './expression-value.js';
import { lookupCatalogueFunction } from './function-catalogue.js';

export interface ExpressionProblem {
  readonly code: ExpressionErrorCode;
  readonly message: string;
  /** 0-based offset into the text and length of the faulty part (may be 0 at the end). */
  readonly offset: number;
  readonly length: number;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
}

export interface ExpressionScope {
  /** The pipeline's parameter names; when given, unknown `pipeline().parameters.x` is a problem. */
  readonly parameters?: readonly string[];
}

export function checkExpressionText(
  text: string,
  scope: ExpressionScope = {},
): ExpressionProblem | undefined {
  if (!isExpressionText(text)) return undefined;
  try {
    const template = parseTemplateOrThrow(text);
    for (const body of templateExpressions(template)) checkNode(body, scope);
    return undefined;
  } catch (caught) {
    if (!(caught instanceof ExpressionFailure)) {
      const message =
        caught instanceof RangeError
          ? 'The expression is too large or too deeply nested.'
          : String(caught);
      return problemAt(text, 'EXPR_INTERNAL', message, { start: 0, end: text.length });
    }
    return problemAt(text, caught.code, caught.message, caught.span);
  }
}

/** "… (at column 12)", or "(at line 2, column 3)" for text over several lines. */
export function describeProblem(problem: ExpressionProblem): string {
  const where =
    problem.line > 1
      ? `line ${problem.line}, column ${problem.column}`
      : `column ${problem.column}`;
  return `${problem.message} (at ${where})`;
}

/** The characters to underline: at least one, even for a problem at the very end. */
export function underlineRange(
  problem: ExpressionProblem,
  textLength: number,
): { readonly from: number; readonly to: number } {
  const from = Math.min(problem.offset, textLength);
  const to = Math.min(from + problem.length, textLength);
  if (to > from) return { from, to };
  if (from < textLength) return { from, to: from + 1 };
  return { from: Math.max(0, textLength - 1), to: textLength };
}

function problemAt(
  text: string,
  code: ExpressionErrorCode,
  message: string,
  span: Span,
): ExpressionProblem {
  const position = positionOf(text, span);
  return {
    code,
    message,
    offset: position.offset,
    length: position.length,
    line: position.line,
    column: position.column,
  };
}

function checkNode(node: ExpressionNode, scope: ExpressionScope): void {
  switch (node.kind) {
    case 'string':
    case 'integer':
    case 'float':
    case 'boolean':
    case 'null':
      return;
    case 'call':
      checkCall(node);
      for (const arg of node.args) checkNode(arg, scope);
      return;
    case 'property':
      checkParameter(node, scope);
      checkNode(node.target, scope);
      return;
    case 'index':
      checkNode(node.target, scope);
      checkNode(node.index, scope);
      return;
  }
}

function checkCall(call: Extract<ExpressionNode, { kind: 'call' }>): void {
  const definition = lookupCatalogueFunction(call.name);
  if (definition === undefined)
    throw new ExpressionFailure(
      'EXPR_UNKNOWN_FUNCTION',
      `The function '${call.name}' is not a built-in function; see docs/expressions.md for the list (names ignore case).`,
      call.nameSpan,
    );
  const { minArgs, maxArgs } = definition;
  const count = call.args.length;
  if (count >= minArgs && (maxArgs < 0 || count <= maxArgs)) return;
  const expected =
    maxArgs < 0
      ? `at least ${minArgs}`
      : minArgs === maxArgs
        ? `${minArgs}`
        : `${minArgs} to ${maxArgs}`;
  const parameters = definition.signature.slice(0, definition.signature.lastIndexOf(':'));
  throw new ExpressionFailure(
    'EXPR_ARGUMENT_COUNT',
    `The function '${definition.name}' takes ${expected} argument${expected === '1' ? '' : 's'} but was given ${count}: ${parameters}.`,
    call.span,
  );
}

/** `pipeline().parameters.<name>` (or `?.`) naming a parameter the pipeline does not declare. */
function checkParameter(
  node: Extract<ExpressionNode, { kind: 'property' }>,
  scope: ExpressionScope,
): void {
  if (scope.parameters === undefined) return;
  const parameters = node.target;
  if (parameters.kind !== 'property' || parameters.name.toLowerCase() !== 'parameters') return;
  const pipeline = parameters.target;
  if (pipeline.kind !== 'call' || pipeline.name.toLowerCase() !== 'pipeline') return;
  const wanted = node.name.toLowerCase();
  if (scope.parameters.some((name) => name.toLowerCase() === wanted)) return;
  const declared = scope.parameters.length === 0 ? 'none' : `'${scope.parameters.join("', '")}'`;
  throw new ExpressionFailure(
    'EXPR_UNKNOWN_PARAMETER',
    `The pipeline has no parameter '${node.name}' (declared: ${declared}); add it under the pipeline's parameters or fix the name.`,
    node.nameSpan,
  );
}
