import fc from 'fast-check';
import { WINDOWS_TO_IANA_MAP } from 'windows-iana';
import { describe, expect, it } from 'vitest';
import {
  findTimeZone,
  offsetAt,
  suggestTimeZone,
  timeZoneCount,
  wallToUtc,
  type WindowsTimeZone,
} from './date-time-zones.js';

const windowsNames = [
  ...new Set(WINDOWS_TO_IANA_MAP.filter((e) => e.territory === '001').map((e) => e.windowsName)),
];
const zones = windowsNames.map((name) => findTimeZone(name) as WindowsTimeZone);
const HOUR = 3_600_000;

describe('Windows time-zone names', () => {
  it('knows every Windows zone of the CLDR table, ignoring case', () => {
    expect(timeZoneCount()).toBe(windowsNames.length);
    expect(windowsNames.length).toBeGreaterThan(130);
    for (const name of windowsNames) {
      expect(findTimeZone(name)?.id).toBe(name);
      expect(findTimeZone(name.toUpperCase())?.id).toBe(name);
    }
    expect(findTimeZone('Pacific Standard Time')?.iana).toBe('America/Los_Angeles');
    expect(findTimeZone('UTC')?.isUtc).toBe(true);
    expect(findTimeZone('GMT Standard Time')?.isUtc).toBe(false);
    expect(findTimeZone('America/Los_Angeles')).toBeUndefined();
    expect(findTimeZone('')).toBeUndefined();
  });

  it('suggests a Windows name for IANA names and punctuated spellings only', () => {
    expect(suggestTimeZone('Europe/Berlin')).toBe('W. Europe Standard Time');
    expect(suggestTimeZone('Asia/Kolkata')).toBe('India Standard Time');
    expect(suggestTimeZone('W Europe Standard Time')).toBe('W. Europe Standard Time');
    expect(suggestTimeZone('Pacific Time')).toBeUndefined();
    expect(suggestTimeZone('Nowhere/City')).toBeUndefined();
  });
});

describe('offsets', () => {
  it('follows daylight saving time', () => {
    const pacific = findTimeZone('Pacific Standard Time') as WindowsTimeZone;
    expect(offsetAt(pacific, Date.UTC(2018, 0, 1))).toBe(-8 * HOUR);
    expect(offsetAt(pacific, Date.UTC(2018, 6, 1))).toBe(-7 * HOUR);
    expect(offsetAt(pacific, Date.UTC(2018, 2, 11, 10) - 1)).toBe(-8 * HOUR);
    expect(offsetAt(pacific, Date.UTC(2018, 2, 11, 10))).toBe(-7 * HOUR);
    const india = findTimeZone('India Standard Time') as WindowsTimeZone;
    expect(offsetAt(india, Date.UTC(2018, 6, 1))).toBe(5.5 * HOUR);
  });

  it('stays within ±14 hours in whole minutes for every zone and instant since 1900', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
        (zone, utc) => {
          const offset = offsetAt(zone, utc);
          expect(Math.abs(offset)).toBeLessThanOrEqual(14 * HOUR);
          if (utc > Date.UTC(1980, 0, 1)) expect(Math.abs(offset % 60_000)).toBe(0);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('maps a wall-clock time back to an instant that shows it, preferring standard time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2100, 0, 1) }),
        (zone, utc) => {
          const wall = utc + offsetAt(zone, utc);
          const back = wallToUtc(zone, wall);
          expect(back).toBeDefined();
          const instant = back as number;
          expect(instant + offsetAt(zone, instant)).toBe(wall);
          // Either the same instant, or the later (standard-time) reading of a repeated hour.
          expect(instant).toBeGreaterThanOrEqual(utc);
          expect(instant - utc).toBeLessThanOrEqual(2 * HOUR);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('finds no instant for a wall-clock time that clocks skipped', () => {
    const pacific = findTimeZone('Pacific Standard Time') as WindowsTimeZone;
    expect(wallToUtc(pacific, Date.UTC(2018, 2, 11, 2, 30))).toBeUndefined();
    expect(wallToUtc(pacific, Date.UTC(2018, 2, 11, 3, 0))).toBe(Date.UTC(2018, 2, 11, 10));
    const utc = findTimeZone('UTC') as WindowsTimeZone;
    expect(wallToUtc(utc, 12345)).toBe(12345);
  });
});
