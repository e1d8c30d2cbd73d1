import { describe, expect, it } from 'vitest';
import type { RunMessage } from './worker-protocol.js';
import { encodeMessage, parseParentMessage, parseWorkerMessage } from './worker-protocol.js';

describe('parseWorkerMessage', () => {
  it.each([
    { kind: 'ready', pid: 42 },
    { kind: 'init-failed', message: 'boom' },
    { kind: 'run-succeeded', miniBatchIndex: 0, attempt: 1, resultCount: 2, results: ['a', 1] },
    { kind: 'run-succeeded', miniBatchIndex: 3, attempt: 2, resultCount: 5, results: null },
    {
      kind: 'run-succeeded',
      miniBatchIndex: 4,
      attempt: 1,
      resultCount: 2,
      results: null,
      lineBytes: 4,
    },
    { kind: 'run-failed', miniBatchIndex: 1, attempt: 3, message: 'bad' },
  ])('accepts $kind', (message) => {
    expect(parseWorkerMessage(JSON.stringify(message))).toEqual(message);
  });

  it.each([
    ['not JSON', '{nope', /not JSON/],
    ['not an object', '[1,2]', /not a JSON object/],
    ['an unknown kind', '{"kind":"hello"}', /unknown message kind/],
    ['an inherited kind name', '{"kind":"toString"}', /unknown message kind/],
    ['a pid of 0', '{"kind":"ready","pid":0}', /"pid"/],
    [
      'a fractional index',
      '{"kind":"run-failed","miniBatchIndex":1.5,"attempt":1,"message":"x"}',
      /"miniBatchIndex"/,
    ],
    [
      'attempt 0',
      '{"kind":"run-failed","miniBatchIndex":1,"attempt":0,"message":"x"}',
      /"attempt"/,
    ],
    [
      'results not a list',
      '{"kind":"run-succeeded","miniBatchIndex":0,"attempt":1,"resultCount":1,"results":"a"}',
      /"results"/,
    ],
    [
      'a byte count that is not a count',
      '{"kind":"run-succeeded","miniBatchIndex":0,"attempt":1,"resultCount":1,"results":null,"lineBytes":-1}',
      /"lineBytes"/,
    ],
    ['a missing message', '{"kind":"init-failed"}', /"message"/],
  ])('refuses %s', (_case, line, reason) => {
    const parsed = parseWorkerMessage(line);
    expect(parsed.kind).toBe('protocol-violation');
    expect(parsed).toMatchObject({ reason: expect.stringMatching(reason) });
  });
});

describe('parseParentMessage', () => {
  const files: RunMessage = {
    kind: 'run',
    miniBatch: { kind: 'files', index: 0, paths: ['/in/a.txt'] },
    attempt: 1,
    workerIndex: 0,
    sendResults: true,
  };
  const table: RunMessage = {
    kind: 'run',
    miniBatch: {
      kind: 'table',
      index: 4,
      file: '/in/t.csv',
      format: 'csv',
      start: 10,
      end: 90,
      rowCount: 3,
      columns: ['id'],
    },
    attempt: 2,
    workerIndex: 1,
    sendResults: false,
  };

  it('round-trips run messages through encodeMessage', () => {
    for (const message of [files, table]) {
      const line = encodeMessage(message);
      expect(line.endsWith('\n')).toBe(true);
      expect(parseParentMessage(line.trimEnd())).toEqual(message);
    }
  });

  it.each([
    ['an unknown format', { ...table, miniBatch: { ...table.miniBatch, format: 'parquet' } }],
    ['an end before the start', { ...table, miniBatch: { ...table.miniBatch, end: 5 } }],
    ['paths that are not strings', { ...files, miniBatch: { ...files.miniBatch, paths: [1] } }],
    ['no sendResults', { ...files, sendResults: undefined }],
  ])('refuses %s', (_case, message) => {
    expect(parseParentMessage(JSON.stringify(message)).kind).toBe('protocol-violation');
  });
});
