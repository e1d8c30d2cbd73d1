/**
 * Compiles a parsed template into a closure tree once, so that evaluating it again costs only the
 * work the expression itself asks for. The dispatch table is a `Record` over every node kind: a
 * new kind does not compile until it is handled here.
 */
import type { ExpressionNode, ExpressionNodeKind, NodeOfKind, Template } from './ast.js';
import type { EvaluationContext } from './context.js';
import { ExpressionFailure, type ExpressionErrorCode, type Span } from './expression-error.js';
import type {
  CallSite,
  FunctionDefinition,
  ParamSpec,
  ParamType,
} from './functions/function-definition.js';
import { lookupFunction } from './functions/builtin-functions.js';
import { valueToString } from './value-to-string.js';
import {
  BinaryValue,
  getProperty,
  isObject,
  typeOf,
  type Value,
  type ValueObject,
} from './values.js';

export type Evaluate = (context: EvaluationContext) => Value;

type NodeCompiler<K extends ExpressionNodeKind> = (node: NodeOfKind<K>) => Evaluate;

const compilers: { [K in ExpressionNodeKind]: NodeCompiler<K> } = {
  string:
    ({ value }) =>
    () =>
      value,
  integer:
    ({ value }) =>
    () =>
      value,
  float:
    ({ value }) =>
    () =>
      value,
  boolean:
    ({ value }) =>
    () =>
      value,
  null: () => () => null,
  call: compileCall,
  property: ({ target, name, safe, nameSpan }) => {
    const evaluateTarget = compileNode(target);
    return (context) => selectProperty(evaluateTarget(context), name, safe, nameSpan);
  },
  index: ({ target, index, safe }) => {
    const evaluateTarget = compileNode(target);
    const evaluateIndex = compileNode(index);
    return (context) =>
      selectIndex(evaluateTarget(context), evaluateIndex(context), safe, index.span);
  },
};

export function compileNode(node: ExpressionNode): Evaluate {
  return (compilers[node.kind] as NodeCompiler<typeof node.kind>)(node);
}

export function compileTemplateNode(template: Template): Evaluate {
  switch (template.kind) {
    case 'text': {
      const { text } = template;
      return () => text;
    }
    case 'expression':
      return compileNode(template.body);
    case 'interpolation': {
      const parts = template.parts.map((part) => {
        if (part.kind === 'text') {
          const { text } = part;
          return () => text;
        }
        const evaluatePart = compileNode(part.body);
        return (context: EvaluationContext) => valueToString(evaluatePart(context));
      });
      return (context) => {
        let out = '';
        for (const part of parts) out += part(context);
        return out;
      };
    }
  }
}

function compileCall(call: NodeOfKind<'call'>): Evaluate {
  const definition = lookupFunction(call.name);
  if (!definition) {
    throw new ExpressionFailure(
      'EXPR_UNKNOWN_FUNCTION',
      `The function '${call.name}' is not a built-in function; see docs/expressions.md for the list (names ignore case).`,
      call.nameSpan,
    );
  }
  checkArity(definition, call);
  const args = call.args.map(compileNode);
  const site = new MutableCallSite(definition.name, call);
  if (definition.lazy) {
    const thunks = args.map(
      (evaluateArg, i) => () => checkArgument(definition, i, evaluateArg(site.context), site),
    );
    return (context) => {
      site.context = context;
      return definition.evaluate(thunks, site);
    };
  }
  const count = args.length;
  return (context) => {
    const values: Value[] = new Array<Value>(count);
    for (let i = 0; i < count; i++)
      values[i] = checkArgument(definition, i, (args[i] as Evaluate)(context), site);
    site.context = context;
    return definition.evaluate(values, site);
  };
}

/**
 * Evaluation is synchronous and a call node is never re-entered while its own function runs, so
 * one site per call node, updated before each call, serves every evaluation without allocating.
 */
class MutableCallSite implements CallSite {
  context: EvaluationContext = {};

  constructor(
    readonly name: string,
    private readonly call: NodeOfKind<'call'>,
  ) {}

  fail(code: ExpressionErrorCode, message: string, argIndex?: number): never {
    const span =
      argIndex === undefined ? this.call.span : (this.call.args[argIndex]?.span ?? this.call.span);
    throw new ExpressionFailure(code, message, span);
  }
}

function checkArity(definition: FunctionDefinition, call: NodeOfKind<'call'>): void {
  const { params } = definition;
  const last = params[params.length - 1];
  const min = params.filter((p) => !p.optional).length;
  const max = last?.variadic ? Infinity : params.length;
  const count = call.args.length;
  if (count >= min && count <= max) return;
  const expected =
    max === Infinity ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`;
  const signature = `${definition.name}(${params.map(formatParam).join(', ')})`;
  throw new ExpressionFailure(
    'EXPR_ARGUMENT_COUNT',
    `The function '${definition.name}' takes ${expected} argument${expected === '1' ? '' : 's'} but was given ${count}: ${signature}.`,
    call.span,
  );
}

export function formatParam(param: ParamSpec): string {
  return `${param.name}${param.optional ? '?' : ''}: ${param.type}${param.variadic ? '...' : ''}`;
}

function paramAt(params: readonly ParamSpec[], index: number): ParamSpec | undefined {
  const param = params[index];
  if (param) return param;
  const last = params[params.length - 1];
  return last?.variadic ? last : undefined;
}

const typeChecks: Record<ParamType, (value: Value) => boolean> = {
  any: () => true,
  string: (v) => typeof v === 'string',
  integer: (v) => typeof v === 'bigint',
  number: (v) => typeof v === 'bigint' || typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  array: (v) => Array.isArray(v),
  object: (v) => isObject(v),
  collection: (v) => typeof v === 'string' || Array.isArray(v) || isObject(v),
  binary: (v) => v instanceof BinaryValue,
};

const typeLabels: Record<ParamType, string> = {
  any: 'any value',
  string: 'a String',
  integer: 'an Integer',
  number: 'an Integer or a Float',
  boolean: 'a Boolean',
  array: 'an Array',
  object: 'an Object',
  collection: 'a String, an Array or an Object',
  binary: 'a Binary',
};

function checkArgument(
  definition: FunctionDefinition,
  index: number,
  value: Value,
  site: CallSite,
): Value {
  const param = paramAt(definition.params, index);
  if (!param || typeChecks[param.type](value) || (value === null && param.nullable)) return value;
  const shown =
    typeof value === 'string' ? ` ('${value.length > 40 ? `${value.slice(0, 40)}…` : value}')` : '';
  return site.fail(
    'EXPR_ARGUMENT_TYPE',
    `The function '${definition.name}' expects its parameter ${index + 1} ('${param.name}') to be ${typeLabels[param.type]}, but it is ${typeOf(value) === 'Null' ? 'null' : `of type ${typeOf(value)}${shown}`}.`,
    index,
  );
}

function selectProperty(target: Value, name: string, safe: boolean, span: Span): Value {
  if (isObject(target)) {
    const found = getProperty(target, name);
    if (found !== undefined) return found;
    if (safe) return null;
    throw missingProperty(target, name, span);
  }
  if (target === null) {
    if (safe) return null;
    throw new ExpressionFailure(
      'EXPR_NULL_REFERENCE',
      `Cannot select property '${name}' because the value before it is null; write '?.${name}' to get null instead.`,
      span,
    );
  }
  if (safe && target === undefined) return null;
  throw new ExpressionFailure(
    'EXPR_INVALID_ACCESS',
    `Cannot select property '${name}' of ${article(typeOf(target))}; only objects have properties.`,
    span,
  );
}

function selectIndex(target: Value, index: Value, safe: boolean, indexSpan: Span): Value {
  if (typeof index === 'string') return selectProperty(target, index, safe, indexSpan);
  if (target === null) {
    if (safe) return null;
    throw new ExpressionFailure(
      'EXPR_NULL_REFERENCE',
      `Cannot select index ${valueToString(index)} because the value before it is null; write '?[…]' to get null instead.`,
      indexSpan,
    );
  }
  if (typeof index !== 'bigint') {
    throw new ExpressionFailure(
      'EXPR_ARGUMENT_TYPE',
      `An index must be an Integer (for arrays) or a String (for properties), not ${article(typeOf(index))}.`,
      indexSpan,
    );
  }
  if (!Array.isArray(target)) {
    throw new ExpressionFailure(
      'EXPR_INVALID_ACCESS',
      `Cannot select index ${index} of ${article(typeOf(target))}; only arrays have integer indexes.`,
      indexSpan,
    );
  }
  if (index >= 0n && index < BigInt(target.length)) return target[Number(index)] as Value;
  if (safe) return null;
  throw new ExpressionFailure(
    'EXPR_INDEX_OUT_OF_RANGE',
    `Index ${index} is out of range: the array has ${target.length} item${target.length === 1 ? '' : 's'} (valid indexes 0 to ${target.length - 1}).`,
    indexSpan,
  );
}

function missingProperty(target: ValueObject, name: string, span: Span): ExpressionFailure {
  const keys = Object.keys(target);
  const available =
    keys.length === 0
      ? 'the object is empty'
      : `available properties are '${keys.slice(0, 20).join(', ')}'${keys.length > 20 ? ' …' : ''}`;
  return new ExpressionFailure(
    'EXPR_PROPERTY_NOT_FOUND',
    `Property '${name}' doesn't exist, ${available}; write '?.${name}' to get null for a missing property.`,
    span,
  );
}

function article(type: string): string {
  return /^[AEIOU]/.test(type) ? `an ${type}` : `a ${type}`;
}
