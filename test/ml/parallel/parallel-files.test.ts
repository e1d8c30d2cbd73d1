/**
 * File input through real workers: Node (.mjs, .ts) and Python entry scripts, append_row order,
 * summary_only, logs and progress, init() once per worker, and two workers running at once.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runParallelStep } from '../../../src/ml/steps/parallel/parallel-step-runner.js';
import { createSandbox, metricMap, runningChildrenOf, type Sandbox } from './parallel-sandbox.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await createSandbox();
  // Sorted by relative path: a.txt, b.txt, c/d.txt, c/e.txt, f.txt
  await sandbox.writeInput({
    'f.txt': '5',
    'c/e.txt': '4',
    'a.txt': '1',
    'c/d.txt': '3',
    'b.txt': '2',
  });
});
afterEach(async () => {
  expect(runningChildrenOf(process.pid)).toEqual([]);
  await sandbox.remove();
});

describe('parallel step with file input', () => {
  it('runs a .mjs entry script and appends its results in mini-batch order', async () => {
    const result = await runParallelStep(sandbox.launch({ entryScript: 'echo-files.mjs' }));

    expect(result).toMatchObject({ outcome: 'succeeded', failure: null, errors: [] });
    expect(await sandbox.appendedLines()).toEqual(['a.txt', 'b.txt', 'd.txt', 'e.txt', 'f.txt']);
    expect(result.progress).toEqual({
      miniBatches: { total: 3, succeeded: 3, failed: 0 },
      items: { total: 5, succeeded: 5, failed: 0 },
      rowsAppended: 5,
    });
    expect(metricMap(result.metrics)).toEqual({
      mini_batches_total: 3,
      mini_batches_succeeded: 3,
      mini_batches_failed: 0,
      items_total: 5,
      items_succeeded: 5,
      items_failed: 0,
      rows_appended: 5,
      failed_tries: 0,
      worker_processes_started: 1,
    });
  });

  it('keeps the script output in worker-<n>.txt and writes a summary, progress and no errors', async () => {
    const result = await runParallelStep(sandbox.launch({ entryScript: 'echo-files.mjs' }));

    const workerLog = await sandbox.readLog('worker-0.txt');
    expect(workerLog).toMatch(/^\[millrace\] worker 0 started: pid \d+\necho-files: init in \d+\n/);
    expect(workerLog).toContain('echo-files: mini-batch 2 try 1\n');
    const summary = await sandbox.readLog('stdout.txt');
    expect(summary).toContain('mini-batches: 3 cut, 3 succeeded, 0 failed\n');
    expect(summary).toContain('items: 5 cut, 5 succeeded, 0 failed\n');
    expect(summary).toContain('outcome: succeeded\n');
    expect(await sandbox.readLog('stderr.txt')).toBe('');
    const progressLines = (await sandbox.readLog('progress.jsonl')).trim().split('\n');
    const lastLine = JSON.parse(progressLines.at(-1) as string) as Record<string, unknown>;
    expect(lastLine).toEqual({ at: expect.any(String), ...result.progress });
    expect(sandbox.reported.at(-1)).toEqual(result.progress);
  });

  it('loads a CommonJS entry script whose init and run are on module.exports', async () => {
    const result = await runParallelStep(sandbox.launch({ entryScript: 'echo-files.cjs' }));

    expect(result.outcome).toBe('succeeded');
    expect(await sandbox.appendedLines()).toEqual(['a.txt', 'b.txt', 'd.txt', 'e.txt', 'f.txt']);
  });

  it('runs a TypeScript entry script through tsx, with its program arguments as argv', async () => {
    const result = await runParallelStep(
      sandbox.launch({ entryScript: 'echo-files.ts', programArguments: ['v2:'] }),
    );

    expect(result.outcome).toBe('succeeded');
    expect(await sandbox.appendedLines()).toEqual([
      'v2:a.txt@0',
      'v2:b.txt@0',
      'v2:d.txt@1',
      'v2:e.txt@1',
      'v2:f.txt@2',
    ]);
  });

  it('runs a Python entry script, run(mini_batch, context) getting the file paths', async () => {
    const result = await runParallelStep(
      sandbox.launch({ entryScript: 'echo_files.py', programArguments: ['py', 'says:'] }),
    );

    expect(result).toMatchObject({ outcome: 'succeeded', failure: null });
    expect(await sandbox.appendedLines()).toEqual([
      'py says:a.txt@0',
      'py says:b.txt@0',
      'py says:d.txt@1',
      'py says:e.txt@1',
      'py says:f.txt@2',
    ]);
    expect(await sandbox.readLog('worker-0.txt')).toMatch(/echo_files: init in \d+\n/);
  });

  it('summary_only counts the results and writes no rows', async () => {
    const result = await runParallelStep(
      sandbox.launch({
        entryScript: 'echo-files.mjs',
        outputAction: 'summary_only',
        appendRowFile: undefined,
      }),
    );

    expect(result.outcome).toBe('succeeded');
    expect(result.progress.items).toEqual({ total: 5, succeeded: 5, failed: 0 });
    expect(result.progress.rowsAppended).toBe(0);
    expect(existsSync(sandbox.appendRowFile)).toBe(false);
  });

  it('copies the code folder into the working folder and runs from there', async () => {
    await runParallelStep(sandbox.launch({ entryScript: 'echo-files.mjs' }));

    expect(await readFile(join(sandbox.working, 'code', 'echo-files.mjs'), 'utf8')).toContain(
      'export function run',
    );
  });

  it('runs two workers at once, each calling init() exactly once', async () => {
    await sandbox.writeInput({ 'g.txt': '6', 'h.txt': '7' });
    const result = await runParallelStep(
      sandbox.launch({
        entryScript: 'behaviours.mjs',
        // Each run() waits until two mini-batches have started: only two workers can get there.
        programArguments: ['--markers', sandbox.markers, '--rendezvous', '2'],
        miniBatchSize: { unit: 'files', value: 1 },
        workerCount: 2,
      }),
    );

    expect(result.outcome).toBe('succeeded');
    const lines = await sandbox.appendedLines();
    expect(lines.map((line) => line.split('|')[0])).toEqual([
      'a.txt',
      'b.txt',
      'd.txt',
      'e.txt',
      'f.txt',
      'g.txt',
      'h.txt',
    ]);
    const resultPids = new Set(lines.map((line) => Number(line.split('|')[1])));
    expect(resultPids.size).toBe(2);
    const inits = sandbox.initCalls();
    expect([...inits.keys()].sort()).toEqual([...resultPids].sort());
    expect([...inits.values()]).toEqual([1, 1]);
    expect(metricMap(result.metrics).worker_processes_started).toBe(2);
  });
});
