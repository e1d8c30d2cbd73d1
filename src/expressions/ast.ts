/**
 * The expression syntax tree. Every node is frozen, has one `kind` and a source span (offsets into
 * the whole JSON string value, `@` included), so that errors point at the exact characters.
 */
import type { Span } from './expression-error.js';

export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
  readonly span: Span;
}

export interface IntegerLiteral {
  readonly kind: 'integer';
  readonly value: bigint;
  readonly span: Span;
}

export interface FloatLiteral {
  readonly kind: 'float';
  readonly value: number;
  readonly span: Span;
}

export interface BooleanLiteral {
  readonly kind: 'boolean';
  readonly value: boolean;
  readonly span: Span;
}

export interface NullLiteral {
  readonly kind: 'null';
  readonly span: Span;
}

/** `name(args…)`; `name` is as written, lookups ignore case. */
export interface FunctionCall {
  readonly kind: 'call';
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly ExpressionNode[];
  readonly span: Span;
}

/** `target.name` or `target?.name`. */
export interface PropertyAccess {
  readonly kind: 'property';
  readonly target: ExpressionNode;
  readonly name: string;
  readonly nameSpan: Span;
  readonly safe: boolean;
  readonly span: Span;
}

/** `target[index]` or `target?[index]`; the index is a string (property) or an integer (array). */
export interface IndexAccess {
  readonly kind: 'index';
  readonly target: ExpressionNode;
  readonly index: ExpressionNode;
  readonly safe: boolean;
  readonly span: Span;
}

export type ExpressionNode =
  | StringLiteral
  | IntegerLiteral
  | FloatLiteral
  | BooleanLiteral
  | NullLiteral
  | FunctionCall
  | PropertyAccess
  | IndexAccess;

export type ExpressionNodeKind = ExpressionNode['kind'];

export type NodeOfKind<K extends ExpressionNodeKind> = Extract<ExpressionNode, { kind: K }>;

/** A JSON string value after parsing: plain text, one whole expression, or text with `@{…}` parts. */
export type Template =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expression'; readonly body: ExpressionNode }
  | { readonly kind: 'interpolation'; readonly parts: readonly TemplatePart[] };

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'expression'; readonly body: ExpressionNode };

export function node<N extends ExpressionNode>(value: N): N {
  return Object.freeze(value);
}
