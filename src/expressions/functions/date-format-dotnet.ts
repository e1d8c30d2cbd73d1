/**
 * .NET date and time format strings, as `DateTime.ToString(format, en-US)` applies them: the
 * standard one-letter formats (`o`, `D`, `u`…) and custom patterns (`yyyy-MM-dd HH:mm`).
 *
 * Each format string is compiled once into a list of writers and cached, so that
 * `formatDateTime(utcNow(), 'yyyy/MM/dd')` costs a map lookup and a few appends.
 *
 * Culture: Data Factory's documented results (`'D'` → "Monday, January 1, 2018") are those of
 * en-US, whose names and separators are also the invariant culture's; only the standard patterns
 * (d, D, f, F, g, G, M, t, T, U, Y) differ from invariant ones. The server's local zone is UTC, so
 * `z`, `zz`, `zzz` always write a zero offset.
 */
import {
  DAY_NAMES,
  MONTH_NAMES,
  toFields,
  type DateTimeFields,
  type DateTimeValue,
} from './date-time-value.js';

type Writer = (out: string, fields: DateTimeFields) => string;

export interface CompiledFormat {
  readonly source: string;
  readonly writers: readonly Writer[];
}

/** The standard format specifiers and the en-US custom patterns they stand for. */
const STANDARD_PATTERNS: Readonly<Record<string, string>> = {
  d: 'M/d/yyyy',
  D: 'dddd, MMMM d, yyyy',
  f: 'dddd, MMMM d, yyyy h:mm tt',
  F: 'dddd, MMMM d, yyyy h:mm:ss tt',
  g: 'M/d/yyyy h:mm tt',
  G: 'M/d/yyyy h:mm:ss tt',
  m: 'MMMM d',
  M: 'MMMM d',
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'h:mm tt',
  T: 'h:mm:ss tt',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, MMMM d, yyyy h:mm:ss tt',
  y: 'MMMM yyyy',
  Y: 'MMMM yyyy',
};

export const STANDARD_FORMAT_LETTERS = Object.keys(STANDARD_PATTERNS).join(', ');

const MAX_FRACTION_DIGITS = 7;
const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000] as const;
const ABBREVIATED_DAYS = DAY_NAMES.map((name) => name.slice(0, 3));
const ABBREVIATED_MONTHS = MONTH_NAMES.map((name) => name.slice(0, 3));

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function pad(value: number, width: number): string {
  const text = String(value);
  return text.length >= width ? text : '0'.repeat(width - text.length) + text;
}

/** .NET's FormatDigits: at most two digits of padding for everything but the year. */
function digitsWriter(get: (f: DateTimeFields) => number, count: number): Writer {
  return count === 1 ? (out, f) => out + String(get(f)) : (out, f) => out + pad2(get(f));
}

const getHour: (f: DateTimeFields) => number = (f) => f.hour;
const getHour12: (f: DateTimeFields) => number = (f) => (f.hour % 12 === 0 ? 12 : f.hour % 12);
const getMinute: (f: DateTimeFields) => number = (f) => f.minute;
const getSecond: (f: DateTimeFields) => number = (f) => f.second;
const getDay: (f: DateTimeFields) => number = (f) => f.day;
const getMonth: (f: DateTimeFields) => number = (f) => f.month;

function yearWriter(count: number): Writer {
  if (count === 1) return (out, f) => out + String(f.year % 100);
  if (count === 2) return (out, f) => out + pad2(f.year % 100);
  if (count === 4) return (out, f) => out + pad(f.year, 4);
  return (out, f) => out + pad(f.year, count);
}

function fractionWriter(count: number, trimZeros: boolean): Writer {
  const divisor = POW10[MAX_FRACTION_DIGITS - count] ?? 1;
  if (!trimZeros) return (out, f) => out + pad(Math.floor(f.fraction / divisor), count);
  return (out, f) => {
    let value = Math.floor(f.fraction / divisor);
    let digits = count;
    while (digits > 0 && value % 10 === 0) {
      value /= 10;
      digits--;
    }
    if (digits > 0) return out + pad(value, digits);
    // Nothing to write: .NET also drops a decimal point written just before.
    return out.endsWith('.') ? out.slice(0, -1) : out;
  };
}

/** How many times `format[i]` repeats from `i`. */
function repeatCount(format: string, i: number): number {
  const ch = format[i];
  let j = i + 1;
  while (j < format.length && format[j] === ch) j++;
  return j - i;
}

class FormatError {
  constructor(readonly reason: string) {}
}

/** Compiles a custom pattern; every character that is not a specifier is copied as it is. */
function compileCustom(format: string, writers: Writer[]): void {
  let literal = '';
  const flush = (): void => {
    if (literal !== '') {
      const text = literal;
      writers.push((out) => out + text);
      literal = '';
    }
  };
  const push = (writer: Writer): void => {
    flush();
    writers.push(writer);
  };

  let i = 0;
  while (i < format.length) {
    const ch = format[i] as string;
    let count = 1;
    switch (ch) {
      case 'g':
        count = repeatCount(format, i);
        literal += 'A.D.';
        break;
      case 'h':
        count = repeatCount(format, i);
        push(digitsWriter(getHour12, count));
        break;
      case 'H':
        count = repeatCount(format, i);
        push(digitsWriter(getHour, count));
        break;
      case 'm':
        count = repeatCount(format, i);
        push(digitsWriter(getMinute, count));
        break;
      case 's':
        count = repeatCount(format, i);
        push(digitsWriter(getSecond, count));
        break;
      case 'f':
      case 'F':
        count = repeatCount(format, i);
        if (count > MAX_FRACTION_DIGITS) {
          throw new FormatError(
            `'${ch.repeat(count)}' asks for ${count} fraction digits; .NET allows at most 7`,
          );
        }
        push(fractionWriter(count, ch === 'F'));
        break;
      case 't':
        count = repeatCount(format, i);
        push(
          count === 1
            ? (out, f) => out + (f.hour < 12 ? 'A' : 'P')
            : (out, f) => out + (f.hour < 12 ? 'AM' : 'PM'),
        );
        break;
      case 'd':
        count = repeatCount(format, i);
        if (count <= 2) push(digitsWriter(getDay, count));
        else if (count === 3) push((out, f) => out + (ABBREVIATED_DAYS[f.dayOfWeek] ?? ''));
        else push((out, f) => out + (DAY_NAMES[f.dayOfWeek] ?? ''));
        break;
      case 'M':
        count = repeatCount(format, i);
        if (count <= 2) push(digitsWriter(getMonth, count));
        else if (count === 3) push((out, f) => out + (ABBREVIATED_MONTHS[f.month - 1] ?? ''));
        else push((out, f) => out + (MONTH_NAMES[f.month - 1] ?? ''));
        break;
      case 'y':
        count = repeatCount(format, i);
        push(yearWriter(count));
        break;
      case 'z':
        // The offset of the server's local zone, which is UTC.
        count = repeatCount(format, i);
        literal += count === 1 ? '+0' : count === 2 ? '+00' : '+00:00';
        break;
      case 'K':
        push((out, f) => (f.kind === 'utc' ? `${out}Z` : out));
        break;
      case "'":
      case '"': {
        let j = i + 1;
        let found = false;
        while (j < format.length) {
          const c = format[j++] as string;
          if (c === ch) {
            found = true;
            break;
          }
          if (c === '\\') {
            if (j >= format.length)
              throw new FormatError('it ends with a lone backslash inside quotes');
            literal += format[j++];
          } else {
            literal += c;
          }
        }
        if (!found) throw new FormatError(`the quote ${ch} at position ${i + 1} is never closed`);
        count = j - i;
        break;
      }
      case '%': {
        const next = format[i + 1];
        if (next === undefined || next === '%') {
          throw new FormatError("'%' must be followed by one format specifier, as in '%d'");
        }
        flush();
        compileCustom(next, writers);
        count = 2;
        break;
      }
      case '\\': {
        const next = format[i + 1];
        if (next === undefined) throw new FormatError('it ends with a lone backslash');
        literal += next;
        count = 2;
        break;
      }
      default:
        literal += ch;
    }
    i += count;
  }
  flush();
}

function compile(format: string): CompiledFormat | FormatError {
  let pattern = format;
  if (format.length === 0) {
    pattern = STANDARD_PATTERNS.G as string;
  } else if (format.length === 1) {
    const standard = STANDARD_PATTERNS[format];
    if (standard === undefined) {
      return new FormatError(
        `a single '${format}' is not a standard format specifier; write '%${format}' to use the custom specifier on its own`,
      );
    }
    pattern = standard;
  }
  const writers: Writer[] = [];
  try {
    compileCustom(pattern, writers);
  } catch (caught) {
    if (caught instanceof FormatError) return caught;
    throw caught;
  }
  return { source: format, writers };
}

const MAX_CACHED_FORMATS = 512;
const cache = new Map<string, CompiledFormat | FormatError>();

/** Compiles (or finds in the cache) a format string; a string result is why it is invalid. */
export function compileDotNetFormat(format: string): CompiledFormat | string {
  let compiled = cache.get(format);
  if (compiled === undefined) {
    compiled = compile(format);
    if (cache.size >= MAX_CACHED_FORMATS) cache.clear();
    cache.set(format, compiled);
  }
  return compiled instanceof FormatError ? compiled.reason : compiled;
}

/** The `o` round-trip format, written directly: `2018-03-15T13:00:00.0000000Z`. */
export function formatRoundTrip(value: DateTimeValue): string {
  const f = toFields(value);
  return (
    `${pad(f.year, 4)}-${pad2(f.month)}-${pad2(f.day)}T${pad2(f.hour)}:${pad2(f.minute)}:${pad2(f.second)}.` +
    `${pad(f.fraction, 7)}${f.kind === 'utc' ? 'Z' : ''}`
  );
}

export function applyFormat(value: DateTimeValue, compiled: CompiledFormat): string {
  const fields = toFields(value);
  let out = '';
  for (const writer of compiled.writers) out = writer(out, fields);
  return out;
}
