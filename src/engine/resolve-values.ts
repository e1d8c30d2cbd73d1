/**
 * Evaluates the expressions inside activity properties: a string that is an expression (`@…`,
 * `…@{…}…`) or `{ "value": "@…", "type": "Expression" }`, at any depth. Compiled templates are
 * cached, since the same properties are evaluated for every iteration and attempt.
 */
import {
  compileTemplate,
  fromJson,
  isExpression,
  toJson,
  type CompiledTemplate,
  type EvaluationContext,
  type ExpressionErrorData,
  type Value,
} from '../expressions/index.js';
import { pointerTo } from '../factory/json-pointer.js';
import type { JsonObject, JsonValue } from '../factory/resources.js';

/** An expression in an activity failed: ADF reports these as `InvalidTemplate`. */
export class ResolutionFailure {
  readonly errorCode = 'InvalidTemplate';
  constructor(
    readonly pointer: string,
    readonly source: string,
    readonly error: ExpressionErrorData,
  ) {}

  get message(): string {
    const { line, column } = this.error.position;
    return `The expression '${this.source}' at ${this.pointer || '/'} cannot be evaluated (${this.error.code} at line ${line}, column ${column}): ${this.error.message}`;
  }
}

const CACHE_LIMIT = 10_000;
const compiled = new Map<string, CompiledTemplate>();

function compile(source: string, pointer: string): CompiledTemplate {
  let template = compiled.get(source);
  if (template === undefined) {
    const result = compileTemplate(source);
    if (!result.ok) throw new ResolutionFailure(pointer, source, result.error);
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    template = result.value;
    compiled.set(source, template);
  }
  return template;
}

function expressionSource(json: JsonValue): string | undefined {
  if (typeof json === 'string') return isExpression(json) ? json : undefined;
  if (
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    json.type === 'Expression' &&
    typeof json.value === 'string'
  ) {
    return json.value;
  }
  return undefined;
}

/** Evaluates one property to an expression value (literals are converted as they are). */
export function evaluateProperty(
  json: JsonValue | undefined,
  context: EvaluationContext,
  pointer: string,
): Value {
  if (json === undefined) return null;
  const source = expressionSource(json);
  if (source === undefined)
    return typeof json === 'string'
      ? unescapeLiteral(json)
      : fromJson(resolveJson(json, context, pointer));
  const result = compile(source, pointer).evaluate(context);
  if (!result.ok) throw new ResolutionFailure(pointer, source, result.error);
  return result.value;
}

/** Evaluates every expression inside a JSON value, returning plain JSON. */
export function resolveJson(
  json: JsonValue,
  context: EvaluationContext,
  pointer: string,
): JsonValue {
  const source = expressionSource(json);
  if (source !== undefined) return toJson(evaluateProperty(json, context, pointer)) as JsonValue;
  if (typeof json === 'string') return unescapeLiteral(json);
  if (Array.isArray(json))
    return json.map((item, i) => resolveJson(item, context, `${pointer}/${i}`));
  if (typeof json === 'object' && json !== null) {
    return resolveProperties(json, context, pointer);
  }
  return json;
}

/** Resolves an object's properties except the named ones (nested activity lists, per-item expressions). */
export function resolveProperties(
  properties: JsonObject,
  context: EvaluationContext,
  pointer: string,
  except: readonly string[] = [],
): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(properties)) {
    if (except.includes(key)) continue;
    Object.defineProperty(out, key, {
      value: resolveJson(value, context, pointerTo(pointer, key)),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** `@@text` is the escape for a literal leading `@`. */
function unescapeLiteral(text: string): string {
  return text.startsWith('@@') ? text.slice(1) : text;
}
