/**
 * The small part of ARM template expressions that Data Factory exports use:
 * `[concat(parameters('factoryName'), '/MyPipeline')]`, `[parameters('x')]`, `[variables('y')]`,
 * string and integer literals, and `.property` / `['property']` / `[0]` selection. A parameter
 * resolves to its `defaultValue`. Anything else is reported as unresolvable, never guessed. Pure.
 */
import { isJsonObject } from './json-values.js';
import type { JsonObject, JsonValue } from './resources.js';

export type ArmResult =
  | { readonly ok: true; readonly value: JsonValue }
  | { readonly ok: false; readonly reason: string };

/** The parts of a template that expressions read. */
export interface ArmScope {
  readonly parameters: JsonObject;
  readonly variables: JsonObject;
}

const MAX_DEPTH = 32;

/** True for a string ARM evaluates: `[…]` but not the `[[…]` escape. */
export function isArmExpression(value: string): boolean {
  return value.startsWith('[') && value.endsWith(']') && !value.startsWith('[[');
}

/** `[[text]` is ARM's escape for the literal `[text]`. */
export function unescapeArmLiteral(value: string): string {
  return value.startsWith('[[') && value.endsWith(']') ? value.slice(1) : value;
}

/** Evaluates a whole `[…]` string. */
export function evaluateArmExpression(source: string, scope: ArmScope): ArmResult {
  if (!isArmExpression(source))
    return { ok: false, reason: `'${source}' is not an ARM expression ([…])` };
  try {
    return { ok: true, value: new ArmEvaluator(scope, 0).evaluateSource(source) };
  } catch (caught) {
    if (caught instanceof ArmUnresolvable) return { ok: false, reason: caught.reason };
    throw caught;
  }
}

/**
 * Replaces every string of `json` that is an ARM expression by its value when it can be
 * evaluated, leaves it as written when it cannot, and unescapes `[[…]`.
 */
export function resolveArmValues(json: JsonValue, scope: ArmScope): JsonValue {
  if (typeof json === 'string') {
    if (!isArmExpression(json)) return unescapeArmLiteral(json);
    const result = evaluateArmExpression(json, scope);
    return result.ok ? result.value : json;
  }
  if (Array.isArray(json)) return json.map((item) => resolveArmValues(item, scope));
  if (isJsonObject(json))
    return Object.fromEntries(
      Object.entries(json).map(([key, value]) => [key, resolveArmValues(value, scope)]),
    );
  return json;
}

class ArmUnresolvable {
  constructor(readonly reason: string) {}
}

class ArmEvaluator {
  private text = '';
  private position = 0;

  constructor(
    private readonly scope: ArmScope,
    private readonly depth: number,
  ) {
    if (depth > MAX_DEPTH)
      throw new ArmUnresolvable('parameters and variables refer to each other too deeply');
  }

  evaluateSource(source: string): JsonValue {
    this.text = source.slice(1, -1);
    this.position = 0;
    const value = this.expression();
    this.skipSpaces();
    if (this.position < this.text.length)
      this.fail(`unexpected '${this.text.slice(this.position)}'`);
    return value;
  }

  private expression(): JsonValue {
    let value = this.primary();
    for (;;) {
      this.skipSpaces();
      const next = this.text[this.position];
      if (next === '.') {
        this.position++;
        value = select(value, this.identifier());
      } else if (next === '[') {
        this.position++;
        const index = this.expression();
        this.expect(']');
        value = select(value, index);
      } else {
        return value;
      }
    }
  }

  private primary(): JsonValue {
    this.skipSpaces();
    const next = this.text[this.position];
    if (next === "'") return this.stringLiteral();
    if (next !== undefined && /[-\d]/.test(next)) return this.integerLiteral();
    const name = this.identifier();
    this.expect('(');
    const args: JsonValue[] = [];
    this.skipSpaces();
    if (this.text[this.position] !== ')') {
      do args.push(this.expression());
      while (this.accept(','));
    }
    this.expect(')');
    return this.call(name, args);
  }

  private call(name: string, args: readonly JsonValue[]): JsonValue {
    switch (name.toLowerCase()) {
      case 'concat':
        if (args.every((arg) => Array.isArray(arg))) return args.flat();
        return args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join('');
      case 'parameters':
        return this.parameter(this.nameArgument(name, args));
      case 'variables':
        return this.variable(this.nameArgument(name, args));
      default:
        return this.fail(
          `the function ${name}() is not supported (only concat, parameters, variables)`,
        );
    }
  }

  private parameter(name: string): JsonValue {
    const definition = lookUp(this.scope.parameters, name);
    if (!isJsonObject(definition)) return this.fail(`the template has no parameter '${name}'`);
    if (!('defaultValue' in definition) || definition.defaultValue === undefined)
      return this.fail(`the parameter '${name}' has no defaultValue`);
    return this.nested(definition.defaultValue);
  }

  private variable(name: string): JsonValue {
    const value = lookUp(this.scope.variables, name);
    if (value === undefined) return this.fail(`the template has no variable '${name}'`);
    return this.nested(value);
  }

  /** Values of parameters and variables may hold expressions themselves. */
  private nested(value: JsonValue): JsonValue {
    if (typeof value === 'string' && isArmExpression(value))
      return new ArmEvaluator(this.scope, this.depth + 1).evaluateSource(value);
    return typeof value === 'string' ? unescapeArmLiteral(value) : value;
  }

  private nameArgument(name: string, args: readonly JsonValue[]): string {
    const [first] = args;
    if (args.length !== 1 || typeof first !== 'string')
      return this.fail(`${name}() takes one string argument`);
    return first;
  }

  private stringLiteral(): string {
    let value = '';
    this.position++;
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined) return this.fail('a string literal is not closed');
      this.position++;
      if (char !== "'") {
        value += char;
      } else if (this.text[this.position] === "'") {
        value += "'";
        this.position++;
      } else {
        return value;
      }
    }
  }

  private integerLiteral(): number {
    const match = /^-?\d+/.exec(this.text.slice(this.position));
    if (match === null) return this.fail('a number is not valid');
    this.position += match[0].length;
    return Number(match[0]);
  }

  private identifier(): string {
    this.skipSpaces();
    const match = /^[A-Za-z_][\w]*/.exec(this.text.slice(this.position));
    if (match === null) return this.fail(`expected a name at '${this.text.slice(this.position)}'`);
    this.position += match[0].length;
    return match[0];
  }

  private accept(char: string): boolean {
    this.skipSpaces();
    if (this.text[this.position] !== char) return false;
    this.position++;
    return true;
  }

  private expect(char: string): void {
    if (!this.accept(char)) this.fail(`expected '${char}' at '${this.text.slice(this.position)}'`);
  }

  private skipSpaces(): void {
    while (this.text[this.position] === ' ') this.position++;
  }

  private fail(reason: string): never {
    throw new ArmUnresolvable(reason);
  }
}

function select(value: JsonValue, key: JsonValue): JsonValue {
  if (Array.isArray(value) && typeof key === 'number') {
    const item = value[key];
    if (item !== undefined) return item;
  } else if (isJsonObject(value) && typeof key === 'string') {
    const found = lookUp(value, key);
    if (found !== undefined) return found;
  }
  throw new ArmUnresolvable(`cannot select ${JSON.stringify(key)} from ${JSON.stringify(value)}`);
}

/** ARM names ignore case. */
function lookUp(object: JsonObject, name: string): JsonValue | undefined {
  if (Object.prototype.hasOwnProperty.call(object, name)) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}
