import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRoundTrip } from './date-format-dotnet.js';
import {
  addMonths,
  dayOfYear,
  daysFromCivil,
  MAX_MS,
  MIN_MS,
  MS_PER_DAY,
  parseTimestamp,
  startOfMonth,
  toFields,
  toTicks,
  truncate,
  type DateTimeValue,
} from './date-time-value.js';

const anyValue = fc.record({
  ms: fc.integer({ min: MIN_MS, max: MAX_MS }),
  sub: fc.integer({ min: 0, max: 9999 }),
  kind: fc.constantFrom('utc' as const, 'unspecified' as const),
});

describe('calendar arithmetic', () => {
  it('agrees with JavaScript Date on every field from 0001 to 9999', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const date = new Date(value.ms);
        const fields = toFields(value);
        expect([
          fields.year,
          fields.month,
          fields.day,
          fields.hour,
          fields.minute,
          fields.second,
        ]).toEqual([
          date.getUTCFullYear(),
          date.getUTCMonth() + 1,
          date.getUTCDate(),
          date.getUTCHours(),
          date.getUTCMinutes(),
          date.getUTCSeconds(),
        ]);
        expect(fields.dayOfWeek).toBe(date.getUTCDay());
        expect(fields.fraction).toBe(date.getUTCMilliseconds() * 10_000 + value.sub);
        expect(daysFromCivil(fields.year, fields.month, fields.day)).toBe(
          Math.floor(value.ms / MS_PER_DAY),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('counts the day of the year from January 1st', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const year = new Date(value.ms).getUTCFullYear();
        const januaryFirst = new Date(0);
        januaryFirst.setUTCFullYear(year, 0, 1);
        expect(dayOfYear(value)).toBe(
          Math.floor((value.ms - januaryFirst.getTime()) / MS_PER_DAY) + 1,
        );
      }),
    );
  });

  it('computes ticks exactly, from 0 to DateTime.MaxValue', () => {
    expect(toTicks({ ms: MIN_MS, sub: 0, kind: 'utc' })).toBe(0n);
    expect(toTicks({ ms: MAX_MS, sub: 9999, kind: 'utc' })).toBe(3_155_378_975_999_999_999n);
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(toTicks(value)).toBe(
          (BigInt(value.ms) + 62_135_596_800_000n) * 10_000n + BigInt(value.sub),
        );
      }),
    );
  });

  it('adds months as .NET does: same day, clamped to the month length, time kept', () => {
    fc.assert(
      fc.property(anyValue, fc.integer({ min: -1200, max: 1200 }), (value, months) => {
        const result = addMonths(value, months);
        const from = toFields(value);
        const total = from.year * 12 + from.month - 1 + months;
        const year = Math.floor(total / 12);
        if (year < 1 || year > 9999) {
          expect(result).toBeUndefined();
          return;
        }
        const month = total - year * 12 + 1;
        const lastDay =
          new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
        expect(result).toBeDefined();
        const to = toFields(result as DateTimeValue);
        expect([to.year, to.month, to.day]).toEqual([year, month, Math.min(from.day, lastDay)]);
        expect([to.hour, to.minute, to.second, to.fraction, to.kind]).toEqual([
          from.hour,
          from.minute,
          from.second,
          from.fraction,
          from.kind,
        ]);
      }),
      { numRuns: 2000 },
    );
  });

  it('truncates to the hour, day and month, also before 1970', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const f = toFields(value);
        const day = toFields(truncate(value, MS_PER_DAY));
        expect([
          day.year,
          day.month,
          day.day,
          day.hour,
          day.minute,
          day.second,
          day.fraction,
        ]).toEqual([f.year, f.month, f.day, 0, 0, 0, 0]);
        const month = toFields(startOfMonth(value));
        expect([
          month.year,
          month.month,
          month.day,
          month.hour,
          month.fraction,
          month.kind,
        ]).toEqual([f.year, f.month, 1, 0, 0, f.kind]);
      }),
    );
  });
});

describe('parseTimestamp', () => {
  it('reads back every round-trip ("o") text it writes, exactly', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(parseTimestamp(formatRoundTrip(value))).toEqual(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with Date.parse on ISO 8601 instants with offsets', () => {
    const instant = fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9000, 0, 1) });
    const offset = fc.integer({ min: -14 * 60, max: 14 * 60 });
    fc.assert(
      fc.property(instant, offset, (ms, minutes) => {
        const local = new Date(ms + minutes * 60_000).toISOString().slice(0, 23);
        const sign = minutes < 0 ? '-' : '+';
        const abs = Math.abs(minutes);
        const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        const parsed = parseTimestamp(text);
        expect(parsed).toEqual({ ms: Date.parse(text), sub: 0, kind: 'utc' });
      }),
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const parsed = parseTimestamp(text);
        expect(typeof parsed === 'string' || typeof parsed.ms === 'number').toBe(true);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...'0123456789-/:.T Z+,APMamrchJanSunday'.split('')), {
          maxLength: 30,
        }),
        (chars) => {
          const parsed = parseTimestamp(chars.join(''));
          if (typeof parsed !== 'string') expect(parsed.ms).toBeGreaterThanOrEqual(MIN_MS);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

describe('the round-trip fast path', () => {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  const isoText = fc
    .record({
      year: fc.integer({ min: 1, max: 9999 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
      hour: fc.integer({ min: 0, max: 25 }),
      minute: fc.integer({ min: 0, max: 60 }),
      second: fc.integer({ min: 0, max: 60 }),
      fraction: fc.option(fc.stringMatching(/^[0-9]{1,9}$/)),
      zone: fc.constantFrom('', 'Z', 'z', '+02:00', '-14:00', '+14:30', '+5:00', ' '),
    })
    .map(
      (t) =>
        `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}` +
        `${t.fraction === null ? '' : `.${t.fraction}`}${t.zone}`,
    );

  it('reads every timestamp exactly as the general parser does', () => {
    fc.assert(
      fc.property(isoText, (text) => {
        // A leading space makes the fast path decline, so the general parser reads the same text.
        expect(parseTimestamp(text)).toEqual(parseTimestamp(` ${text}`));
      }),
      { numRuns: 5_000 },
    );
  });
});
