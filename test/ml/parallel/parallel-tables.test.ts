/**
 * Table input through real workers: the worker reads and parses its own byte range (CSV by rows
 * and by bytes, TSV, JSON Lines, an MLTable folder), in Node and in Python, and the append_row
 * file gets each result shape in its documented form.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runParallelStep } from '../../../src/ml/steps/parallel/parallel-step-runner.js';
import {
  createSandbox,
  FIXTURE_TABLES,
  metricMap,
  runningChildrenOf,
  type Sandbox,
} from './parallel-sandbox.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await createSandbox();
});
afterEach(async () => {
  expect(runningChildrenOf(process.pid)).toEqual([]);
  await sandbox.remove();
});

/** people.csv as run() sees it, one JSON line per row (the empty line is not a row). */
const PEOPLE_ROWS = [
  { id: '1', name: 'Ann', city: 'Oslo', note: 'plain' },
  { id: '2', name: 'Bo, Jr.', city: 'Rome', note: 'has a comma' },
  { id: '3', name: 'Cy', city: 'New\nYork', note: 'quoted newline in city' },
  { id: '4', name: 'Di', city: 'Paris', note: 'say "hi"' },
  { id: '5', name: 'Ed', city: 'Lima', note: '' },
  { id: '6', name: 'Fa', city: 'Kyiv', note: 'last' },
].map((row) => JSON.stringify(row));

describe('parallel step with table input', () => {
  it.each([
    ['Node', 'echo-rows.mjs'],
    ['Python', 'echo_rows.py'],
  ])(
    '%s: CSV cut by rows, quoted commas, quotes and newlines parsed by the worker',
    async (_, entryScript) => {
      const result = await runParallelStep(
        sandbox.launch({
          entryScript,
          input: { kind: 'table', path: join(FIXTURE_TABLES, 'people.csv') },
          miniBatchSize: { unit: 'rows', value: 4 },
          workerCount: 2,
        }),
      );

      expect(result).toMatchObject({ outcome: 'succeeded', errors: [] });
      expect(await sandbox.appendedLines()).toEqual(PEOPLE_ROWS);
      expect(result.progress).toEqual({
        miniBatches: { total: 2, succeeded: 2, failed: 0 },
        items: { total: 6, succeeded: 6, failed: 0 },
        rowsAppended: 6,
      });
    },
  );

  it('cuts a large CSV by bytes into line-aligned mini-batches, keeping every row once in order', async () => {
    const rowCount = 3000;
    const lines = Array.from(
      { length: rowCount },
      (_, index) => `${index},name-${index},${index % 7}`,
    );
    await sandbox.writeInput({ 'big.csv': `id,name,bucket\n${lines.join('\n')}\n` });
    const result = await runParallelStep(
      sandbox.launch({
        entryScript: 'behaviours.mjs',
        input: { kind: 'table', path: join(sandbox.input, 'big.csv') },
        miniBatchSize: { unit: 'bytes', value: 4096 },
        workerCount: 2,
      }),
    );

    expect(result.outcome).toBe('succeeded');
    const ids = (await sandbox.appendedLines()).map((line) => Number(line.split('|')[0]));
    expect(ids).toEqual(Array.from({ length: rowCount }, (_, index) => index));
    const metrics = metricMap(result.metrics);
    expect(metrics.items_total).toBe(rowCount);
    // about 54 KiB of rows in 4 KiB mini-batches
    expect(metrics.mini_batches_total).toBeGreaterThanOrEqual(10);
    expect(metrics.mini_batches_total).toBeLessThanOrEqual(14);
  });

  it('gives JSON Lines rows as parsed JSON, in Node and in Python alike', async () => {
    const expected = [
      '{"id":1,"value":2.5,"tags":["a"]}',
      '{"id":2,"value":-1,"nested":{"ok":true}}',
      '{"id":3,"value":0,"text":"line\\nbreak"}',
    ];
    for (const entryScript of ['echo-rows.mjs', 'echo_rows.py']) {
      const result = await runParallelStep(
        sandbox.launch({
          entryScript,
          input: { kind: 'table', path: join(FIXTURE_TABLES, 'events.jsonl') },
          miniBatchSize: { unit: 'rows', value: 2 },
          outputAction: 'append_row',
          appendRowFile: join(sandbox.root, `${entryScript}.txt`),
        }),
      );
      expect(result.outcome).toBe('succeeded');
      expect(
        (await readFile(join(sandbox.root, `${entryScript}.txt`), 'utf8')).split('\n'),
      ).toEqual([...expected, '']);
    }
  });

  it('reads TSV without quoting: quotes are kept as characters', async () => {
    const result = await runParallelStep(
      sandbox.launch({
        entryScript: 'echo-rows.mjs',
        input: { kind: 'table', path: join(FIXTURE_TABLES, 'people.tsv') },
        miniBatchSize: { unit: 'rows', value: 10 },
      }),
    );

    expect(result.outcome).toBe('succeeded');
    expect(await sandbox.appendedLines()).toEqual([
      '{"id":"1","name":"Ann","city":"Oslo"}',
      '{"id":"2","name":"\\"Bo\\"","city":"Rome"}',
    ]);
  });

  it('reads the files an MLTable lists, in its order, one file per mini-batch at most', async () => {
    const result = await runParallelStep(
      sandbox.launch({
        entryScript: 'echo-rows.mjs',
        input: { kind: 'table', path: join(FIXTURE_TABLES, 'catalogue') },
        miniBatchSize: { unit: 'rows', value: 10 },
      }),
    );

    expect(result.outcome).toBe('succeeded');
    expect(result.progress.miniBatches.total).toBe(2);
    expect(await sandbox.appendedLines()).toEqual([
      '{"id":"10","year":"2024"}',
      '{"id":"11","year":"2024"}',
      '{"id":"1","year":"2023"}',
    ]);
  });

  it('fails the mini-batch holding a quote inside an unquoted CSV field (RFC 4180), as documented', async () => {
    const result = await runParallelStep(
      sandbox.launch({
        entryScript: 'echo-rows.mjs',
        input: { kind: 'table', path: join(FIXTURE_TABLES, 'stray-quote.csv') },
        miniBatchSize: { unit: 'rows', value: 1 },
        runMaxTry: 1,
      }),
    );

    // Row 2 (`2,5'11"`) opens a quote that never closes, so the partitioner counts rows 2 and 3
    // as one; the worker parses two and refuses the mini-batch instead of guessing.
    expect(result.outcome).toBe('succeeded');
    expect(result.progress.miniBatches).toEqual({ total: 2, succeeded: 1, failed: 1 });
    expect(result.errors).toEqual([
      {
        miniBatch: 1,
        attempt: 1,
        message: expect.stringContaining('a quote inside an unquoted CSV field'),
      },
    ]);
    expect(await sandbox.appendedLines()).toEqual(['{"id":"1","height":"180"}']);
  });

  it('reports a Python error with its traceback, without the harness frames, and retries', async () => {
    const result = await runParallelStep(
      sandbox.launch({
        entryScript: 'flaky_rows.py',
        input: { kind: 'table', path: join(FIXTURE_TABLES, 'people.csv') },
        miniBatchSize: { unit: 'rows', value: 2 },
      }),
    );

    expect(result.outcome).toBe('succeeded');
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(error).toMatchObject({ miniBatch: 1, attempt: 1 });
    expect(error?.message).toMatch(/^ValueError: row 3 looks wrong\n/);
    expect(error?.message).toMatch(/flaky_rows\.py", line \d+, in check/);
    expect(error?.message).not.toContain('python_worker.py');
    expect(await sandbox.appendedLines()).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('writes each result shape in its documented form', async () => {
    await sandbox.writeInput({ 'one.txt': '' });
    const result = await runParallelStep(sandbox.launch({ entryScript: 'result-shapes.mjs' }));

    expect(result.outcome).toBe('succeeded');
    expect(await sandbox.appendedLines()).toEqual([
      'plain text',
      '42',
      'true',
      '',
      'a,"b,c","say ""hi""",7',
      '{"id":1,"tags":["x"]}',
    ]);
    // Six results for one file: one success at most per item.
    expect(result.progress.items).toEqual({ total: 1, succeeded: 1, failed: 0 });
    expect(result.progress.rowsAppended).toBe(6);
  });
});
