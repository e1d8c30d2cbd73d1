import { describe, expect, it } from 'vitest';
import { parseTimeSpan } from './time-span.js';

describe('parseTimeSpan', () => {
  it.each<[string, number | undefined]>([
    ['00:01:00', 60_000],
    ['00:10:00', 600_000],
    ['1.02:03:04', ((26 * 60 + 3) * 60 + 4) * 1000],
    ['00:00:01.5', 1500],
    ['0:00:30', 30_000],
    ['00:60:00', undefined],
    ['24:00:00', undefined],
    ['5m', undefined],
    ['', undefined],
  ])('%s → %s', (text, expected) => {
    expect(parseTimeSpan(text)).toBe(expected);
  });
});
