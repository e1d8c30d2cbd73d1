/**
 * How a built-in function declares itself: its name, family, parameters with their types, what it
 * returns and a checked example. The evaluator checks arity at compile time and argument types
 * before calling `evaluate`; `docs/expressions.md` is generated from the same declarations.
 */
import type { EvaluationContext } from '../context.js';
import type { ExpressionErrorCode } from '../expression-error.js';
import type { Value } from '../values.js';

/** ADF's grouping of its functions (plus `system` for `pipeline()`, `variables()` and friends). */
export const FunctionFamilies = [
  'string',
  'collection',
  'logical',
  'conversion',
  'math',
  'date',
  'system',
] as const;
export type FunctionFamily = (typeof FunctionFamilies)[number];

/**
 * Declared parameter types, checked before `evaluate` runs:
 * `integer` a Int; `number` an Int or Float; `collection` a String, Array or Object;
 * `binary` a Binary; `any` anything, null included. Every other type rejects null.
 */
export const ParamTypes = [
  'any',
  'string',
  'integer',
  'number',
  'boolean',
  'array',
  'object',
  'collection',
  'binary',
] as const;
export type ParamType = (typeof ParamTypes)[number];

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  /** May be left out (only trailing parameters). */
  readonly optional?: boolean;
  /** The last parameter may repeat; with `optional` it may appear zero times. */
  readonly variadic?: boolean;
  /** Accept null as well as the declared type. */
  readonly nullable?: boolean;
}

export interface FunctionExample {
  /** A whole JSON string value, `@` included, e.g. `@add(1, 2)`. */
  readonly expression: string;
  /** The result as `stringifyJson` writes it (`3`, `3.0`, `"abc"`); absent when `matches` is given. */
  readonly result?: string;
  /** For results that change from call to call (`guid()`), a pattern the JSON text must match. */
  readonly matches?: RegExp;
}

/** What a function sees of the call it serves. */
export interface CallSite {
  readonly name: string;
  readonly context: EvaluationContext;
  /** Stops the evaluation with a coded error placed on argument `argIndex` (or the whole call). */
  fail(code: ExpressionErrorCode, message: string, argIndex?: number): never;
}

interface BaseDefinition {
  /** The canonical spelling used in documentation; calls match it ignoring case. */
  readonly name: string;
  readonly family: FunctionFamily;
  /** One sentence, in the imperative as ADF's reference writes it. */
  readonly summary: string;
  readonly params: readonly ParamSpec[];
  /** The result type as documentation shows it, e.g. `String`, `Integer | Float`. */
  readonly returns: string;
  readonly examples: readonly [FunctionExample, ...FunctionExample[]];
}

export interface EagerFunctionDefinition extends BaseDefinition {
  readonly lazy?: false;
  evaluate(args: readonly Value[], call: CallSite): Value;
}

/** Gets its arguments unevaluated, to short-circuit (`if`, `and`, `or`, `coalesce`). */
export interface LazyFunctionDefinition extends BaseDefinition {
  readonly lazy: true;
  evaluate(args: readonly (() => Value)[], call: CallSite): Value;
}

export type FunctionDefinition = EagerFunctionDefinition | LazyFunctionDefinition;

export function defineFunctions<const T extends readonly FunctionDefinition[]>(definitions: T): T {
  return definitions;
}
