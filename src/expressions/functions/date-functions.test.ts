import { describe, expect, it } from 'vitest';
import { runCases } from '../../../test/support/expression-cases.js';
import type { EvaluationContext } from '../context.js';
import { evaluateTemplate } from '../index.js';
import { EXAMPLE_CONTEXT } from './example-context.js';

/** A reference instant with every field distinct: Thursday 15 March 2018, 13:05:09.1234567 UTC. */
const T = "'2018-03-15T13:05:09.1234567Z'";

function at(now: string): EvaluationContext {
  return { ...EXAMPLE_CONTEXT, now };
}

describe('timestamp parsing (through formatDateTime)', () => {
  runCases([
    // ISO 8601
    ["@formatDateTime('2018-03-15')", '"2018-03-15T00:00:00.0000000Z"'],
    ["@formatDateTime('2018-3-5')", '"2018-03-05T00:00:00.0000000Z"'],
    ["@formatDateTime('2018-03-15T13:00')", '"2018-03-15T13:00:00.0000000Z"'],
    ["@formatDateTime('2018-03-15T13:00Z')", '"2018-03-15T13:00:00.0000000Z"'],
    ["@formatDateTime('2018-03-15t13:00:00z')", '"2018-03-15T13:00:00.0000000Z"'],
    ["@formatDateTime('2018-03-15T13:00:00.1234567Z')", '"2018-03-15T13:00:00.1234567Z"'],
    ["@formatDateTime('2018-03-15T13:00:00.5Z')", '"2018-03-15T13:00:00.5000000Z"'],
    ["@formatDateTime('2018-03-15T13:00:00,25Z')", '"2018-03-15T13:00:00.2500000Z"'],
    ["@formatDateTime('2018-03-15T13:00:00.12345678Z')", '"2018-03-15T13:00:00.1234568Z"'],
    ["@formatDateTime('2018-03-15T13:00:00.12345674Z')", '"2018-03-15T13:00:00.1234567Z"'],
    ["@formatDateTime('2018-03-15T23:59:59.99999999Z')", '"2018-03-16T00:00:00.0000000Z"'],
    ["@formatDateTime('2018-03-15T13:00:00+05:30')", '"2018-03-15T07:30:00.0000000Z"'],
    ["@formatDateTime('2018-03-15T13:00:00-0800')", '"2018-03-15T21:00:00.0000000Z"'],
    ["@formatDateTime('2018-03-15T13:00:00+01')", '"2018-03-15T12:00:00.0000000Z"'],
    ["@formatDateTime('2018-03-15T13:00:00 +01:00')", '"2018-03-15T12:00:00.0000000Z"'],
    ["@formatDateTime('2018-03-15T13:00:00+00:00')", '"2018-03-15T13:00:00.0000000Z"'],
    ["@formatDateTime('2018-01-01T01:00:00+02:00')", '"2017-12-31T23:00:00.0000000Z"'],
    ["@formatDateTime('  2018-03-15T13:00:00Z  ')", '"2018-03-15T13:00:00.0000000Z"'],
    ["@formatDateTime('2020-02-29')", '"2020-02-29T00:00:00.0000000Z"'],
    ["@formatDateTime('0001-01-01T00:00:00Z')", '"0001-01-01T00:00:00.0000000Z"'],
    ["@formatDateTime('9999-12-31T23:59:59.9999999Z')", '"9999-12-31T23:59:59.9999999Z"'],
    // .NET's other everyday forms
    ["@formatDateTime('2018-03-15 13:00:00')", '"2018-03-15T13:00:00.0000000Z"'],
    ["@formatDateTime('2018-03-15 13:00:00Z')", '"2018-03-15T13:00:00.0000000Z"'],
    ["@formatDateTime('2018/03/15 13:00')", '"2018-03-15T13:00:00.0000000Z"'],
    ["@formatDateTime('03/15/2018 12:00:00')", '"2018-03-15T12:00:00.0000000Z"'],
    ["@formatDateTime('3/5/2018')", '"2018-03-05T00:00:00.0000000Z"'],
    ["@formatDateTime('3/5/18')", '"2018-03-05T00:00:00.0000000Z"'],
    ["@formatDateTime('3/5/75')", '"1975-03-05T00:00:00.0000000Z"'],
    ["@formatDateTime('3/15/2018 1:00 PM')", '"2018-03-15T13:00:00.0000000Z"'],
    ["@formatDateTime('3/15/2018 12:00:00 AM')", '"2018-03-15T00:00:00.0000000Z"'],
    ["@formatDateTime('3/15/2018 12:30 pm')", '"2018-03-15T12:30:00.0000000Z"'],
    ["@formatDateTime('3/15/2018 1 PM')", '"2018-03-15T13:00:00.0000000Z"'],
    ["@formatDateTime('Thu, 15 Mar 2018 13:00:00 GMT')", '"2018-03-15T13:00:00.0000000Z"'],
    ["@formatDateTime('Thursday, March 15, 2018')", '"2018-03-15T00:00:00.0000000Z"'],
    ["@formatDateTime('Thursday, March 15, 2018 1:05:09 PM')", '"2018-03-15T13:05:09.0000000Z"'],
    ["@formatDateTime('15 March 2018 13:00 UTC')", '"2018-03-15T13:00:00.0000000Z"'],
    ["@formatDateTime('15-Mar-2018')", '"2018-03-15T00:00:00.0000000Z"'],
    ["@formatDateTime('March 15 2018')", '"2018-03-15T00:00:00.0000000Z"'],
    // what is not a timestamp
    ["@formatDateTime('')", { error: 'EXPR_INVALID_DATE', column: 17 }],
    ["@formatDateTime('   ')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('yesterday')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-03')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-13-01')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-00-01')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-02-29')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-04-31')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('0000-01-01')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('15/03/2018')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('15.03.2018')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-03-15T24:00:00')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-03-15T13:60')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-03-15T13:00:60')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-03-15T13')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-03-15T13:00:00.')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-03-15 13 UTC')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('3/15/2018 13:00 PM')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('3/15/2018 0:30 AM')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-03-15T13:00:00+15:00')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-03-15T13:00:00+05:3')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-03-15T13:00:00+')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-03-15T13:00:00 PST')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('2018-03-15T13:00:00Z tomorrow')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('Mon, 15 Mar 2018 13:00:00 GMT')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('Smarch 15, 2018')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('0001-01-01T00:00:00+01:00')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('9999-12-31T23:00:00-01:00')", { error: 'EXPR_INVALID_DATE' }],
    ["@formatDateTime('２０１８-03-15')", { error: 'EXPR_INVALID_DATE' }],
  ]);

  it('names the value and the accepted forms in the message', () => {
    const result = evaluateTemplate("@addDays('2018-13-01', 1)", EXAMPLE_CONTEXT);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain("'2018-13-01'");
    expect(result.error.message).toContain('the month 13 is outside 1 to 12');
    expect(result.error.message).toContain('03/15/2018 13:00:00');
  });
});

describe('formatDateTime', () => {
  describe('standard formats (en-US, as Data Factory documents them)', () => {
    runCases([
      [`@formatDateTime(${T}, 'd')`, '"3/15/2018"'],
      [`@formatDateTime(${T}, 'D')`, '"Thursday, March 15, 2018"'],
      [`@formatDateTime(${T}, 'f')`, '"Thursday, March 15, 2018 1:05 PM"'],
      [`@formatDateTime(${T}, 'F')`, '"Thursday, March 15, 2018 1:05:09 PM"'],
      [`@formatDateTime(${T}, 'g')`, '"3/15/2018 1:05 PM"'],
      [`@formatDateTime(${T}, 'G')`, '"3/15/2018 1:05:09 PM"'],
      [`@formatDateTime(${T}, 'm')`, '"March 15"'],
      [`@formatDateTime(${T}, 'M')`, '"March 15"'],
      [`@formatDateTime(${T}, 'o')`, '"2018-03-15T13:05:09.1234567Z"'],
      [`@formatDateTime(${T}, 'O')`, '"2018-03-15T13:05:09.1234567Z"'],
      [`@formatDateTime(${T}, 'r')`, '"Thu, 15 Mar 2018 13:05:09 GMT"'],
      [`@formatDateTime(${T}, 'R')`, '"Thu, 15 Mar 2018 13:05:09 GMT"'],
      [`@formatDateTime(${T}, 's')`, '"2018-03-15T13:05:09"'],
      [`@formatDateTime(${T}, 't')`, '"1:05 PM"'],
      [`@formatDateTime(${T}, 'T')`, '"1:05:09 PM"'],
      [`@formatDateTime(${T}, 'u')`, '"2018-03-15 13:05:09Z"'],
      [`@formatDateTime(${T}, 'U')`, '"Thursday, March 15, 2018 1:05:09 PM"'],
      [`@formatDateTime(${T}, 'y')`, '"March 2018"'],
      [`@formatDateTime(${T}, 'Y')`, '"March 2018"'],
      [`@formatDateTime(${T})`, '"2018-03-15T13:05:09.1234567Z"'],
      [`@formatDateTime(${T}, '')`, '"3/15/2018 1:05:09 PM"'],
      ["@formatDateTime('2018-03-15 13:05:09', 'o')", '"2018-03-15T13:05:09.0000000Z"'],
      ["@formatDateTime('2018-03-15 13:05:09', 'u')", '"2018-03-15 13:05:09Z"'],
      ["@formatDateTime('2018-03-05T00:00:00Z', 'G')", '"3/5/2018 12:00:00 AM"'],
      ["@formatDateTime('2018-03-05T12:00:00Z', 't')", '"12:00 PM"'],
      [`@formatDateTime(${T}, 'x')`, { error: 'EXPR_INVALID_FORMAT', column: 49 }],
      [`@formatDateTime(${T}, 'h')`, { error: 'EXPR_INVALID_FORMAT' }],
      [`@formatDateTime(${T}, 'K')`, { error: 'EXPR_INVALID_FORMAT' }],
      [`@formatDateTime(${T}, ' ')`, { error: 'EXPR_INVALID_FORMAT' }],
    ]);
  });

  describe('custom formats', () => {
    runCases([
      [`@formatDateTime(${T}, 'yyyy-MM-dd HH:mm:ss.fffffff')`, '"2018-03-15 13:05:09.1234567"'],
      [`@formatDateTime(${T}, 'yyyyMMdd')`, '"20180315"'],
      [`@formatDateTime(${T}, 'yyyy/MM/dd')`, '"2018/03/15"'],
      // years
      [`@formatDateTime(${T}, '%y')`, '"18"'],
      ["@formatDateTime('2008-01-01', '%y')", '"8"'],
      ["@formatDateTime('2008-01-01', 'yy')", '"08"'],
      [`@formatDateTime(${T}, 'yyy')`, '"2018"'],
      ["@formatDateTime('0005-01-01', 'yyy')", '"005"'],
      ["@formatDateTime('0005-01-01', 'yyyy')", '"0005"'],
      [`@formatDateTime(${T}, 'yyyyy')`, '"02018"'],
      // months and days
      [`@formatDateTime(${T}, '%M')`, '"3"'],
      [`@formatDateTime(${T}, 'MM')`, '"03"'],
      [`@formatDateTime(${T}, 'MMM')`, '"Mar"'],
      [`@formatDateTime(${T}, 'MMMM')`, '"March"'],
      [`@formatDateTime(${T}, 'MMMMM')`, '"March"'],
      ["@formatDateTime('2018-03-05', '%d')", '"5"'],
      ["@formatDateTime('2018-03-05', 'dd')", '"05"'],
      [`@formatDateTime(${T}, 'ddd')`, '"Thu"'],
      [`@formatDateTime(${T}, 'dddd')`, '"Thursday"'],
      [`@formatDateTime(${T}, 'dddddd')`, '"Thursday"'],
      ["@formatDateTime('2018-09-02', 'dddd d MMMM')", '"Sunday 2 September"'],
      // hours, minutes, seconds
      [`@formatDateTime(${T}, '%h')`, '"1"'],
      [`@formatDateTime(${T}, 'hh')`, '"01"'],
      [`@formatDateTime(${T}, 'hhh')`, '"01"'],
      [`@formatDateTime(${T}, '%H')`, '"13"'],
      ["@formatDateTime('2018-03-15T07:00:00Z', 'HH')", '"07"'],
      ["@formatDateTime('2018-03-15T00:00:00Z', 'hh tt')", '"12 AM"'],
      ["@formatDateTime('2018-03-15T12:00:00Z', 'h:mm tt')", '"12:00 PM"'],
      ["@formatDateTime('2018-03-15T23:00:00Z', 'h%t')", '"11P"'],
      ["@formatDateTime('2018-03-15T11:59:00Z', 'h %t')", '"11 A"'],
      [`@formatDateTime(${T}, '%m')`, '"5"'],
      [`@formatDateTime(${T}, 'mm')`, '"05"'],
      [`@formatDateTime(${T}, '%s')`, '"9"'],
      [`@formatDateTime(${T}, 'ss')`, '"09"'],
      // fractions
      [`@formatDateTime(${T}, '%f')`, '"1"'],
      [`@formatDateTime(${T}, 'fff')`, '"123"'],
      [`@formatDateTime(${T}, 'ffffff')`, '"123456"'],
      [`@formatDateTime(${T}, 'fffffff')`, '"1234567"'],
      ["@formatDateTime('2018-03-15T13:05:09.05Z', 'ss.fff')", '"09.050"'],
      ["@formatDateTime('2018-03-15T13:05:09.05Z', 'ss.FFF')", '"09.05"'],
      ["@formatDateTime('2018-03-15T13:05:09Z', 'ss.FFF')", '"09"'],
      ["@formatDateTime('2018-03-15T13:05:09Z', 'ss,FFF')", '"09,"'],
      ["@formatDateTime('2018-03-15T13:05:09.0001Z', 'ss.FFF')", '"09"'],
      [`@formatDateTime(${T}, 'FFFFFFF')`, '"1234567"'],
      [`@formatDateTime(${T}, 'ffffffff')`, { error: 'EXPR_INVALID_FORMAT' }],
      [`@formatDateTime(${T}, 'FFFFFFFF')`, { error: 'EXPR_INVALID_FORMAT' }],
      // designators, zones, era
      [`@formatDateTime(${T}, 'tt')`, '"PM"'],
      [`@formatDateTime(${T}, 'HH:mmK')`, '"13:05Z"'],
      ["@formatDateTime('2018-03-15 13:05', 'HH:mmK')", '"13:05Z"'],
      [`@formatDateTime(${T}, 'HH:mm zzz')`, '"13:05 +00:00"'],
      [`@formatDateTime(${T}, 'zz')`, '"+00"'],
      [`@formatDateTime(${T}, '%z')`, '"+0"'],
      [`@formatDateTime(${T}, 'yyyy gg')`, '"2018 A.D."'],
      // literals, quotes and escapes
      [`@formatDateTime(${T}, 'yyyy-MM-ddTHH:mm:ss')`, '"2018-03-15T13:05:09"'],
      [`@formatDateTime(${T}, '''Q1'' yyyy')`, '"Q1 2018"'],
      [`@formatDateTime(${T}, '"day" d')`, '"day 15"'],
      [`@formatDateTime(${T}, '''it''''s'' HH')`, '"its 13"'],
      [`@formatDateTime(${T}, '''a\\'' b'' HH')`, `"a' b 13"`],
      [`@formatDateTime(${T}, '\\y\\e\\a\\r yyyy')`, '"year 2018"'],
      [`@formatDateTime(${T}, 'yyyyMMdd.csv')`, '"20180315.c9v"'],
      [`@formatDateTime(${T}, 'yyyy年M月d日')`, '"2018年3月15日"'],
      [`@formatDateTime(${T}, '🕐 HH')`, '"🕐 13"'],
      [`@formatDateTime(${T}, 'yyyy%')`, { error: 'EXPR_INVALID_FORMAT' }],
      [`@formatDateTime(${T}, '%%')`, { error: 'EXPR_INVALID_FORMAT' }],
      [`@formatDateTime(${T}, 'yyyy\\')`, { error: 'EXPR_INVALID_FORMAT' }],
      [`@formatDateTime(${T}, '''yyyy')`, { error: 'EXPR_INVALID_FORMAT' }],
      [`@formatDateTime(${T}, '"yyyy')`, { error: 'EXPR_INVALID_FORMAT' }],
      [`@formatDateTime(${T}, '''ab\\')`, { error: 'EXPR_INVALID_FORMAT' }],
      [`@formatDateTime(${T}, '%''')`, { error: 'EXPR_INVALID_FORMAT' }],
    ]);

    it('says what is wrong with a format', () => {
      const result = evaluateTemplate(`@formatDateTime(${T}, 'ffffffff')`, EXAMPLE_CONTEXT);
      expect(result.ok ? '' : result.error.message).toContain('at most 7');
    });
  });

  describe('argument checks', () => {
    runCases([
      ['@formatDateTime(20180315)', { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@formatDateTime(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
      [`@formatDateTime(${T}, 5)`, { error: 'EXPR_ARGUMENT_TYPE' }],
      [`@formatDateTime(${T}, null)`, { error: 'EXPR_ARGUMENT_TYPE' }],
      ['@formatDateTime()', { error: 'EXPR_ARGUMENT_COUNT' }],
      [`@formatDateTime(${T}, 'o', 'en-us')`, { error: 'EXPR_ARGUMENT_COUNT' }],
      [`@{formatDateTime(${T}, 'yyyy')}-export`, '"2018-export"'],
      ["@FORMATDATETIME(utcnow(), 'yyyy')", '"2026"'],
    ]);
  });
});

describe('addDays, addHours, addMinutes, addSeconds', () => {
  runCases([
    ["@addDays('2018-03-15T00:00:00Z', -5)", '"2018-03-10T00:00:00.0000000Z"'],
    ["@addDays('2018-03-15T00:00:00Z', 0)", '"2018-03-15T00:00:00.0000000Z"'],
    ["@addDays('2018-12-31T23:00:00Z', 1)", '"2019-01-01T23:00:00.0000000Z"'],
    ["@addDays('2020-02-28', 1)", '"2020-02-29T00:00:00.0000000Z"'],
    ["@addDays('2018-03-15 13:00:00', 1)", '"2018-03-16T13:00:00.0000000Z"'],
    ["@addDays('2018-03-15T13:00:00+02:00', 1)", '"2018-03-16T11:00:00.0000000Z"'],
    ["@addDays('2018-03-15T13:00:00.1234567Z', 1)", '"2018-03-16T13:00:00.1234567Z"'],
    ["@addDays('2018-03-15T13:00:00Z', 10, 'yyyy-MM-dd')", '"2018-03-25"'],
    ["@addDays('0001-01-01', 3652058)", '"9999-12-31T00:00:00.0000000Z"'],
    ["@addDays('9999-12-31', 1)", { error: 'EXPR_INVALID_ARGUMENT', column: 24 }],
    ["@addDays('0001-01-01', -1)", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@addDays('2018-03-15', 9223372036854775807)", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@addDays('2018-03-15', -9223372036854775808)", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@addDays('2018-03-15', 1.5)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@addDays('2018-03-15', '1')", { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@addDays(null, 1)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@addDays('2018-03-15', 1, 2)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@addDays('not a date', 1)", { error: 'EXPR_INVALID_DATE', column: 10 }],
    ["@addDays('2018-03-15', 1, 'Q')", { error: 'EXPR_INVALID_FORMAT', column: 27 }],
    ["@addDays('2018-03-15')", { error: 'EXPR_ARGUMENT_COUNT' }],
    ["@addDays('2018-03-15', 1, 'o', 'x')", { error: 'EXPR_ARGUMENT_COUNT' }],

    ["@addHours('2018-03-15T15:00:00Z', -5)", '"2018-03-15T10:00:00.0000000Z"'],
    ["@addHours('2018-03-15T23:00:00Z', 2)", '"2018-03-16T01:00:00.0000000Z"'],
    ["@addHours('2018-03-15 23:00', 1, 'yyyy-MM-dd HH')", '"2018-03-16 00"'],
    ["@addHours('2018-03-15T13:00:00Z', 0)", '"2018-03-15T13:00:00.0000000Z"'],
    ["@addHours('9999-12-31T23:00:00Z', 1)", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@addHours('2018-03-15', 0.5)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@addHours('2018-03-15')", { error: 'EXPR_ARGUMENT_COUNT' }],
    ["@addHours('2018-02-30', 1)", { error: 'EXPR_INVALID_DATE' }],

    ["@addMinutes('2018-03-15T00:20:00Z', -5)", '"2018-03-15T00:15:00.0000000Z"'],
    ["@addMinutes('2018-03-15T00:00:00Z', -1)", '"2018-03-14T23:59:00.0000000Z"'],
    ["@addMinutes('2018-03-15T00:00:00Z', 1440)", '"2018-03-16T00:00:00.0000000Z"'],
    ["@addMinutes('0001-01-01T00:00:00Z', -1)", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@addMinutes('2018-03-15', true)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@addMinutes()', { error: 'EXPR_ARGUMENT_COUNT' }],
    ["@addMinutes('Z', 1)", { error: 'EXPR_INVALID_DATE' }],

    ["@addSeconds('2018-03-15T00:00:00Z', 10)", '"2018-03-15T00:00:10.0000000Z"'],
    ["@addSeconds('2018-03-15T00:00:00.1234567Z', 1)", '"2018-03-15T00:00:01.1234567Z"'],
    ["@addSeconds('2018-03-15T00:00:00Z', -86400)", '"2018-03-14T00:00:00.0000000Z"'],
    ["@addSeconds('2018-03-15T00:00:00Z', 315537897599)", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@addSeconds('9999-12-31T23:59:59.9999999Z', 0)", '"9999-12-31T23:59:59.9999999Z"'],
    ["@addSeconds('9999-12-31T23:59:59.9999999Z', 1)", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@addSeconds('2018-03-15', pipeline().parameters.regions)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@addSeconds('2018-03-15', 1, 'yyyy', 1)", { error: 'EXPR_ARGUMENT_COUNT' }],
    ["@addSeconds('2018-03-15', 1, '\\')", { error: 'EXPR_INVALID_FORMAT' }],
  ]);
});

describe('addToTime', () => {
  runCases([
    ["@addToTime('2018-01-01T00:00:00Z', 1, 'Day')", '"2018-01-02T00:00:00.0000000Z"'],
    ["@addToTime('2018-01-01T00:00:00Z', 30, 'Second')", '"2018-01-01T00:00:30.0000000Z"'],
    ["@addToTime('2018-01-01T00:00:00Z', 90, 'Minute')", '"2018-01-01T01:30:00.0000000Z"'],
    ["@addToTime('2018-01-01T00:00:00Z', -1, 'Hour')", '"2017-12-31T23:00:00.0000000Z"'],
    ["@addToTime('2018-01-01T00:00:00Z', 2, 'Week')", '"2018-01-15T00:00:00.0000000Z"'],
    ["@addToTime('2018-01-15T10:00:00Z', 1, 'Month')", '"2018-02-15T10:00:00.0000000Z"'],
    ["@addToTime('2018-01-31T10:00:00Z', 1, 'Month')", '"2018-02-28T10:00:00.0000000Z"'],
    ["@addToTime('2020-01-31', 1, 'Month')", '"2020-02-29T00:00:00.0000000Z"'],
    ["@addToTime('2018-03-31', -1, 'Month')", '"2018-02-28T00:00:00.0000000Z"'],
    ["@addToTime('2018-01-31', 13, 'Month')", '"2019-02-28T00:00:00.0000000Z"'],
    ["@addToTime('2018-05-15', -17, 'Month')", '"2016-12-15T00:00:00.0000000Z"'],
    ["@addToTime('2020-02-29', 1, 'Year')", '"2021-02-28T00:00:00.0000000Z"'],
    ["@addToTime('2020-02-29', 4, 'Year')", '"2024-02-29T00:00:00.0000000Z"'],
    ["@addToTime('2018-03-15T13:05:09.1234567Z', 1, 'Year')", '"2019-03-15T13:05:09.1234567Z"'],
    ["@addToTime('2018-01-01T00:00:00Z', 1, 'day')", '"2018-01-02T00:00:00.0000000Z"'],
    ["@addToTime('2018-01-01T00:00:00Z', 1, 'WEEK')", '"2018-01-08T00:00:00.0000000Z"'],
    ["@addToTime('2018-01-01T00:00:00Z', 0, 'Year')", '"2018-01-01T00:00:00.0000000Z"'],
    ["@addToTime('2018-01-01T00:00:00Z', 1, 'Month', 'MMMM yyyy')", '"February 2018"'],
    ["@addToTime('9999-12-01', 1, 'Month')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@addToTime('0001-01-31', -1, 'Month')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@addToTime('2018-01-01', 8000, 'Year')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@addToTime('2018-01-01', 120001, 'Month')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@addToTime('2018-01-01', 9223372036854775807, 'Second')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@addToTime('2018-01-01', 1, 'Days')", { error: 'EXPR_INVALID_FORMAT', column: 29 }],
    ["@addToTime('2018-01-01', 1, 'Fortnight')", { error: 'EXPR_INVALID_FORMAT' }],
    ["@addToTime('2018-01-01', 1, '')", { error: 'EXPR_INVALID_FORMAT' }],
    ["@addToTime('2018-01-01', 1, 'Day', 'yyyy%')", { error: 'EXPR_INVALID_FORMAT' }],
    ["@addToTime('2018-01-01', 1.0, 'Day')", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@addToTime('2018-01-01', 1, 1)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@addToTime('2018-01-01', 1, null)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@addToTime('2018-01-01', 1)", { error: 'EXPR_ARGUMENT_COUNT' }],
    ["@addToTime('2018-01-01', 1, 'Day', 'o', 'x')", { error: 'EXPR_ARGUMENT_COUNT' }],
    ["@addToTime('01/32/2018', 1, 'Day')", { error: 'EXPR_INVALID_DATE' }],
  ]);
});

describe('subtractFromTime', () => {
  runCases([
    ["@subtractFromTime('2018-01-02T00:00:00Z', 1, 'Day')", '"2018-01-01T00:00:00.0000000Z"'],
    ["@subtractFromTime('2018-01-01T00:00:00Z', 1, 'Second')", '"2017-12-31T23:59:59.0000000Z"'],
    ["@subtractFromTime('2018-01-01T00:00:00Z', -1, 'Hour')", '"2018-01-01T01:00:00.0000000Z"'],
    ["@subtractFromTime('2018-03-31', 1, 'Month')", '"2018-02-28T00:00:00.0000000Z"'],
    ["@subtractFromTime('2020-02-29', 1, 'year')", '"2019-02-28T00:00:00.0000000Z"'],
    ["@subtractFromTime('2018-01-15', 2, 'Week', 'yyyy-MM-dd')", '"2018-01-01"'],
    ["@subtractFromTime('2018-01-01', 30, 'Minute', 'HH:mm')", '"23:30"'],
    ["@subtractFromTime('0001-01-01', 1, 'Day')", { error: 'EXPR_INVALID_ARGUMENT' }],
    [
      "@subtractFromTime('2018-01-01', -9223372036854775808, 'Day')",
      { error: 'EXPR_INVALID_ARGUMENT' },
    ],
    ["@subtractFromTime('2018-01-01', 1, 'Months')", { error: 'EXPR_INVALID_FORMAT' }],
    ["@subtractFromTime('2018-01-01', '1', 'Day')", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@subtractFromTime('2018-01-01', 1)", { error: 'EXPR_ARGUMENT_COUNT' }],
    ["@subtractFromTime('', 1, 'Day')", { error: 'EXPR_INVALID_DATE' }],
  ]);
});

describe('getFutureTime and getPastTime', () => {
  runCases([
    ["@getFutureTime(5, 'Day')", '"2026-01-06T00:00:00.0000000Z"'],
    ["@getFutureTime(0, 'Second')", '"2026-01-01T00:00:00.0000000Z"'],
    ["@getFutureTime(-1, 'Year', 'yyyy')", '"2025"'],
    ["@getFutureTime(1, 'hour', 't')", '"1:00 AM"'],
    ["@getFutureTime(8000, 'Year')", { error: 'EXPR_INVALID_ARGUMENT', column: 16 }],
    ["@getFutureTime(1, 'Decade')", { error: 'EXPR_INVALID_FORMAT', column: 19 }],
    ["@getFutureTime(1, 'Day', '%')", { error: 'EXPR_INVALID_FORMAT', column: 26 }],
    ["@getFutureTime('1', 'Day')", { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@getFutureTime(1)', { error: 'EXPR_ARGUMENT_COUNT' }],
    ["@getFutureTime(1, 'Day', 'o', 'x')", { error: 'EXPR_ARGUMENT_COUNT' }],

    ["@getPastTime(5, 'Day')", '"2025-12-27T00:00:00.0000000Z"'],
    ["@getPastTime(1, 'Month', 'yyyy-MM')", '"2025-12"'],
    ["@getPastTime(90, 'Second', 'HH:mm:ss')", '"23:58:30"'],
    ["@getPastTime(-2, 'Week', 'yyyy-MM-dd')", '"2026-01-15"'],
    ["@getPastTime(2026, 'Year')", { error: 'EXPR_INVALID_ARGUMENT' }],
    ["@getPastTime(1, 'Days')", { error: 'EXPR_INVALID_FORMAT' }],
    ["@getPastTime(1.5, 'Day')", { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@getPastTime()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);

  describe("reproduce the reference's examples", () => {
    runCases(
      [
        ["@getFutureTime(5, 'Day')", '"2018-03-06T00:00:00.0000000Z"'],
        ["@getFutureTime(5, 'Day', 'D')", '"Tuesday, March 6, 2018"'],
      ],
      at('2018-03-01T00:00:00.0000000Z'),
    );
    runCases(
      [
        ["@getPastTime(5, 'Day')", '"2018-01-27T00:00:00.0000000Z"'],
        ["@getPastTime(5, 'Day', 'D')", '"Saturday, January 27, 2018"'],
      ],
      at('2018-02-01T00:00:00.0000000Z'),
    );
  });
});

describe('utcNow', () => {
  runCases([
    ['@utcNow()', '"2026-01-01T00:00:00.0000000Z"'],
    ["@utcNow('yyyyMMdd')", '"20260101"'],
    ["@utcNow('s')", '"2026-01-01T00:00:00"'],
    ['@utcnow()', '"2026-01-01T00:00:00.0000000Z"'],
    ["@utcNow('%')", { error: 'EXPR_INVALID_FORMAT', column: 9 }],
    ['@utcNow(1)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@utcNow('o', 'o')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);

  describe("reproduces the reference's examples", () => {
    runCases(
      [
        ['@utcNow()', '"2018-04-15T13:00:00.0000000Z"'],
        ["@utcNow('D')", '"Sunday, April 15, 2018"'],
      ],
      at('2018-04-15T13:00:00.0000000Z'),
    );
  });

  describe('reads a fixed clock in any accepted form, as UTC', () => {
    runCases(
      [['@utcNow()', '"2018-04-15T13:00:00.1234567Z"']],
      at('2018-04-15T15:00:00.1234567+02:00'),
    );
    runCases([['@utcNow()', '"2018-04-15T13:00:00.0000000Z"']], at('2018-04-15 13:00:00'));
    runCases([['@utcNow()', { error: 'EXPR_INVALID_DATE' }]], at('soon'));
  });

  it('reads the real clock when the context has none', () => {
    const before = Date.now();
    const result = evaluateTemplate('@utcNow()', {});
    const after = Date.now();
    expect(result.ok).toBe(true);
    const text = result.ok ? String(result.value) : '';
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    const ms = Date.parse(text);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });
});

describe('convertFromUtc', () => {
  runCases([
    [
      "@convertFromUtc('2018-01-01T08:00:00.0000000Z', 'Pacific Standard Time', 'D')",
      '"Monday, January 1, 2018"',
    ],
    // daylight saving time, both sides of the US spring-forward instant (2018-03-11T10:00Z)
    [
      "@convertFromUtc('2018-07-01T08:00:00Z', 'Pacific Standard Time')",
      '"2018-07-01T01:00:00.0000000"',
    ],
    [
      "@convertFromUtc('2018-03-11T09:59:59Z', 'Pacific Standard Time')",
      '"2018-03-11T01:59:59.0000000"',
    ],
    [
      "@convertFromUtc('2018-03-11T10:00:00Z', 'Pacific Standard Time')",
      '"2018-03-11T03:00:00.0000000"',
    ],
    // Europe's fall-back hour happens twice in local time
    [
      "@convertFromUtc('2018-10-28T00:30:00Z', 'W. Europe Standard Time')",
      '"2018-10-28T02:30:00.0000000"',
    ],
    [
      "@convertFromUtc('2018-10-28T01:30:00Z', 'W. Europe Standard Time')",
      '"2018-10-28T02:30:00.0000000"',
    ],
    [
      "@convertFromUtc('2018-01-01T00:00:00Z', 'India Standard Time')",
      '"2018-01-01T05:30:00.0000000"',
    ],
    ["@convertFromUtc('2018-01-01T00:00:00Z', 'Nepal Standard Time', 'HH:mm')", '"05:45"'],
    [
      "@convertFromUtc('2018-01-01T00:00:00Z', 'Dateline Standard Time')",
      '"2017-12-31T12:00:00.0000000"',
    ],
    [
      "@convertFromUtc('2018-01-01T00:00:00Z', 'Line Islands Standard Time')",
      '"2018-01-01T14:00:00.0000000"',
    ],
    [
      "@convertFromUtc('2018-01-01T00:00:00Z', 'AUS Eastern Standard Time')",
      '"2018-01-01T11:00:00.0000000"',
    ],
    [
      "@convertFromUtc('2018-01-01T00:00:00.1234567Z', 'Tokyo Standard Time')",
      '"2018-01-01T09:00:00.1234567"',
    ],
    // the UTC zone keeps UTC kind; other zones have none, even with K
    ["@convertFromUtc('2018-01-01T08:00:00Z', 'UTC')", '"2018-01-01T08:00:00.0000000Z"'],
    [
      "@convertFromUtc('2018-01-01T08:00:00Z', 'GMT Standard Time')",
      '"2018-01-01T08:00:00.0000000"',
    ],
    [
      "@convertFromUtc('2018-01-01T08:00:00Z', 'Pacific Standard Time', 'yyyy-MM-ddTHH:mm:ssK')",
      '"2018-01-01T00:00:00"',
    ],
    // time-zone names ignore case; bare and offset timestamps
    [
      "@convertFromUtc('2018-01-01T08:00:00Z', 'pacific STANDARD time')",
      '"2018-01-01T00:00:00.0000000"',
    ],
    [
      "@convertFromUtc('2018-01-01 08:00:00', 'Pacific Standard Time')",
      '"2018-01-01T00:00:00.0000000"',
    ],
    [
      "@convertFromUtc('2018-01-01T09:00:00+01:00', 'Pacific Standard Time')",
      '"2018-01-01T00:00:00.0000000"',
    ],
    // .NET clamps to DateTime's range; before 1900 the 1900 offset applies
    [
      "@convertFromUtc('9999-12-31T23:00:00Z', 'Tokyo Standard Time')",
      '"9999-12-31T23:59:59.9999999"',
    ],
    [
      "@convertFromUtc('0001-01-01T00:00:00Z', 'Pacific Standard Time')",
      '"0001-01-01T00:00:00.0000000"',
    ],
    [
      "@convertFromUtc('1800-01-01T00:00:00Z', 'Pacific Standard Time')",
      '"1799-12-31T16:00:00.0000000"',
    ],
    // errors
    [
      "@convertFromUtc('2018-01-01T08:00:00Z', 'Pacific Time')",
      { error: 'EXPR_UNKNOWN_TIME_ZONE', column: 41 },
    ],
    [
      "@convertFromUtc('2018-01-01T08:00:00Z', 'America/Los_Angeles')",
      { error: 'EXPR_UNKNOWN_TIME_ZONE' },
    ],
    [
      "@convertFromUtc('2018-01-01T08:00:00Z', 'A.U.S. Eastern Standard Time')",
      { error: 'EXPR_UNKNOWN_TIME_ZONE' },
    ],
    ["@convertFromUtc('2018-01-01T08:00:00Z', '')", { error: 'EXPR_UNKNOWN_TIME_ZONE' }],
    ["@convertFromUtc('2018-01-01T08:00:00Z', 'PST')", { error: 'EXPR_UNKNOWN_TIME_ZONE' }],
    ["@convertFromUtc('2018-01-01T08:00:00Z', 'UTC', 'q')", { error: 'EXPR_INVALID_FORMAT' }],
    ["@convertFromUtc('2018-02-30', 'UTC')", { error: 'EXPR_INVALID_DATE', column: 17 }],
    ["@convertFromUtc('2018-01-01', 1)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@convertFromUtc('2018-01-01')", { error: 'EXPR_ARGUMENT_COUNT' }],
    ["@convertFromUtc('2018-01-01', 'UTC', 'o', 'x')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);

  it('suggests the Windows name for an IANA name or a punctuated spelling', () => {
    const iana = evaluateTemplate(
      "@convertFromUtc('2018-01-01', 'America/Los_Angeles')",
      EXAMPLE_CONTEXT,
    );
    expect(iana.ok ? '' : iana.error.message).toContain("did you mean 'Pacific Standard Time'");
    const dotted = evaluateTemplate(
      "@convertFromUtc('2018-01-01', 'A.U.S. Eastern Standard Time')",
      EXAMPLE_CONTEXT,
    );
    expect(dotted.ok ? '' : dotted.error.message).toContain(
      "did you mean 'AUS Eastern Standard Time'",
    );
    const unknown = evaluateTemplate(
      "@convertFromUtc('2018-01-01', 'Mars Standard Time')",
      EXAMPLE_CONTEXT,
    );
    expect(unknown.ok ? '' : unknown.error.message).toContain("'W. Europe Standard Time'");
  });
});

describe('convertToUtc', () => {
  runCases([
    [
      "@convertToUtc('01/01/2018 00:00:00', 'Pacific Standard Time', 'D')",
      '"Monday, January 1, 2018"',
    ],
    [
      "@convertToUtc('2018-07-01 00:00:00', 'Pacific Standard Time')",
      '"2018-07-01T07:00:00.0000000Z"',
    ],
    ["@convertToUtc('2018-01-01 05:30', 'India Standard Time')", '"2018-01-01T00:00:00.0000000Z"'],
    [
      "@convertToUtc('2018-01-01 00:00:00.1234567', 'Tokyo Standard Time')",
      '"2017-12-31T15:00:00.1234567Z"',
    ],
    ["@convertToUtc('2018-01-01 00:00', 'UTC')", '"2018-01-01T00:00:00.0000000Z"'],
    // the hour clocks repeat is read as standard time, as .NET does
    [
      "@convertToUtc('2018-11-04 01:30:00', 'Pacific Standard Time')",
      '"2018-11-04T09:30:00.0000000Z"',
    ],
    [
      "@convertToUtc('2018-10-28 02:30:00', 'W. Europe Standard Time')",
      '"2018-10-28T01:30:00.0000000Z"',
    ],
    // the edges of the skipped hour
    [
      "@convertToUtc('2018-03-11 01:59:59', 'Pacific Standard Time')",
      '"2018-03-11T09:59:59.0000000Z"',
    ],
    [
      "@convertToUtc('2018-03-11 03:00:00', 'Pacific Standard Time')",
      '"2018-03-11T10:00:00.0000000Z"',
    ],
    // a timestamp that names its offset is already an instant
    [
      "@convertToUtc('2018-01-01T08:00:00Z', 'Pacific Standard Time')",
      '"2018-01-01T08:00:00.0000000Z"',
    ],
    [
      "@convertToUtc('2018-01-01T00:00:00-08:00', 'Tokyo Standard Time')",
      '"2018-01-01T08:00:00.0000000Z"',
    ],
    // clamping
    [
      "@convertToUtc('0001-01-01 00:00:00', 'Tokyo Standard Time')",
      '"0001-01-01T00:00:00.0000000Z"',
    ],
    [
      "@convertToUtc('9999-12-31 23:00:00', 'Pacific Standard Time')",
      '"9999-12-31T23:59:59.9999999Z"',
    ],
    // errors
    [
      "@convertToUtc('2018-03-11 02:30:00', 'Pacific Standard Time')",
      { error: 'EXPR_INVALID_DATE', column: 38 },
    ],
    [
      "@convertToUtc('2018-03-25 02:00:00', 'W. Europe Standard Time')",
      { error: 'EXPR_INVALID_DATE' },
    ],
    ["@convertToUtc('2018-01-01', 'Nowhere Standard Time')", { error: 'EXPR_UNKNOWN_TIME_ZONE' }],
    ["@convertToUtc('2018-13-01', 'UTC')", { error: 'EXPR_INVALID_DATE', column: 15 }],
    ["@convertToUtc('2018-01-01', 'UTC', 'FFFFFFFFF')", { error: 'EXPR_INVALID_FORMAT' }],
    ["@convertToUtc('2018-01-01', null)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@convertToUtc('2018-01-01')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('convertTimeZone', () => {
  runCases([
    [
      "@convertTimeZone('2018-01-01T08:00:00.0000000Z', 'UTC', 'Pacific Standard Time', 'D')",
      '"Monday, January 1, 2018"',
    ],
    // Europe and the US change clocks on different Sundays
    [
      "@convertTimeZone('2018-03-20 12:00:00', 'W. Europe Standard Time', 'Pacific Standard Time')",
      '"2018-03-20T04:00:00.0000000"',
    ],
    [
      "@convertTimeZone('2018-04-20 12:00:00', 'W. Europe Standard Time', 'Pacific Standard Time')",
      '"2018-04-20T03:00:00.0000000"',
    ],
    [
      "@convertTimeZone('2018-01-01 00:00:00', 'Tokyo Standard Time', 'UTC')",
      '"2017-12-31T15:00:00.0000000Z"',
    ],
    ["@convertTimeZone('2018-01-01 00:00:00', 'UTC', 'UTC')", '"2018-01-01T00:00:00.0000000Z"'],
    [
      "@convertTimeZone('2018-01-01 12:00:00', 'India Standard Time', 'India Standard Time')",
      '"2018-01-01T12:00:00.0000000"',
    ],
    [
      "@convertTimeZone('2018-01-01T12:00:00Z', 'Pacific Standard Time', 'Tokyo Standard Time')",
      '"2018-01-01T21:00:00.0000000"',
    ],
    [
      "@convertTimeZone('2018-01-01 12:00', 'eastern standard time', 'GMT STANDARD TIME', 'HH:mm')",
      '"17:00"',
    ],
    [
      "@convertTimeZone('2018-03-11 02:30:00', 'Pacific Standard Time', 'UTC')",
      { error: 'EXPR_INVALID_DATE', column: 41 },
    ],
    [
      "@convertTimeZone('2018-01-01', 'Pacific', 'UTC')",
      { error: 'EXPR_UNKNOWN_TIME_ZONE', column: 32 },
    ],
    [
      "@convertTimeZone('2018-01-01', 'UTC', 'Pacific')",
      { error: 'EXPR_UNKNOWN_TIME_ZONE', column: 39 },
    ],
    [
      "@convertTimeZone('2018-01-01', 'UTC', 'UTC', '%%')",
      { error: 'EXPR_INVALID_FORMAT', column: 46 },
    ],
    ["@convertTimeZone('soon', 'UTC', 'UTC')", { error: 'EXPR_INVALID_DATE' }],
    ["@convertTimeZone('2018-01-01', 'UTC', 5)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@convertTimeZone('2018-01-01', 'UTC')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('dayOfMonth, dayOfWeek, dayOfYear', () => {
  runCases([
    ["@dayOfMonth('2018-03-01')", '1'],
    ["@dayOfMonth('2018-03-31T23:59:59.9999999Z')", '31'],
    ["@dayOfMonth('2018-03-15T23:00:00-05:00')", '16'],
    ["@dayOfMonth('2018-03-15 23:00:00')", '15'],
    ["@dayOfMonth('')", { error: 'EXPR_INVALID_DATE' }],
    ['@dayOfMonth(15)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@dayOfMonth()', { error: 'EXPR_ARGUMENT_COUNT' }],

    ["@dayOfWeek('2018-03-18')", '0'],
    ["@dayOfWeek('2018-03-19T00:00:00Z')", '1'],
    ["@dayOfWeek('2018-03-17T23:59:59Z')", '6'],
    ["@dayOfWeek('0001-01-01')", '1'],
    ["@dayOfWeek('1969-12-31')", '3'],
    ["@dayOfWeek('9999-12-31')", '5'],
    ["@dayOfWeek('2018-13-01')", { error: 'EXPR_INVALID_DATE' }],
    ['@dayOfWeek(null)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@dayOfWeek('2018-03-18', 'x')", { error: 'EXPR_ARGUMENT_COUNT' }],

    ["@dayOfYear('2018-01-01')", '1'],
    ["@dayOfYear('2019-12-31')", '365'],
    ["@dayOfYear('2020-12-31')", '366'],
    ["@dayOfYear('2020-03-01')", '61'],
    ["@dayOfYear('1900-03-01')", '60'],
    ["@dayOfYear('0001-12-31')", '365'],
    ["@dayOfYear('x')", { error: 'EXPR_INVALID_DATE' }],
    ['@dayOfYear(pipeline().parameters.regions)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@dayOfYear()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('startOfDay, startOfHour, startOfMonth', () => {
  runCases([
    ["@startOfDay('2018-03-15T13:30:30.1234567Z')", '"2018-03-15T00:00:00.0000000Z"'],
    ["@startOfDay('2018-03-15T00:00:00Z')", '"2018-03-15T00:00:00.0000000Z"'],
    ["@startOfDay('2018-03-15T01:00:00+02:00')", '"2018-03-14T00:00:00.0000000Z"'],
    ["@startOfDay('1969-12-31T13:30:00Z')", '"1969-12-31T00:00:00.0000000Z"'],
    ["@startOfDay('0001-01-01T10:00:00Z')", '"0001-01-01T00:00:00.0000000Z"'],
    ["@startOfDay('2018-03-15T13:30:30Z', 'yyyy-MM-ddTHH:mm:ss')", '"2018-03-15T00:00:00"'],
    ["@startOfDay('2018-03-15T13:30:30Z', 'q')", { error: 'EXPR_INVALID_FORMAT' }],
    ["@startOfDay('nope')", { error: 'EXPR_INVALID_DATE' }],
    ['@startOfDay(1)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@startOfDay()', { error: 'EXPR_ARGUMENT_COUNT' }],

    ["@startOfHour('2018-03-15 13:30:30')", '"2018-03-15T13:00:00.0000000Z"'],
    ["@startOfHour('2018-03-15T13:59:59.9999999Z')", '"2018-03-15T13:00:00.0000000Z"'],
    ["@startOfHour('1969-12-31T23:30:00Z')", '"1969-12-31T23:00:00.0000000Z"'],
    ["@startOfHour('2018-03-15T13:30:00+05:30')", '"2018-03-15T08:00:00.0000000Z"'],
    ["@startOfHour('2018-03-15T13:30:30Z', 'HH:mm')", '"13:00"'],
    ["@startOfHour('2018-03-15T25:00:00Z')", { error: 'EXPR_INVALID_DATE' }],
    ["@startOfHour('2018-03-15', 1)", { error: 'EXPR_ARGUMENT_TYPE' }],
    ["@startOfHour('2018-03-15', 'o', 'o')", { error: 'EXPR_ARGUMENT_COUNT' }],

    ["@startOfMonth('2018-03-31 23:59:59')", '"2018-03-01T00:00:00.0000000Z"'],
    ["@startOfMonth('2018-03-01T00:00:00Z')", '"2018-03-01T00:00:00.0000000Z"'],
    ["@startOfMonth('2020-02-29T12:00:00Z')", '"2020-02-01T00:00:00.0000000Z"'],
    ["@startOfMonth('2018-04-01T01:00:00+02:00')", '"2018-03-01T00:00:00.0000000Z"'],
    ["@startOfMonth('1969-12-31T13:30:00Z')", '"1969-12-01T00:00:00.0000000Z"'],
    ["@startOfMonth('0001-01-15')", '"0001-01-01T00:00:00.0000000Z"'],
    ["@startOfMonth('2018-03-15', 'yyyy-MM-dd')", '"2018-03-01"'],
    ["@startOfMonth('2018-03-15', 'fffffffff')", { error: 'EXPR_INVALID_FORMAT' }],
    ["@startOfMonth('March')", { error: 'EXPR_INVALID_DATE' }],
    ['@startOfMonth(true)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@startOfMonth()', { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});

describe('ticks', () => {
  runCases([
    ["@ticks('0001-01-01T00:00:00Z')", '0'],
    ["@ticks('0001-01-01T00:00:00.0000001Z')", '1'],
    ["@ticks('1970-01-01T00:00:00Z')", '621355968000000000'],
    ["@ticks('2018-01-01T08:00:00Z')", '636503904000000000'],
    ["@ticks('2022-09-09T10:00:00Z')", '637983144000000000'],
    ["@ticks('2018-01-01 00:00:00')", '636503616000000000'],
    ["@ticks('2018-01-01T01:00:00+01:00')", '636503616000000000'],
    ["@ticks('2018-01-01T00:00:00.1234567Z')", '636503616001234567'],
    ["@ticks('1969-12-31T23:59:59.9999999Z')", '621355967999999999'],
    ["@ticks('9999-12-31T23:59:59.9999999Z')", '3155378975999999999'],
    ["@ticks('2018-01-32')", { error: 'EXPR_INVALID_DATE', column: 8 }],
    ['@ticks(636503616000000000)', { error: 'EXPR_ARGUMENT_TYPE' }],
    ['@ticks()', { error: 'EXPR_ARGUMENT_COUNT' }],
    ["@ticks('2018-01-01', 'o')", { error: 'EXPR_ARGUMENT_COUNT' }],
  ]);
});
