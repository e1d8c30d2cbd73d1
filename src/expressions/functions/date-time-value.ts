/**
 * Timestamps as the date functions compute with them: .NET's `DateTime` (100 ns ticks from
 * 0001-01-01 to 9999-12-31, and a kind), held as epoch milliseconds plus the ticks inside the
 * millisecond so that JS number arithmetic stays exact.
 *
 * Glossary:
 * - kind `utc`: the text named its zone (`Z`, `+02:00`, `GMT`); the value was moved to UTC and
 *   round-trips with a trailing `Z`.
 * - kind `unspecified`: a bare wall-clock time (`2018-03-15 13:00:00`); it round-trips without a zone.
 *   Most date functions take such a time as UTC (see `readTimestamp` in date-functions.ts); the
 *   time-zone conversions read it in their source zone and return wall-clock times of this kind.
 */

import { CharCode } from '../char-codes.js';

export type DateTimeKind = 'utc' | 'unspecified';

export interface DateTimeValue {
  /** Milliseconds since 1970-01-01T00:00:00 of the (UTC or wall-clock) time; an integer. */
  readonly ms: number;
  /** The 100 ns ticks inside that millisecond, 0 to 9999. */
  readonly sub: number;
  readonly kind: DateTimeKind;
}

/** The calendar fields of a value, as the formatter needs them. */
export interface DateTimeFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Ticks inside the second, 0 to 9 999 999. */
  readonly fraction: number;
  /** 0 = Sunday, as .NET's `DayOfWeek`. */
  readonly dayOfWeek: number;
  readonly kind: DateTimeKind;
}

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
/** 0001-01-01T00:00:00, .NET's `DateTime.MinValue`. */
export const MIN_MS = -62_135_596_800_000;
/** 9999-12-31T23:59:59.999 (plus up to 9999 sub-millisecond ticks), .NET's `DateTime.MaxValue`. */
export const MAX_MS = 253_402_300_799_999;
const TICKS_PER_MS = 10_000n;

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
export const DAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/** The forms {@link parseTimestamp} reads, for error messages. */
export const ACCEPTED_TIMESTAMP_FORMS =
  "ISO 8601 ('2018-03-15T13:00:00Z', '2018-03-15T13:00:00.1234567+01:00', '2018-03-15'), " +
  "'2018-03-15 13:00:00', month/day/year ('03/15/2018 13:00:00', '3/15/2018 1:00 PM') " +
  "or RFC 1123 ('Thu, 15 Mar 2018 13:00:00 GMT')";

export function floorMod(a: number, b: number): number {
  const r = a % b;
  // `+ 0` turns the -0 of a negative multiple of b into 0.
  return r < 0 ? r + b : r + 0;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The inverse of {@link daysFromCivil}; returns year * 10000 + month * 100 + day to avoid allocating. */
function packedCivilFromDays(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10_000 + month * 100 + day;
}

export function toFields(value: DateTimeValue): DateTimeFields {
  const days = Math.floor(value.ms / MS_PER_DAY);
  const msOfDay = value.ms - days * MS_PER_DAY;
  const packed = packedCivilFromDays(days);
  const secondsOfDay = Math.floor(msOfDay / MS_PER_SECOND);
  return {
    year: Math.floor(packed / 10_000),
    month: Math.floor(packed / 100) % 100,
    day: packed % 100,
    hour: Math.floor(secondsOfDay / 3600),
    minute: Math.floor(secondsOfDay / 60) % 60,
    second: secondsOfDay % 60,
    fraction: (msOfDay % MS_PER_SECOND) * 10_000 + value.sub,
    dayOfWeek: floorMod(days + 4, 7),
    kind: value.kind,
  };
}

export function inRange(ms: number): boolean {
  return ms >= MIN_MS && ms <= MAX_MS;
}

/** .NET's `DateTime.Ticks`: 100 ns intervals since 0001-01-01T00:00:00. */
export function toTicks(value: DateTimeValue): bigint {
  return BigInt(value.ms - MIN_MS) * TICKS_PER_MS + BigInt(value.sub);
}

/** Adds a whole number of milliseconds; undefined when the result leaves 0001–9999. */
export function addMilliseconds(value: DateTimeValue, delta: number): DateTimeValue | undefined {
  const ms = value.ms + delta;
  return inRange(ms) ? { ms, sub: value.sub, kind: value.kind } : undefined;
}

/**
 * .NET's `AddMonths`: moves the month and clamps the day to the new month's length
 * (Jan 31 + 1 month = Feb 28 or 29); undefined when the year leaves 1–9999.
 */
export function addMonths(value: DateTimeValue, months: number): DateTimeValue | undefined {
  const days = Math.floor(value.ms / MS_PER_DAY);
  const msOfDay = value.ms - days * MS_PER_DAY;
  const packed = packedCivilFromDays(days);
  const year = Math.floor(packed / 10_000);
  const month = Math.floor(packed / 100) % 100;
  const day = packed % 100;
  const total = year * 12 + (month - 1) + months;
  const newYear = Math.floor(total / 12);
  if (newYear < 1 || newYear > 9999) return undefined;
  const newMonth = total - newYear * 12 + 1;
  const newDay = Math.min(day, daysInMonth(newYear, newMonth));
  return {
    ms: daysFromCivil(newYear, newMonth, newDay) * MS_PER_DAY + msOfDay,
    sub: value.sub,
    kind: value.kind,
  };
}

/** Truncates to a multiple of `unitMs` (an hour or a day), keeping the kind. */
export function truncate(value: DateTimeValue, unitMs: number): DateTimeValue {
  return { ms: value.ms - floorMod(value.ms, unitMs), sub: 0, kind: value.kind };
}

export function startOfMonth(value: DateTimeValue): DateTimeValue {
  const packed = packedCivilFromDays(Math.floor(value.ms / MS_PER_DAY));
  const year = Math.floor(packed / 10_000);
  const month = Math.floor(packed / 100) % 100;
  return { ms: daysFromCivil(year, month, 1) * MS_PER_DAY, sub: 0, kind: value.kind };
}

/** 1-based day of the year. */
export function dayOfYear(value: DateTimeValue): number {
  const days = Math.floor(value.ms / MS_PER_DAY);
  const year = Math.floor(packedCivilFromDays(days) / 10_000);
  return days - daysFromCivil(year, 1, 1) + 1;
}

// ---------------------------------------------------------------------------------------------
// Parsing: a hand-written scanner over the forms .NET's DateTime.Parse (invariant culture) reads
// and people write in pipelines. It returns a reason string instead of throwing.
// ---------------------------------------------------------------------------------------------

const MONTH_LOOKUP = new Map<string, number>();
MONTH_NAMES.forEach((name, i) => {
  MONTH_LOOKUP.set(name.toLowerCase(), i + 1);
  MONTH_LOOKUP.set(name.slice(0, 3).toLowerCase(), i + 1);
});
MONTH_LOOKUP.set('sept', 9);
const DAY_LOOKUP = new Map<string, number>();
DAY_NAMES.forEach((name, i) => {
  DAY_LOOKUP.set(name.toLowerCase(), i);
  DAY_LOOKUP.set(name.slice(0, 3).toLowerCase(), i);
});

class Scanner {
  pos = 0;
  /** Digits read by the last {@link number} call. */
  digits = 0;

  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): number {
    const code = this.text.charCodeAt(this.pos + offset);
    return Number.isNaN(code) ? -1 : code;
  }

  isDigit(offset = 0): boolean {
    const code = this.peek(offset);
    return code >= CharCode.Zero && code <= CharCode.Nine;
  }

  isLetter(offset = 0): boolean {
    const code = this.peek(offset) | 0x20;
    return code >= 97 && code <= 122;
  }

  accept(code: number): boolean {
    if (this.peek() !== code) return false;
    this.pos++;
    return true;
  }

  /** Reads 1 to `max` digits; -1 (and `digits` 0) when there is none. */
  number(max: number): number {
    let value = 0;
    let count = 0;
    while (count < max && this.isDigit()) {
      value = value * 10 + (this.peek() - CharCode.Zero);
      this.pos++;
      count++;
    }
    this.digits = count;
    return count === 0 ? -1 : value;
  }

  word(): string {
    const start = this.pos;
    while (this.isLetter()) this.pos++;
    return this.text.slice(start, this.pos).toLowerCase();
  }

  skipSpaces(): boolean {
    const start = this.pos;
    while (this.peek() === CharCode.Space || this.peek() === CharCode.Tab) this.pos++;
    return this.pos > start;
  }
}

interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** 2-digit years as .NET's Gregorian calendar reads them (TwoDigitYearMax 2049). */
function fullYear(year: number, digits: number): number {
  if (digits > 2) return year;
  return year <= 49 ? 2000 + year : 1900 + year;
}

function readDate(s: Scanner): DateParts | string {
  if (s.isLetter()) {
    // "March 15, 2018"
    const month = MONTH_LOOKUP.get(s.word());
    if (month === undefined) return 'it does not start with a date';
    s.skipSpaces();
    const day = s.number(2);
    if (day < 0) return 'the day is missing after the month name';
    s.accept(CharCode.Comma);
    s.skipSpaces();
    const year = s.number(4);
    if (year < 0) return 'the year is missing';
    return { year: fullYear(year, s.digits), month, day };
  }
  const first = s.number(4);
  const firstDigits = s.digits;
  if (first < 0) return 'it does not start with a date';
  const separator = s.peek();
  if (separator === CharCode.Minus || separator === CharCode.Slash || separator === CharCode.Dot) {
    s.pos++;
    if (firstDigits === 4) {
      // 2018-03-15, 2018/03/15, 2018.03.15
      const month = s.number(2);
      if (month < 0 || !s.accept(separator)) return 'the date is incomplete';
      const day = s.number(2);
      if (day < 0) return 'the day is missing';
      return { year: first, month, day };
    }
    if (s.isLetter()) {
      // 15-Mar-2018
      const month = MONTH_LOOKUP.get(s.word());
      if (month === undefined || !s.accept(separator)) return 'the month name is not recognised';
      const year = s.number(4);
      if (year < 0) return 'the year is missing';
      return { year: fullYear(year, s.digits), month, day: first };
    }
    if (separator !== CharCode.Slash)
      return 'the date is neither year-month-day nor month/day/year';
    // 03/15/2018: the invariant culture reads month/day/year
    const day = s.number(2);
    if (day < 0 || !s.accept(CharCode.Slash)) return 'the date is incomplete';
    const year = s.number(4);
    if (year < 0) return 'the year is missing';
    return { year: fullYear(year, s.digits), month: first, day };
  }
  if (s.skipSpaces() && s.isLetter()) {
    // 15 March 2018, 15 Mar 2018
    const month = MONTH_LOOKUP.get(s.word());
    if (month === undefined) return 'the month name is not recognised';
    s.skipSpaces();
    const year = s.number(4);
    if (year < 0) return 'the year is missing';
    return { year: fullYear(year, s.digits), month, day: first };
  }
  return 'the date is neither year-month-day nor month/day/year';
}

/** Parses a timestamp; returns the reason as a string when it cannot. */
export function parseTimestamp(input: string): DateTimeValue | string {
  if (input === lastParsedText && lastParsedValue !== undefined) return lastParsedValue;
  const result = parseUncached(input);
  if (typeof result !== 'string') {
    lastParsedText = input;
    lastParsedValue = result;
  }
  return result;
}

let lastParsedText = '';
let lastParsedValue: DateTimeValue | undefined;

function parseUncached(input: string): DateTimeValue | string {
  const iso = parseRoundTripForm(input);
  if (iso !== undefined) return iso;
  const text = input.trim();
  if (text.length === 0) return 'it is empty';
  const s = new Scanner(text);

  let expectedDayOfWeek = -1;
  if (s.isLetter()) {
    const start = s.pos;
    const dayOfWeek = DAY_LOOKUP.get(s.word());
    if (dayOfWeek !== undefined) {
      expectedDayOfWeek = dayOfWeek;
      s.accept(CharCode.Comma);
      s.skipSpaces();
    } else {
      s.pos = start;
    }
  }

  const date = readDate(s);
  if (typeof date === 'string') return date;
  const { year, month, day } = date;
  if (year < 1 || year > 9999) return `the year ${year} is outside 1 to 9999`;
  if (month < 1 || month > 12) return `the month ${month} is outside 1 to 12`;
  if (day < 1 || day > daysInMonth(year, month))
    return `day ${day} does not exist in ${MONTH_NAMES[month - 1]} ${year}`;

  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = 0;
  let offsetMinutes = 0;
  let zoned = false;

  const afterDate = s.pos;
  const sawSpace = s.skipSpaces();
  const sawT = !sawSpace && (s.peek() === 84 || s.peek() === 116) && s.isDigit(1);
  if (sawT) s.pos++;
  if ((sawSpace || sawT) && s.isDigit()) {
    hour = s.number(2);
    const hasMinutes = s.accept(CharCode.Colon);
    if (hasMinutes) {
      minute = s.number(2);
      if (minute < 0) return 'the minutes are missing';
      if (s.accept(CharCode.Colon)) {
        second = s.number(2);
        if (second < 0) return 'the seconds are missing';
        if (s.peek() === CharCode.Dot || s.peek() === CharCode.Comma) {
          s.pos++;
          if (!s.isDigit()) return 'the fraction of a second has no digits';
          fraction = readFraction(s);
        }
      }
    }
    const beforeDesignator = s.pos;
    s.skipSpaces();
    const designator = s.isLetter() ? s.word() : '';
    if (designator === 'am' || designator === 'pm') {
      if (hour < 1 || hour > 12)
        return `the hour ${hour} cannot be used with ${designator.toUpperCase()}`;
      hour = (hour % 12) + (designator === 'pm' ? 12 : 0);
    } else if (hasMinutes) {
      s.pos = beforeDesignator;
    } else {
      return 'the time needs hours and minutes (13:00) or AM/PM (1 PM)';
    }
    if (hour > 23) return `the hour ${hour} is outside 0 to 23`;
    if (minute > 59) return `the minute ${minute} is outside 0 to 59`;
    if (second > 59) return `the second ${second} is outside 0 to 59`;
  } else {
    s.pos = afterDate;
  }

  s.skipSpaces();
  if (!s.done) {
    const sign = s.peek();
    if (sign === CharCode.Plus || sign === CharCode.Minus) {
      s.pos++;
      const hours = s.number(2);
      if (hours < 0) return 'the UTC offset has no hours';
      let minutes = 0;
      const colon = s.accept(CharCode.Colon);
      if (colon || s.isDigit()) {
        minutes = s.number(2);
        if (minutes < 0 || s.digits !== 2) return 'the UTC offset minutes need two digits';
      }
      if (hours > 14 || minutes > 59 || hours * 60 + minutes > 14 * 60) {
        return 'the UTC offset is outside -14:00 to +14:00';
      }
      offsetMinutes = (sign === CharCode.Minus ? -1 : 1) * (hours * 60 + minutes);
      zoned = true;
    } else if (s.isLetter()) {
      const zone = s.word();
      if (zone !== 'z' && zone !== 'gmt' && zone !== 'utc')
        return `'${zone}' is not a time zone designator`;
      zoned = true;
    }
    s.skipSpaces();
    if (!s.done) return `of the unexpected text '${text.slice(s.pos)}'`;
  }

  const days = daysFromCivil(year, month, day);
  if (expectedDayOfWeek >= 0 && floorMod(days + 4, 7) !== expectedDayOfWeek) {
    return `${MONTH_NAMES[month - 1]} ${day}, ${year} is a ${DAY_NAMES[floorMod(days + 4, 7)]}, not a ${DAY_NAMES[expectedDayOfWeek]}`;
  }
  const ms =
    days * MS_PER_DAY +
    hour * MS_PER_HOUR +
    minute * MS_PER_MINUTE +
    second * MS_PER_SECOND +
    Math.floor(fraction / 10_000) -
    offsetMinutes * MS_PER_MINUTE;
  if (!inRange(ms)) return 'it is outside 0001-01-01 to 9999-12-31 in UTC';
  return { ms, sub: fraction % 10_000, kind: zoned ? 'utc' : 'unspecified' };
}

/**
 * The fast path for what the functions themselves write and most pipelines pass around:
 * `yyyy-MM-ddTHH:mm:ss`, an optional fraction of up to 7 digits, and an optional `Z` or `±HH:mm`.
 * Anything else (or anything out of range) goes to the general parser, which explains problems.
 */
function parseRoundTripForm(text: string): DateTimeValue | undefined {
  const length = text.length;
  if (length < 19 || text.charCodeAt(4) !== CharCode.Minus || text.charCodeAt(7) !== CharCode.Minus)
    return undefined;
  const t = text.charCodeAt(10);
  if (
    (t !== 84 && t !== 116) ||
    text.charCodeAt(13) !== CharCode.Colon ||
    text.charCodeAt(16) !== CharCode.Colon
  ) {
    return undefined;
  }
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return undefined;
  if (hour > 23 || minute > 59 || second > 59 || hour < 0 || minute < 0 || second < 0)
    return undefined;
  let pos = 19;
  let fraction = 0;
  if (text.charCodeAt(pos) === CharCode.Dot) {
    const start = ++pos;
    while (pos < length && pos - start < 7 && isDigitCode(text.charCodeAt(pos))) {
      fraction = fraction * 10 + (text.charCodeAt(pos) - CharCode.Zero);
      pos++;
    }
    if (pos === start || isDigitCode(text.charCodeAt(pos))) return undefined;
    for (let i = pos - start; i < 7; i++) fraction *= 10;
  }
  let offsetMinutes = 0;
  let zoned = false;
  if (pos < length) {
    const designator = text.charCodeAt(pos);
    if ((designator === 90 || designator === 122) && pos + 1 === length) {
      zoned = true;
    } else if (
      (designator === CharCode.Plus || designator === CharCode.Minus) &&
      pos + 6 === length &&
      text.charCodeAt(pos + 3) === CharCode.Colon
    ) {
      const hours = digitsAt(text, pos + 1, 2);
      const minutes = digitsAt(text, pos + 4, 2);
      if (hours < 0 || minutes < 0 || minutes > 59 || hours * 60 + minutes > 14 * 60)
        return undefined;
      offsetMinutes = (designator === CharCode.Minus ? -1 : 1) * (hours * 60 + minutes);
      zoned = true;
    } else {
      return undefined;
    }
  }
  const ms =
    daysFromCivil(year, month, day) * MS_PER_DAY +
    hour * MS_PER_HOUR +
    minute * MS_PER_MINUTE +
    second * MS_PER_SECOND +
    Math.floor(fraction / 10_000) -
    offsetMinutes * MS_PER_MINUTE;
  if (!inRange(ms)) return undefined;
  return { ms, sub: fraction % 10_000, kind: zoned ? 'utc' : 'unspecified' };
}

function isDigitCode(code: number): boolean {
  return code >= CharCode.Zero && code <= CharCode.Nine;
}

/** The number written by `count` digits at `at`, or -1 when one of them is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigitCode(code)) return -1;
    value = value * 10 + (code - CharCode.Zero);
  }
  return value;
}

/** Reads fraction digits as ticks (7 digits), rounding on the 8th as .NET does. */
function readFraction(s: Scanner): number {
  let ticks = 0;
  let count = 0;
  let roundUp = false;
  while (s.isDigit()) {
    const digit = s.peek() - CharCode.Zero;
    if (count < 7) ticks = ticks * 10 + digit;
    else if (count === 7) roundUp = digit >= 5;
    count++;
    s.pos++;
  }
  for (let i = count; i < 7; i++) ticks *= 10;
  return roundUp ? ticks + 1 : ticks;
}
