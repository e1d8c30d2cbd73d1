import { describe, expect, it } from 'vitest';
import {
  MAX_METRIC_VALUES,
  MAX_PROTOCOL_LINE_BYTES,
  MAX_TAG_NAMES,
  parseStepProtocolLine,
  StdoutLineSplitter,
  StepProtocolRecorder,
  type StdoutLine,
  type StepProtocolLine,
} from './step-protocol.js';

describe('parseStepProtocolLine', () => {
  const valid: readonly [string, StepProtocolLine][] = [
    ['##millrace {"metric": "loss", "value": 0.25}', { kind: 'metric', name: 'loss', value: 0.25 }],
    ['##millrace {"metric":"epochs","value":-3}', { kind: 'metric', name: 'epochs', value: -3 }],
    [
      '##millrace {"metric": "best", "value": "gbm"}',
      { kind: 'metric', name: 'best', value: 'gbm' },
    ],
    ['##millrace {"metric": "ok", "value": false}', { kind: 'metric', name: 'ok', value: false }],
    ['##millrace {"value": 1, "metric": "order"}', { kind: 'metric', name: 'order', value: 1 }],
    ['##millrace {"tag": "model", "value": "gbm"}', { kind: 'tag', name: 'model', value: 'gbm' }],
    ['##millrace {"tag": "empty", "value": ""}', { kind: 'tag', name: 'empty', value: '' }],
    ['##millrace   {"tag": "spaced", "value": "x"}  ', { kind: 'tag', name: 'spaced', value: 'x' }],
    [
      `##millrace {"tag": "${'n'.repeat(255)}", "value": "x"}`,
      { kind: 'tag', name: 'n'.repeat(255), value: 'x' },
    ],
    [
      '##millrace {"metric": "température", "value": 21}',
      { kind: 'metric', name: 'température', value: 21 },
    ],
  ];
  it.each(valid)('reads %s', (line, expected) => {
    expect(parseStepProtocolLine(line)).toEqual(expected);
  });

  const ordinary = [
    'epoch 1 done',
    '',
    '##millrace',
    '##millrace{"metric": "loss", "value": 1}',
    '##MILLRACE {"metric": "loss", "value": 1}',
    ' ##millrace {"metric": "loss", "value": 1}',
    '# millrace {"metric": "loss", "value": 1}',
  ];
  it.each(ordinary)('leaves ordinary line %j alone', (line) => {
    expect(parseStepProtocolLine(line)).toEqual({ kind: 'none' });
  });

  const invalid: readonly [string, string][] = [
    ['##millrace ', 'not valid JSON'],
    ['##millrace {"metric": "loss", "value": 1', 'not valid JSON'],
    ['##millrace [1, 2]', 'expected one JSON object'],
    ['##millrace "loss"', 'expected one JSON object'],
    ['##millrace null', 'expected one JSON object'],
    ['##millrace {"name": "loss", "value": 1}', 'no "metric" or "tag" field'],
    ['##millrace {"metric": "loss", "tag": "t", "value": 1}', 'has both "metric" and "tag"'],
    ['##millrace {"metric": "loss", "value": 1, "step": 3}', 'unknown field "step"'],
    ['##millrace {"metric": 7, "value": 1}', '"metric" must be a string'],
    ['##millrace {"metric": "", "value": 1}', 'the metric name is empty'],
    [`##millrace {"metric": "${'n'.repeat(256)}", "value": 1}`, 'has 256 characters; at most 255'],
    ['##millrace {"metric": "loss"}', 'the metric "loss" has no "value"'],
    ['##millrace {"metric": "loss", "value": null}', 'must be a number, string or boolean'],
    ['##millrace {"metric": "loss", "value": [1]}', 'must be a number, string or boolean'],
    ['##millrace {"metric": "loss", "value": {"a": 1}}', 'must be a number, string or boolean'],
    ['##millrace {"metric": "loss", "value": 1e999}', 'is not a finite number'],
    ['##millrace {"tag": "model", "value": 3}', 'the value of tag "model" must be a string'],
    ['##millrace {"tag": "", "value": "x"}', 'the tag name is empty'],
  ];
  it.each(invalid)('rejects %s', (line, reason) => {
    const parsed = parseStepProtocolLine(line);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') expect(parsed.reason).toContain(reason);
  });
});

/** Feeds the chunks and returns the lines with the end flushed. */
function split(chunks: readonly (string | Buffer)[], maxLineBytes?: number): StdoutLine[] {
  const splitter = new StdoutLineSplitter(maxLineBytes);
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
}

function line(lineNumber: number, text: string): StdoutLine {
  return { kind: 'line', lineNumber, text };
}

describe('StdoutLineSplitter', () => {
  const cases: readonly [string, readonly (string | Buffer)[], StdoutLine[]][] = [
    ['one chunk, several lines', ['a\nb\nc\n'], [line(1, 'a'), line(2, 'b'), line(3, 'c')]],
    [
      'a line split over chunks',
      ['##mill', 'race {"met', 'ric": "x"}\n'],
      [line(1, '##millrace {"metric": "x"}')],
    ],
    ['CRLF endings', ['a\r\nb\r\n'], [line(1, 'a'), line(2, 'b')]],
    ['CRLF split between CR and LF', ['a\r', '\nb\r', '\n'], [line(1, 'a'), line(2, 'b')]],
    ['a lone CR inside a line is kept', ['a\rb\n'], [line(1, 'a\rb')]],
    ['the last line without a break', ['a\nlast'], [line(1, 'a'), line(2, 'last')]],
    ['empty lines count', ['\n\nx\n'], [line(1, ''), line(2, ''), line(3, 'x')]],
    ['no output', [], []],
    ['empty chunks', ['', 'a', '', '\n'], [line(1, 'a')]],
    [
      'a UTF-8 character split over chunks',
      [Buffer.from([0x74, 0xc3]), Buffer.from([0xa9, 0x0a])],
      [line(1, 'té')],
    ],
  ];
  it.each(cases)('%s', (_name, chunks, expected) => {
    expect(split(chunks)).toEqual(expected);
  });

  it('treats a line over the limit as overlong, however it is chunked, and goes on', () => {
    const long = `##millrace {"metric": "x", "value": "${'v'.repeat(30)}"}`;
    expect(split([long.slice(0, 5), long.slice(5), '\nnext\n'], 20)).toEqual([
      { kind: 'overlong', lineNumber: 1, startsWithPrefix: true },
      line(2, 'next'),
    ]);
    expect(split(['x'.repeat(21), '\n'], 20)).toEqual([
      { kind: 'overlong', lineNumber: 1, startsWithPrefix: false },
    ]);
    expect(split(['y'.repeat(50)], 20)).toEqual([
      { kind: 'overlong', lineNumber: 1, startsWithPrefix: false },
    ]);
  });

  it('accepts a line of exactly the limit, with or without CR', () => {
    expect(split(['x'.repeat(20), '\r\n', 'y'.repeat(20), '\n'], 20)).toEqual([
      line(1, 'x'.repeat(20)),
      line(2, 'y'.repeat(20)),
    ]);
  });

  it('defaults to 64 KiB lines', () => {
    const atLimit = 'a'.repeat(MAX_PROTOCOL_LINE_BYTES);
    expect(split([`${atLimit}\n${atLimit}b\n`]).map((each) => each.kind)).toEqual([
      'line',
      'overlong',
    ]);
  });
});

describe('StepProtocolRecorder', () => {
  const fixedNow = (): Date => new Date('2024-05-01T12:00:00.000Z');

  function record(recorder: StepProtocolRecorder, texts: readonly string[]): string[] {
    return texts.flatMap((text, index) => recorder.record(line(index + 1, text)) ?? []);
  }

  it('keeps metric series in order, the last tag value and warns about malformed lines', () => {
    const recorder = new StepProtocolRecorder(fixedNow);
    const warnings = record(recorder, [
      '##millrace {"metric": "loss", "value": 0.9}',
      'epoch done',
      '##millrace {"tag": "model", "value": "gbm"}',
      '##millrace {"metric": "loss", "value": 0.5}',
      '##millrace {"metric": "loss"',
      '##millrace {"tag": "model", "value": "rf"}',
    ]);
    expect(recorder.metrics).toEqual([
      { name: 'loss', value: 0.9, loggedAt: '2024-05-01T12:00:00.000Z' },
      { name: 'loss', value: 0.5, loggedAt: '2024-05-01T12:00:00.000Z' },
    ]);
    expect(recorder.tags).toEqual({ model: 'rf' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\[millrace\] ignored protocol line 5: not valid JSON/);
  });

  it('warns about overlong protocol lines but not overlong ordinary lines', () => {
    const recorder = new StepProtocolRecorder(fixedNow);
    expect(recorder.record({ kind: 'overlong', lineNumber: 4, startsWithPrefix: false })).toBe(
      undefined,
    );
    expect(recorder.record({ kind: 'overlong', lineNumber: 7, startsWithPrefix: true })).toBe(
      `[millrace] ignored protocol line 7: longer than ${MAX_PROTOCOL_LINE_BYTES} bytes, so it was treated as ordinary output`,
    );
  });

  it(`keeps ${MAX_METRIC_VALUES} metric values and warns once about the rest`, () => {
    const recorder = new StepProtocolRecorder(fixedNow);
    const texts = Array.from(
      { length: MAX_METRIC_VALUES + 5 },
      (_, index) => `##millrace {"metric": "step", "value": ${index}}`,
    );
    const warnings = record(recorder, texts);
    expect(recorder.metrics).toHaveLength(MAX_METRIC_VALUES);
    expect(recorder.metrics.at(-1)?.value).toBe(MAX_METRIC_VALUES - 1);
    expect(warnings).toEqual([
      `[millrace] metric limit reached at stdout line ${MAX_METRIC_VALUES + 1}: at most ${MAX_METRIC_VALUES} metric values are kept per attempt; this and later ones are dropped`,
    ]);
  });

  it(`keeps ${MAX_TAG_NAMES} distinct tags, still updates them and warns once about new ones`, () => {
    const recorder = new StepProtocolRecorder(fixedNow);
    const texts = Array.from(
      { length: MAX_TAG_NAMES + 2 },
      (_, index) => `##millrace {"tag": "t${index}", "value": "v"}`,
    );
    texts.push('##millrace {"tag": "t0", "value": "updated"}');
    const warnings = record(recorder, texts);
    expect(Object.keys(recorder.tags)).toHaveLength(MAX_TAG_NAMES);
    expect(recorder.tags['t0']).toBe('updated');
    expect(recorder.tags[`t${MAX_TAG_NAMES}`]).toBe(undefined);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`tag limit reached at stdout line ${MAX_TAG_NAMES + 1}`);
  });
});
