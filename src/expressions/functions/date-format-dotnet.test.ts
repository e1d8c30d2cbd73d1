import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyFormat,
  compileDotNetFormat,
  formatRoundTrip,
  type CompiledFormat,
} from './date-format-dotnet.js';
import { MAX_MS, MIN_MS, type DateTimeValue } from './date-time-value.js';

const instant = fc.integer({ min: MIN_MS, max: MAX_MS });

function format(value: DateTimeValue, pattern: string): string {
  const compiled = compileDotNetFormat(pattern);
  if (typeof compiled === 'string') throw new Error(compiled);
  return applyFormat(value, compiled);
}

describe('compileDotNetFormat', () => {
  it('compiles a format once and reuses it', () => {
    const first = compileDotNetFormat('yyyy/MM/dd');
    expect(typeof first).toBe('object');
    expect(compileDotNetFormat('yyyy/MM/dd')).toBe(first);
    expect((first as CompiledFormat).source).toBe('yyyy/MM/dd');
  });

  it('keeps working when more formats are used than the cache holds', () => {
    const value: DateTimeValue = { ms: Date.UTC(2018, 2, 15, 13, 5, 9), sub: 0, kind: 'utc' };
    for (let i = 0; i < 1200; i++) expect(format(value, `'#${i}' yyyy`)).toBe(`#${i} 2018`);
    expect(format(value, 'yyyy/MM/dd')).toBe('2018/03/15');
  });

  it('reports invalid formats as a reason instead of throwing', () => {
    expect(compileDotNetFormat('x')).toMatch(/not a standard format specifier/);
    expect(compileDotNetFormat("'open")).toMatch(/never closed/);
    expect(compileDotNetFormat('ffffffff')).toMatch(/at most 7/);
    expect(compileDotNetFormat('%')).toMatch(/not a standard format specifier/);
    expect(compileDotNetFormat('yyyy%')).toMatch(/followed by one format specifier/);
    expect(compileDotNetFormat('a\\')).toMatch(/lone backslash/);
  });

  it('writes the same digits as toISOString for any instant', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const value: DateTimeValue = { ms, sub: 0, kind: 'utc' };
        const iso = new Date(ms).toISOString();
        expect(format(value, 'yyyy-MM-ddTHH:mm:ss.fffZ')).toBe(iso);
        expect(formatRoundTrip(value)).toBe(`${iso.slice(0, 23)}0000Z`);
        expect(format(value, 'o')).toBe(formatRoundTrip(value));
      }),
      { numRuns: 1000 },
    );
  });
});
