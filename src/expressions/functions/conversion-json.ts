/**
 * The JSON reader behind `json()`: strict RFC 8259 text, integral numbers as exact 64-bit Ints
 * (`bigint`), numbers with a fraction or an exponent as Floats, objects and arrays frozen.
 * `JSON.parse` cannot be used because it rounds integers beyond 2^53.
 */
import { CharCode } from '../char-codes.js';
import { INT64_MAX, INT64_MIN, setOwnProperty, type Value } from '../values.js';

/** Deeper nesting than this is refused rather than risking the call stack. */
export const JSON_MAX_DEPTH = 512;

/** Why the text could not be read, and where (0-based offset, 1-based line and column). */
export class JsonProblem {
  constructor(
    readonly kind: 'syntax' | 'overflow',
    readonly reason: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {}

  /** `unexpected character '}' at line 1, column 9 (offset 8)` */
  describe(): string {
    return `${this.reason} at line ${this.line}, column ${this.column} (offset ${this.offset})`;
  }
}

const SIMPLE_ESCAPES: Readonly<Record<number, string>> = {
  [CharCode.Quote]: '"',
  [CharCode.Backslash]: '\\',
  [CharCode.Slash]: '/',
  98: '\b',
  [CharCode.LowerF]: '\f',
  [CharCode.LowerN]: '\n',
  114: '\r',
  [CharCode.LowerT]: '\t',
};

const FOUR_HEX_DIGITS = /^[0-9a-fA-F]{4}$/;

/** Parses JSON text into expression values; throws {@link JsonProblem}. */
export function parseJsonText(text: string): Value {
  const reader = new JsonReader(text);
  reader.skipWhitespace();
  const value = reader.readValue(0);
  reader.skipWhitespace();
  if (reader.pos < text.length) reader.fail('unexpected text after the end of the JSON value');
  return value;
}

class JsonReader {
  pos = 0;

  constructor(private readonly text: string) {}

  fail(reason: string, at: number = this.pos, kind: JsonProblem['kind'] = 'syntax'): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at; i++) {
      if (this.text.charCodeAt(i) === CharCode.LineFeed) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new JsonProblem(kind, reason, at, line, at - lineStart + 1);
  }

  private unexpected(expected: string): never {
    if (this.pos >= this.text.length) this.fail(`the text ends where ${expected} was expected`);
    const shown = JSON.stringify(this.text.charAt(this.pos));
    return this.fail(`unexpected character ${shown} where ${expected} was expected`);
  }

  skipWhitespace(): void {
    const { text } = this;
    let pos = this.pos;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (
        c !== CharCode.Space &&
        c !== CharCode.LineFeed &&
        c !== CharCode.CarriageReturn &&
        c !== CharCode.Tab
      )
        break;
      pos++;
    }
    this.pos = pos;
  }

  readValue(depth: number): Value {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case CharCode.OpenBrace:
        return this.readObject(depth + 1);
      case CharCode.OpenBracket:
        return this.readArray(depth + 1);
      case CharCode.Quote:
        return this.readString();
      case CharCode.LowerT:
        return this.readLiteral('true', true);
      case CharCode.LowerF:
        return this.readLiteral('false', false);
      case CharCode.LowerN:
        return this.readLiteral('null', null);
      default:
        if (c === CharCode.Minus || (c >= CharCode.Zero && c <= CharCode.Nine))
          return this.readNumber();
        return this.unexpected('a value');
    }
  }

  private readLiteral(word: string, value: Value): Value {
    if (!this.text.startsWith(word, this.pos)) this.unexpected('a value');
    this.pos += word.length;
    return value;
  }

  private readObject(depth: number): Value {
    if (depth > JSON_MAX_DEPTH) this.fail(`the JSON nests deeper than ${JSON_MAX_DEPTH} levels`);
    this.pos++;
    const out: Record<string, Value> = {};
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === CharCode.CloseBrace) {
      this.pos++;
      return Object.freeze(out);
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== CharCode.Quote)
        this.unexpected('a property name in double quotes');
      const key = this.readString();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== CharCode.Colon) this.unexpected("':'");
      this.pos++;
      this.skipWhitespace();
      const value = this.readValue(depth);
      setOwnProperty(out, key, value);
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === CharCode.CloseBrace) {
        this.pos++;
        return Object.freeze(out);
      }
      if (c !== CharCode.Comma) this.unexpected("',' or '}'");
      this.pos++;
      this.skipWhitespace();
    }
  }

  private readArray(depth: number): Value {
    if (depth > JSON_MAX_DEPTH) this.fail(`the JSON nests deeper than ${JSON_MAX_DEPTH} levels`);
    this.pos++;
    const out: Value[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === CharCode.CloseBracket) {
      this.pos++;
      return Object.freeze(out);
    }
    for (;;) {
      out.push(this.readValue(depth));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === CharCode.CloseBracket) {
        this.pos++;
        return Object.freeze(out);
      }
      if (c !== CharCode.Comma) this.unexpected("',' or ']'");
      this.pos++;
      this.skipWhitespace();
    }
  }

  private readString(): string {
    const { text } = this;
    const start = ++this.pos;
    let pos = start;
    let out = '';
    let chunkStart = start;
    for (;;) {
      if (pos >= text.length)
        this.fail("the text ends inside a string (a closing '\"' is missing)", start - 1);
      const c = text.charCodeAt(pos);
      if (c === CharCode.Quote) break;
      if (c < CharCode.Space) {
        this.fail(
          'a control character (such as a line break) inside a string must be escaped (\\n, \\t, …)',
          pos,
        );
      }
      if (c !== CharCode.Backslash) {
        pos++;
        continue;
      }
      out += text.slice(chunkStart, pos);
      const escaped = text.charCodeAt(pos + 1);
      const simple = SIMPLE_ESCAPES[escaped];
      if (simple !== undefined) {
        out += simple;
        pos += 2;
      } else if (escaped === 117 /* u */) {
        const hex = text.slice(pos + 2, pos + 6);
        if (!FOUR_HEX_DIGITS.test(hex))
          this.fail('\\u must be followed by four hexadecimal digits', pos);
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 6;
      } else {
        this.fail(`unknown escape sequence '\\${text.charAt(pos + 1)}' in a string`, pos);
      }
      chunkStart = pos;
    }
    this.pos = pos + 1;
    return chunkStart === start ? text.slice(start, pos) : out + text.slice(chunkStart, pos);
  }

  private readNumber(): Value {
    const { text } = this;
    const start = this.pos;
    let pos = start;
    if (text.charCodeAt(pos) === CharCode.Minus) pos++;
    const firstDigit = text.charCodeAt(pos);
    if (firstDigit === CharCode.Zero) {
      pos++;
    } else if (firstDigit > CharCode.Zero && firstDigit <= CharCode.Nine) {
      pos = skipDigits(text, pos);
    } else {
      this.pos = pos;
      this.unexpected('a digit');
    }
    let integral = true;
    if (text.charCodeAt(pos) === CharCode.Dot) {
      integral = false;
      const digitsEnd = skipDigits(text, pos + 1);
      if (digitsEnd === pos + 1) {
        this.pos = pos + 1;
        this.unexpected("a digit after '.'");
      }
      pos = digitsEnd;
    }
    const e = text.charCodeAt(pos);
    if (e === CharCode.LowerE || e === CharCode.UpperE) {
      integral = false;
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === CharCode.Plus || sign === CharCode.Minus) pos++;
      const digitsEnd = skipDigits(text, pos);
      if (digitsEnd === pos) {
        this.pos = pos;
        this.unexpected('a digit in the exponent');
      }
      pos = digitsEnd;
    }
    this.pos = pos;
    const literal = text.slice(start, pos);
    if (integral) {
      const int = BigInt(literal);
      if (int < INT64_MIN || int > INT64_MAX) {
        this.fail(`the integer ${literal} does not fit in a 64-bit Integer`, start, 'overflow');
      }
      return int;
    }
    const float = Number(literal);
    if (!Number.isFinite(float))
      this.fail(`the number ${literal} is beyond the range of a Float`, start, 'overflow');
    return float;
  }
}

function skipDigits(text: string, pos: number): number {
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c < CharCode.Zero || c > CharCode.Nine) break;
    pos++;
  }
  return pos;
}
