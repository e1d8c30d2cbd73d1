import {
  applyFormat,
  compileDotNetFormat,
  formatRoundTrip,
  STANDARD_FORMAT_LETTERS,
} from './date-format-dotnet.js';
import {
  ACCEPTED_TIMESTAMP_FORMS,
  addMilliseconds,
  addMonths,
  dayOfYear,
  floorMod,
  MAX_MS,
  MIN_MS,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
  parseTimestamp,
  startOfMonth,
  toFields,
  toTicks,
  truncate,
  type DateTimeValue,
} from './date-time-value.js';
import {
  findTimeZone,
  offsetAt,
  suggestTimeZone,
  TIME_ZONE_EXAMPLES,
  wallToUtc,
  type WindowsTimeZone,
} from './date-time-zones.js';
import {
  defineFunctions,
  type CallSite,
  type EagerFunctionDefinition,
  type FunctionExample,
  type ParamSpec,
} from './function-definition.js';
import type { Value } from '../values.js';

const TIMESTAMP: ParamSpec = { name: 'timestamp', type: 'string' };
const FORMAT: ParamSpec = { name: 'format', type: 'string', optional: true };
const TIME_UNIT: ParamSpec = { name: 'timeUnit', type: 'string' };

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * Reads a timestamp as ADF does for every function but the time-zone conversions: a time without
 * a zone is taken as UTC, so `formatDateTime('2020-07-17')` is `2020-07-17T00:00:00.0000000Z`.
 */
function readTimestamp(call: CallSite, text: string, index = 0): DateTimeValue {
  const value = readWallClock(call, text, index);
  return value.kind === 'utc' ? value : { ms: value.ms, sub: value.sub, kind: 'utc' };
}

/** Reads a timestamp keeping a zoneless time zoneless, for the functions that give it a zone. */
function readWallClock(call: CallSite, text: string, index = 0): DateTimeValue {
  const parsed = parseTimestamp(text);
  if (typeof parsed === 'string') {
    return call.fail(
      'EXPR_INVALID_DATE',
      `The function '${call.name}' cannot read '${shorten(text)}' as a timestamp because ${parsed}; write it as ${ACCEPTED_TIMESTAMP_FORMS}.`,
      index,
    );
  }
  return parsed;
}

/** Writes a result in the caller's format, `o` (round-trip) when there is none. */
function render(
  call: CallSite,
  value: DateTimeValue,
  format: Value | undefined,
  index: number,
): string {
  if (format === undefined || format === 'o' || format === 'O') return formatRoundTrip(value);
  const compiled = compileDotNetFormat(format as string);
  if (typeof compiled === 'string') {
    return call.fail(
      'EXPR_INVALID_FORMAT',
      `The function '${call.name}' cannot use the format '${shorten(format as string)}': ${compiled}. Use a standard format (${STANDARD_FORMAT_LETTERS}) or a custom pattern such as 'yyyy-MM-dd HH:mm:ss'.`,
      index,
    );
  }
  return applyFormat(value, compiled);
}

/** `utcNow()`: the context's fixed instant when it has one, else the clock. */
function now(call: CallSite): DateTimeValue {
  const fixed = call.context.now;
  if (fixed === undefined) return { ms: Date.now(), sub: 0, kind: 'utc' };
  const parsed = parseTimestamp(fixed);
  if (typeof parsed === 'string') {
    return call.fail(
      'EXPR_INVALID_DATE',
      `The evaluation's fixed clock '${shorten(fixed)}' is not a timestamp (${parsed}); set it to an ISO 8601 instant such as '2026-01-01T00:00:00Z'.`,
    );
  }
  return parsed.kind === 'utc' ? parsed : { ms: parsed.ms, sub: parsed.sub, kind: 'utc' };
}

interface TimeUnit {
  readonly name: string;
  readonly ms: number;
  readonly months: number;
}

const TIME_UNITS = new Map<string, TimeUnit>(
  (
    [
      ['Second', MS_PER_SECOND, 0],
      ['Minute', MS_PER_MINUTE, 0],
      ['Hour', MS_PER_HOUR, 0],
      ['Day', MS_PER_DAY, 0],
      ['Week', 7 * MS_PER_DAY, 0],
      ['Month', 0, 1],
      ['Year', 0, 12],
    ] as const
  ).map(([name, ms, months]) => [name.toLowerCase(), { name, ms, months }]),
);
const UNIT_SECOND = TIME_UNITS.get('second') as TimeUnit;
const UNIT_MINUTE = TIME_UNITS.get('minute') as TimeUnit;
const UNIT_HOUR = TIME_UNITS.get('hour') as TimeUnit;
const UNIT_DAY = TIME_UNITS.get('day') as TimeUnit;

function readUnit(call: CallSite, text: string, index: number): TimeUnit {
  const unit = TIME_UNITS.get(text.toLowerCase());
  if (unit === undefined) {
    return call.fail(
      'EXPR_INVALID_FORMAT',
      `The function '${call.name}' does not know the time unit '${shorten(text)}'; use 'Second', 'Minute', 'Hour', 'Day', 'Week', 'Month' or 'Year'.`,
      index,
    );
  }
  return unit;
}

/** Beyond this many units, any unit leaves 0001–9999, and Number() would lose digits. */
const MAX_UNITS = 400_000_000_000_000n;
/** .NET's AddMonths limit. */
const MAX_MONTHS = 120_000;

/** Moves a timestamp by `amount` units (negative to go back); fails when it leaves 0001–9999. */
function shift(
  call: CallSite,
  value: DateTimeValue,
  amount: bigint,
  unit: TimeUnit,
  index: number,
): DateTimeValue {
  let result: DateTimeValue | undefined;
  if (amount <= MAX_UNITS && amount >= -MAX_UNITS) {
    const count = Number(amount);
    if (unit.months === 0) result = addMilliseconds(value, count * unit.ms);
    else if (Math.abs(count * unit.months) <= MAX_MONTHS)
      result = addMonths(value, count * unit.months);
  }
  if (result === undefined) {
    const plural = amount === 1n || amount === -1n ? '' : 's';
    return call.fail(
      'EXPR_INVALID_ARGUMENT',
      `The function '${call.name}' cannot move '${formatRoundTrip(value)}' by ${amount} ${unit.name.toLowerCase()}${plural}: the result would be outside 0001-01-01 to 9999-12-31.`,
      index,
    );
  }
  return result;
}

function readZone(call: CallSite, name: string, index: number): WindowsTimeZone {
  const zone = findTimeZone(name);
  if (zone !== undefined) return zone;
  const suggestion = suggestTimeZone(name);
  return call.fail(
    'EXPR_UNKNOWN_TIME_ZONE',
    `The time zone '${shorten(name)}' is not a Windows time-zone name${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}; use a Windows name such as ${TIME_ZONE_EXAMPLES}.`,
    index,
  );
}

/** .NET's conversions clamp to DateTime's range instead of failing. */
function clamped(ms: number, sub: number, kind: DateTimeValue['kind']): DateTimeValue {
  if (ms < MIN_MS) return { ms: MIN_MS, sub: 0, kind };
  if (ms > MAX_MS) return { ms: MAX_MS, sub: 9999, kind };
  return { ms, sub, kind };
}

/** UTC instant → wall clock of `zone`; unspecified kind, except in the UTC zone. */
function fromUtc(utc: DateTimeValue, zone: WindowsTimeZone): DateTimeValue {
  return clamped(utc.ms + offsetAt(zone, utc.ms), utc.sub, zone.isUtc ? 'utc' : 'unspecified');
}

/** A timestamp read in `zone` (unless it names its own offset) → UTC instant. */
function toUtc(
  call: CallSite,
  value: DateTimeValue,
  zone: WindowsTimeZone,
  zoneIndex: number,
): DateTimeValue {
  if (value.kind === 'utc') return value;
  const ms = wallToUtc(zone, value.ms);
  if (ms === undefined) {
    return call.fail(
      'EXPR_INVALID_DATE',
      `The function '${call.name}' cannot convert '${formatRoundTrip(value)}': that time does not exist in '${zone.id}' because clocks skipped it when daylight saving time began.`,
      zoneIndex,
    );
  }
  return clamped(ms, value.sub, 'utc');
}

function addUnitFunction(
  name: string,
  unit: TimeUnit,
  examples: readonly [FunctionExample, ...FunctionExample[]],
): EagerFunctionDefinition {
  const noun = `${unit.name.toLowerCase()}s`;
  return {
    name,
    family: 'date',
    summary: `Add a number of ${noun} (negative to subtract) to a timestamp, in the round-trip format unless a format is given.`,
    params: [TIMESTAMP, { name: noun, type: 'integer' }, FORMAT],
    returns: 'String',
    examples,
    evaluate: ([timestamp, amount, format], call) =>
      render(
        call,
        shift(call, readTimestamp(call, timestamp as string), amount as bigint, unit, 1),
        format,
        2,
      ),
  };
}

/** ADF's date functions. */
export const dateFunctions = defineFunctions([
  addUnitFunction('addDays', UNIT_DAY, [
    {
      expression: "@addDays('2018-03-15T13:00:00Z', 10)",
      result: '"2018-03-25T13:00:00.0000000Z"',
    },
    { expression: "@addDays(pipeline().TriggerTime, -1, 'yyyy-MM-dd')", result: '"2025-12-31"' },
  ]),
  addUnitFunction('addHours', UNIT_HOUR, [
    {
      expression: "@addHours('2018-03-15T00:00:00Z', 10)",
      result: '"2018-03-15T10:00:00.0000000Z"',
    },
    {
      expression: "@addHours(trigger().scheduledTime, -2, 'yyyy/MM/dd/HH')",
      result: '"2026/01/01/04"',
    },
  ]),
  addUnitFunction('addMinutes', UNIT_MINUTE, [
    {
      expression: "@addMinutes('2018-03-15T00:10:00Z', 10)",
      result: '"2018-03-15T00:20:00.0000000Z"',
    },
  ]),
  addUnitFunction('addSeconds', UNIT_SECOND, [
    {
      expression: "@addSeconds('2018-03-15T00:00:30Z', -5)",
      result: '"2018-03-15T00:00:25.0000000Z"',
    },
  ]),
  {
    name: 'addToTime',
    family: 'date',
    summary:
      "Add a number of time units (Second, Minute, Hour, Day, Week, Month or Year) to a timestamp; months and years keep the day within the target month's length.",
    params: [TIMESTAMP, { name: 'interval', type: 'integer' }, TIME_UNIT, FORMAT],
    returns: 'String',
    examples: [
      {
        expression: "@addToTime('2018-01-01T00:00:00Z', 1, 'Day', 'D')",
        result: '"Tuesday, January 2, 2018"',
      },
      {
        expression: "@addToTime('2018-01-31T00:00:00Z', 1, 'Month')",
        result: '"2018-02-28T00:00:00.0000000Z"',
      },
    ],
    evaluate: ([timestamp, interval, unit, format], call) => {
      const value = readTimestamp(call, timestamp as string);
      return render(
        call,
        shift(call, value, interval as bigint, readUnit(call, unit as string, 2), 1),
        format,
        3,
      );
    },
  },
  {
    name: 'convertFromUtc',
    family: 'date',
    summary:
      "Convert a UTC timestamp to the wall-clock time of a Windows time zone, daylight saving time included; the result has no offset unless the zone is 'UTC'.",
    params: [TIMESTAMP, { name: 'destinationTimeZone', type: 'string' }, FORMAT],
    returns: 'String',
    examples: [
      {
        expression: "@convertFromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time')",
        result: '"2018-01-01T00:00:00.0000000"',
      },
      {
        expression:
          "@convertFromUtc(pipeline().TriggerTime, 'W. Europe Standard Time', 'yyyy-MM-dd HH:mm')",
        result: '"2026-01-01 07:00"',
      },
    ],
    evaluate: ([timestamp, zone, format], call) => {
      const value = readTimestamp(call, timestamp as string);
      return render(call, fromUtc(value, readZone(call, zone as string, 1)), format, 2);
    },
  },
  {
    name: 'convertTimeZone',
    family: 'date',
    summary:
      'Convert a wall-clock timestamp from one Windows time zone to another (a timestamp with its own offset or Z is taken as that instant).',
    params: [
      TIMESTAMP,
      { name: 'sourceTimeZone', type: 'string' },
      { name: 'destinationTimeZone', type: 'string' },
      FORMAT,
    ],
    returns: 'String',
    examples: [
      {
        expression:
          "@convertTimeZone('2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time')",
        result: '"2018-01-01T00:00:00.0000000"',
      },
      {
        expression:
          "@convertTimeZone('2018-07-01 09:00:00', 'Eastern Standard Time', 'India Standard Time', 'yyyy-MM-dd HH:mm')",
        result: '"2018-07-01 18:30"',
      },
    ],
    evaluate: ([timestamp, source, destination, format], call) => {
      const value = readWallClock(call, timestamp as string);
      const sourceZone = readZone(call, source as string, 1);
      const destinationZone = readZone(call, destination as string, 2);
      return render(call, fromUtc(toUtc(call, value, sourceZone, 1), destinationZone), format, 3);
    },
  },
  {
    name: 'convertToUtc',
    family: 'date',
    summary:
      'Convert a wall-clock timestamp of a Windows time zone to UTC (a timestamp with its own offset or Z is taken as that instant).',
    params: [TIMESTAMP, { name: 'sourceTimeZone', type: 'string' }, FORMAT],
    returns: 'String',
    examples: [
      {
        expression: "@convertToUtc('01/01/2018 00:00:00', 'Pacific Standard Time')",
        result: '"2018-01-01T08:00:00.0000000Z"',
      },
      {
        expression:
          "@convertToUtc('2026-07-01 08:00', 'GMT Standard Time', 'yyyy-MM-ddTHH:mm:ssZ')",
        result: '"2026-07-01T07:00:00Z"',
      },
    ],
    evaluate: ([timestamp, zone, format], call) => {
      const value = readWallClock(call, timestamp as string);
      return render(call, toUtc(call, value, readZone(call, zone as string, 1), 1), format, 2);
    },
  },
  {
    name: 'dayOfMonth',
    family: 'date',
    summary: 'Return the day of the month (1 to 31) of a timestamp.',
    params: [TIMESTAMP],
    returns: 'Integer',
    examples: [{ expression: "@dayOfMonth('2018-03-15T13:27:36Z')", result: '15' }],
    evaluate: ([timestamp], call) => BigInt(toFields(readTimestamp(call, timestamp as string)).day),
  },
  {
    name: 'dayOfWeek',
    family: 'date',
    summary: 'Return the day of the week of a timestamp, from 0 for Sunday to 6 for Saturday.',
    params: [TIMESTAMP],
    returns: 'Integer',
    examples: [{ expression: "@dayOfWeek('2018-03-15T13:27:36Z')", result: '4' }],
    evaluate: ([timestamp], call) => {
      const value = readTimestamp(call, timestamp as string);
      return BigInt(floorMod(Math.floor(value.ms / MS_PER_DAY) + 4, 7));
    },
  },
  {
    name: 'dayOfYear',
    family: 'date',
    summary: 'Return the day of the year (1 to 366) of a timestamp.',
    params: [TIMESTAMP],
    returns: 'Integer',
    examples: [{ expression: "@dayOfYear('2018-03-15T13:27:36Z')", result: '74' }],
    evaluate: ([timestamp], call) => BigInt(dayOfYear(readTimestamp(call, timestamp as string))),
  },
  {
    name: 'formatDateTime',
    family: 'date',
    summary:
      'Return a timestamp written in a .NET standard or custom format, the round-trip format by default.',
    params: [TIMESTAMP, FORMAT],
    returns: 'String',
    examples: [
      {
        expression: "@formatDateTime('03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss')",
        result: '"2018-03-15T12:00:00"',
      },
      { expression: "@formatDateTime(utcNow(), 'yyyy/MM/dd')", result: '"2026/01/01"' },
      {
        expression: "@formatDateTime(pipeline().TriggerTime, 'yyyyMMddHHmm')",
        result: '"202601010600"',
      },
    ],
    evaluate: ([timestamp, format], call) =>
      render(call, readTimestamp(call, timestamp as string), format, 1),
  },
  {
    name: 'getFutureTime',
    family: 'date',
    summary:
      'Return the current UTC time plus a number of time units (Second, Minute, Hour, Day, Week, Month or Year).',
    params: [{ name: 'interval', type: 'integer' }, TIME_UNIT, FORMAT],
    returns: 'String',
    examples: [
      { expression: "@getFutureTime(5, 'Day')", result: '"2026-01-06T00:00:00.0000000Z"' },
      { expression: "@getFutureTime(1, 'Month', 'yyyy-MM')", result: '"2026-02"' },
    ],
    evaluate: ([interval, unit, format], call) =>
      render(
        call,
        shift(call, now(call), interval as bigint, readUnit(call, unit as string, 1), 0),
        format,
        2,
      ),
  },
  {
    name: 'getPastTime',
    family: 'date',
    summary:
      'Return the current UTC time minus a number of time units (Second, Minute, Hour, Day, Week, Month or Year).',
    params: [{ name: 'interval', type: 'integer' }, TIME_UNIT, FORMAT],
    returns: 'String',
    examples: [
      { expression: "@getPastTime(1, 'Day', 'yyyy-MM-dd')", result: '"2025-12-31"' },
      { expression: "@getPastTime(1, 'Week')", result: '"2025-12-25T00:00:00.0000000Z"' },
    ],
    evaluate: ([interval, unit, format], call) =>
      render(
        call,
        shift(call, now(call), -(interval as bigint), readUnit(call, unit as string, 1), 0),
        format,
        2,
      ),
  },
  {
    name: 'startOfDay',
    family: 'date',
    summary: 'Return a timestamp moved back to midnight of its day.',
    params: [TIMESTAMP, FORMAT],
    returns: 'String',
    examples: [
      {
        expression: "@startOfDay('2018-03-15T13:30:30Z')",
        result: '"2018-03-15T00:00:00.0000000Z"',
      },
      {
        expression: "@startOfDay('2018-03-15 13:30:30')",
        result: '"2018-03-15T00:00:00.0000000Z"',
      },
    ],
    evaluate: ([timestamp, format], call) =>
      render(call, truncate(readTimestamp(call, timestamp as string), MS_PER_DAY), format, 1),
  },
  {
    name: 'startOfHour',
    family: 'date',
    summary: 'Return a timestamp moved back to the start of its hour.',
    params: [TIMESTAMP, FORMAT],
    returns: 'String',
    examples: [
      {
        expression: "@startOfHour('2018-03-15T13:30:30Z')",
        result: '"2018-03-15T13:00:00.0000000Z"',
      },
    ],
    evaluate: ([timestamp, format], call) =>
      render(call, truncate(readTimestamp(call, timestamp as string), MS_PER_HOUR), format, 1),
  },
  {
    name: 'startOfMonth',
    family: 'date',
    summary: 'Return a timestamp moved back to midnight of the first day of its month.',
    params: [TIMESTAMP, FORMAT],
    returns: 'String',
    examples: [
      {
        expression: "@startOfMonth('2018-03-15T13:30:30Z')",
        result: '"2018-03-01T00:00:00.0000000Z"',
      },
      { expression: "@startOfMonth(utcNow(), 'yyyy-MM-dd')", result: '"2026-01-01"' },
    ],
    evaluate: ([timestamp, format], call) =>
      render(call, startOfMonth(readTimestamp(call, timestamp as string)), format, 1),
  },
  {
    name: 'subtractFromTime',
    family: 'date',
    summary:
      "Subtract a number of time units (Second, Minute, Hour, Day, Week, Month or Year) from a timestamp; months and years keep the day within the target month's length.",
    params: [TIMESTAMP, { name: 'interval', type: 'integer' }, TIME_UNIT, FORMAT],
    returns: 'String',
    examples: [
      {
        expression: "@subtractFromTime('2018-01-02T00:00:00Z', 1, 'Day')",
        result: '"2018-01-01T00:00:00.0000000Z"',
      },
      {
        expression: "@subtractFromTime('2018-01-02T00:00:00Z', 1, 'Day', 'D')",
        result: '"Monday, January 1, 2018"',
      },
    ],
    evaluate: ([timestamp, interval, unit, format], call) => {
      const value = readTimestamp(call, timestamp as string);
      return render(
        call,
        shift(call, value, -(interval as bigint), readUnit(call, unit as string, 2), 1),
        format,
        3,
      );
    },
  },
  {
    name: 'ticks',
    family: 'date',
    summary:
      'Return the number of 100-nanosecond ticks between 0001-01-01T00:00:00 and a timestamp.',
    params: [TIMESTAMP],
    returns: 'Integer',
    examples: [{ expression: "@ticks('2018-01-01T00:00:00Z')", result: '636503616000000000' }],
    evaluate: ([timestamp], call) => toTicks(readTimestamp(call, timestamp as string)),
  },
  {
    name: 'utcNow',
    family: 'date',
    summary: 'Return the current UTC time, in the round-trip format unless a format is given.',
    params: [FORMAT],
    returns: 'String',
    examples: [
      { expression: '@utcNow()', result: '"2026-01-01T00:00:00.0000000Z"' },
      { expression: "@utcNow('yyyy-MM-dd')", result: '"2026-01-01"' },
    ],
    evaluate: ([format], call) => render(call, now(call), format, 0),
  },
]);
