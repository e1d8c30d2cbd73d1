/**
 * Windows time-zone names ('Pacific Standard Time', 'W. Europe Standard Time', 'UTC'…), the names
 * Data Factory's convertFromUtc, convertToUtc and convertTimeZone take. Each maps (through CLDR's
 * table in `windows-iana`) to its representative IANA zone, whose offsets Node's ICU computes,
 * daylight saving time included.
 */
import { createRequire } from 'node:module';
import type * as WindowsIanaLibrary from 'windows-iana';
import { MS_PER_DAY } from './date-time-value.js';

export interface WindowsTimeZone {
  /** The Windows name as Windows spells it. */
  readonly id: string;
  readonly iana: string;
  /** The 'UTC' zone: conversions into it give UTC timestamps (kind `utc`, written with `Z`). */
  readonly isUtc: boolean;
}

export const TIME_ZONE_EXAMPLES =
  "'UTC', 'Pacific Standard Time', 'Eastern Standard Time', 'W. Europe Standard Time', 'India Standard Time'";

type WindowsIana = typeof WindowsIanaLibrary;

/**
 * CLDR's table loads on first use, through `require`: few pipelines convert time zones, and
 * loading it costs every process that evaluates expressions about 8 MB.
 */
let timeZones:
  | {
      readonly library: WindowsIana;
      readonly byLowerCaseId: ReadonlyMap<string, WindowsTimeZone>;
      readonly bySquashedId: ReadonlyMap<string, WindowsTimeZone>;
    }
  | undefined;

function windowsTimeZones(): NonNullable<typeof timeZones> {
  if (timeZones !== undefined) return timeZones;
  const library = createRequire(import.meta.url)('windows-iana') as WindowsIana;
  const byLowerCaseId = new Map<string, WindowsTimeZone>();
  const bySquashedId = new Map<string, WindowsTimeZone>();
  for (const entry of library.WINDOWS_TO_IANA_MAP) {
    const iana = entry.iana[0];
    if (entry.territory !== '001' || iana === undefined) continue;
    const zone: WindowsTimeZone = {
      id: entry.windowsName,
      iana,
      isUtc: entry.windowsName === 'UTC',
    };
    byLowerCaseId.set(zone.id.toLowerCase(), zone);
    bySquashedId.set(squash(zone.id), zone);
  }
  timeZones = { library, byLowerCaseId, bySquashedId };
  return timeZones;
}

/** Lower case without punctuation or spaces, to recognise 'A.U.S. Eastern Standard Time'. */
function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9+-]/g, '');
}

/** Finds a Windows time zone ignoring case, as Windows does. */
export function findTimeZone(name: string): WindowsTimeZone | undefined {
  return windowsTimeZones().byLowerCaseId.get(name.toLowerCase());
}

/** A suggestion for an unknown name: the Windows name of an IANA zone, or a near spelling. */
export function suggestTimeZone(name: string): string | undefined {
  const { library, bySquashedId } = windowsTimeZones();
  const near = bySquashedId.get(squash(name));
  if (near) return near.id;
  const windows = name.includes('/') ? library.findWindows(name)[0] : undefined;
  return windows !== undefined && findTimeZone(windows) ? windows : undefined;
}

export function timeZoneCount(): number {
  return windowsTimeZones().byLowerCaseId.size;
}

// ---------------------------------------------------------------------------------------------
// Offsets
// ---------------------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(iana: string): Intl.DateTimeFormat {
  let formatter = formatters.get(iana);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(iana, formatter);
  }
  return formatter;
}

/**
 * ICU switches to the Julian calendar before 1582 and IANA has local mean times before standard
 * time; Windows zones have neither, so instants before 1900 use the zone's offset of 1900-01-01.
 */
const EARLIEST_EXACT_MS = Date.UTC(1900, 0, 1);

const MS_PER_HOUR = 3_600_000;
const MAX_CACHED_HOURS = 4096;
/** Per zone: offsets of whole UTC hours (transitions never come twice within an hour). */
const hourlyOffsets = new Map<WindowsTimeZone, Map<number, number>>();

/** The zone's offset from UTC (milliseconds, east positive) at a UTC instant. */
export function offsetAt(zone: WindowsTimeZone, utcMs: number): number {
  if (zone.isUtc) return 0;
  const at = Math.max(utcMs, EARLIEST_EXACT_MS);
  const hour = Math.floor(at / MS_PER_HOUR);
  let cache = hourlyOffsets.get(zone);
  if (cache === undefined) {
    cache = new Map();
    hourlyOffsets.set(zone, cache);
  }
  const cached = cache.get(hour);
  if (cached !== undefined) return cached;
  const start = computeOffset(zone, hour * MS_PER_HOUR);
  if (start !== computeOffset(zone, (hour + 1) * MS_PER_HOUR - 1000))
    return computeOffset(zone, at);
  if (cache.size >= MAX_CACHED_HOURS) cache.clear();
  cache.set(hour, start);
  return start;
}

/** Asks ICU for the wall-clock fields at an instant (to the second) and compares them with UTC. */
function computeOffset(zone: WindowsTimeZone, utcMs: number): number {
  const at = Math.floor(utcMs / 1000) * 1000;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(zone.iana).formatToParts(at)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) - at;
}

/**
 * The UTC instant of a wall-clock time in a zone, as .NET's `ConvertTimeToUtc` reads it: an
 * ambiguous time (clocks turned back) is taken as standard time, the later instant; a time that
 * clocks skipped (turned forward) does not exist and gives undefined.
 */
export function wallToUtc(zone: WindowsTimeZone, wallMs: number): number | undefined {
  if (zone.isUtc) return wallMs;
  const before = wallMs - offsetAt(zone, wallMs - MS_PER_DAY);
  const after = wallMs - offsetAt(zone, wallMs + MS_PER_DAY);
  const beforeValid = wallMs - offsetAt(zone, before) === before;
  const afterValid = wallMs - offsetAt(zone, after) === after;
  if (beforeValid && afterValid) return Math.max(before, after);
  if (beforeValid) return before;
  if (afterValid) return after;
  return undefined;
}
