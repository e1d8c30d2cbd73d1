/**
 * Parses a JSON string value into a {@link Template}: ADF's rules for `@`, `@@`, `@{…}` on the
 * outside, and a small recursive-descent parser for the expression language inside.
 */
import {
  node,
  type ExpressionNode,
  type FunctionCall,
  type Template,
  type TemplatePart,
} from './ast.js';
import { ExpressionFailure, type Span } from './expression-error.js';
import { INT64_MAX, INT64_MIN } from './int64-range.js';

/** Deep enough for any real pipeline, shallow enough never to exhaust the JS stack. */
export const MAX_NESTING_DEPTH = 128;

const KEYWORDS: ReadonlyMap<string, (span: Span) => ExpressionNode> = new Map(
  Object.entries({
    true: (span: Span): ExpressionNode => node({ kind: 'boolean', value: true, span }),
    false: (span: Span): ExpressionNode => node({ kind: 'boolean', value: false, span }),
    null: (span: Span): ExpressionNode => node({ kind: 'null', span }),
  }),
);

export function parseTemplateOrThrow(source: string): Template {
  if (source.charCodeAt(0) !== AT) return parseText(source, 0);
  if (source.startsWith('@@')) return Object.freeze({ kind: 'text', text: source.slice(1) });
  if (source.startsWith('@{')) return parseText(source, 0);
  const parser = new ExpressionParser(source, 1);
  const body = parser.parseWhole(source.length);
  return Object.freeze({ kind: 'expression', body });
}

const AT = 64; // '@'

function parseText(source: string, from: number): Template {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = from;
  let hasExpression = false;
  while (i < source.length) {
    const next = source.indexOf('@', i);
    if (next < 0) {
      text += source.slice(i);
      break;
    }
    text += source.slice(i, next);
    if (source.startsWith('@@{', next)) {
      text += '@{';
      i = next + 3;
    } else if (source.startsWith('@{', next)) {
      if (text.length > 0) parts.push(Object.freeze({ kind: 'text', text }));
      text = '';
      const parser = new ExpressionParser(source, next + 2);
      const body = parser.parseInterpolation();
      parts.push(Object.freeze({ kind: 'expression', body }));
      hasExpression = true;
      i = parser.position;
    } else {
      text += '@';
      i = next + 1;
    }
  }
  if (!hasExpression) return Object.freeze({ kind: 'text', text });
  if (text.length > 0) parts.push(Object.freeze({ kind: 'text', text }));
  return Object.freeze({ kind: 'interpolation', parts: Object.freeze(parts) });
}

class ExpressionParser {
  position: number;
  private depth = 0;

  constructor(
    private readonly source: string,
    start: number,
  ) {
    this.position = start;
  }

  parseWhole(end: number): ExpressionNode {
    this.skipSpace();
    if (this.position >= end) {
      this.fail(
        'The expression after "@" is empty: write an expression such as @pipeline().parameters.name, or "@@" for a literal "@".',
        0,
        end,
      );
    }
    const expression = this.parseExpression();
    this.skipSpace();
    if (this.position < end) {
      this.fail(
        `Unexpected "${this.source.slice(this.position, this.position + 10)}" after the end of the expression; to mix text and expressions use string interpolation, "text @{expression}".`,
      );
    }
    return expression;
  }

  parseInterpolation(): ExpressionNode {
    const open = this.position - 2;
    this.skipSpace();
    if (this.peek() === '}')
      this.fail(
        'The interpolation "@{}" is empty: put an expression between the braces.',
        open,
        this.position + 1,
      );
    if (this.position >= this.source.length)
      this.fail('"@{" is not closed: add the expression and a closing "}".', open, this.position);
    const expression = this.parseExpression();
    this.skipSpace();
    if (this.peek() !== '}') {
      if (this.position >= this.source.length)
        this.fail('"@{" is not closed: add a closing "}".', open, this.position);
      this.fail(
        `Expected "}" to close the "@{" that starts at offset ${open}, found "${this.peek()}".`,
      );
    }
    this.position++;
    return expression;
  }

  private parseExpression(): ExpressionNode {
    if (++this.depth > MAX_NESTING_DEPTH) {
      throw new ExpressionFailure(
        'EXPR_TOO_DEEP',
        `The expression nests more than ${MAX_NESTING_DEPTH} levels deep; split it across variables.`,
        { start: this.position, end: this.position + 1 },
      );
    }
    let expression = this.parsePrimary();
    for (;;) {
      this.skipSpace();
      const start = expression.span.start;
      const char = this.peek();
      if (char === '.' || (char === '?' && this.source[this.position + 1] === '.')) {
        const safe = char === '?';
        this.position += safe ? 2 : 1;
        this.skipSpace();
        const nameStart = this.position;
        const name = this.readIdentifier('a property name');
        const nameSpan = { start: nameStart, end: this.position };
        expression = node({
          kind: 'property',
          target: expression,
          name,
          nameSpan,
          safe,
          span: { start, end: this.position },
        });
      } else if (char === '[' || (char === '?' && this.source[this.position + 1] === '[')) {
        const safe = char === '?';
        this.position += safe ? 2 : 1;
        this.skipSpace();
        const index = this.parseExpression();
        this.skipSpace();
        this.expect(']', 'to close the index');
        expression = node({
          kind: 'index',
          target: expression,
          index,
          safe,
          span: { start, end: this.position },
        });
      } else {
        break;
      }
    }
    this.depth--;
    return expression;
  }

  private parsePrimary(): ExpressionNode {
    this.skipSpace();
    const start = this.position;
    const char = this.peek();
    if (char === "'") return this.parseString();
    if (char === '-' || char === '+' || isDigit(char)) return this.parseNumber();
    if (isIdentifierStart(char)) {
      const name = this.readIdentifier('a function name');
      const nameSpan = { start, end: this.position };
      this.skipSpace();
      if (this.peek() === '(') return this.parseCall(name, nameSpan);
      const keyword = KEYWORDS.get(name.toLowerCase());
      if (keyword) return keyword(nameSpan);
      this.fail(
        `"${name}" is not a value: call it as a function, "${name}()", or quote it as a string, '${name}'.`,
        start,
        nameSpan.end,
      );
    }
    if (this.position >= this.source.length)
      this.fail(
        'The expression ends too early: a value, a function call or a closing bracket is missing.',
      );
    return this.fail(
      `Unexpected "${char}": expected a string in single quotes, a number, true, false, null or a function call.`,
    );
  }

  private parseCall(name: string, nameSpan: Span): FunctionCall {
    this.position++; // '('
    const args: ExpressionNode[] = [];
    this.skipSpace();
    if (this.peek() === ')') {
      this.position++;
    } else {
      for (;;) {
        args.push(this.parseExpression());
        this.skipSpace();
        const char = this.peek();
        if (char === ',') {
          this.position++;
          continue;
        }
        if (char === ')') {
          this.position++;
          break;
        }
        if (this.position >= this.source.length)
          this.fail(`The call to "${name}" is not closed: add ")".`, nameSpan.start, this.position);
        this.fail(`Expected "," or ")" in the arguments of "${name}", found "${char}".`);
      }
    }
    return node({
      kind: 'call',
      name,
      nameSpan,
      args: Object.freeze(args),
      span: { start: nameSpan.start, end: this.position },
    });
  }

  private parseString(): ExpressionNode {
    const start = this.position;
    let value = '';
    let i = start + 1;
    for (;;) {
      const close = this.source.indexOf("'", i);
      if (close < 0)
        this.fail(
          "The string is not closed: add a closing single quote (write '' for a quote inside a string).",
          start,
          this.source.length,
        );
      value += this.source.slice(i, close);
      if (this.source.charCodeAt(close + 1) === 39) {
        value += "'";
        i = close + 2;
        continue;
      }
      this.position = close + 1;
      return node({ kind: 'string', value, span: { start, end: this.position } });
    }
  }

  private parseNumber(): ExpressionNode {
    const start = this.position;
    const match = /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(this.source.slice(start, start + 400));
    if (!match) this.fail(`"${this.peek()}" must be followed by digits to form a number.`);
    const text = match[0];
    this.position += text.length;
    const span = { start, end: this.position };
    if (isIdentifierStart(this.peek()) || this.peek() === '.') {
      this.fail(`"${text}${this.peek()}" is not a number.`, start, this.position + 1);
    }
    if (match[1] === undefined && match[2] === undefined) {
      const value = BigInt(text);
      if (value < INT64_MIN || value > INT64_MAX) {
        throw new ExpressionFailure(
          'EXPR_OVERFLOW',
          `The integer ${text} does not fit in 64 bits; write it as a float (${text}.0) or a string.`,
          span,
        );
      }
      return node({ kind: 'integer', value, span });
    }
    return node({ kind: 'float', value: Number(text), span });
  }

  private readIdentifier(what: string): string {
    const start = this.position;
    if (!isIdentifierStart(this.peek())) {
      this.fail(
        `Expected ${what}, found ${this.position >= this.source.length ? 'the end of the expression' : `"${this.peek()}"`}.`,
      );
    }
    this.position++;
    while (isIdentifierPart(this.peek())) this.position++;
    return this.source.slice(start, this.position);
  }

  private expect(char: string, why: string): void {
    if (this.peek() !== char) {
      const found =
        this.position >= this.source.length ? 'the end of the expression' : `"${this.peek()}"`;
      this.fail(`Expected "${char}" ${why}, found ${found}.`);
    }
    this.position++;
  }

  private skipSpace(): void {
    while (isSpace(this.source.charCodeAt(this.position))) this.position++;
  }

  private peek(): string {
    return this.source[this.position] ?? '';
  }

  private fail(message: string, start = this.position, end = start + 1): never {
    throw new ExpressionFailure('EXPR_SYNTAX', message, { start, end: Math.max(end, start) });
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

function isIdentifierStart(char: string): boolean {
  return (
    (char >= 'a' && char <= 'z') ||
    (char >= 'A' && char <= 'Z') ||
    char === '_' ||
    char === '$' ||
    (char > '\u007f' && /\p{L}/u.test(char))
  );
}

function isIdentifierPart(char: string): boolean {
  return isIdentifierStart(char) || isDigit(char) || (char > '\u007f' && /\p{N}/u.test(char));
}
