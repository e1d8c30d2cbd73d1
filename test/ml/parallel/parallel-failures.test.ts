/**
 * How tries, mini-batches and steps fail, with real workers: retries up to runMaxTry, run()
 * timeouts and crashes replacing the worker, the three failure limits, init() failures, a missing
 * interpreter and a bad input. The `behaviours.mjs` fixture fails where its arguments say.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runParallelStep } from '../../../src/ml/steps/parallel/parallel-step-runner.js';
import type { ParallelStepLaunch } from '../../../src/ml/steps/step-launch.js';
import {
  createSandbox,
  FIXTURE_CODE,
  metricMap,
  processRunning,
  runningChildrenOf,
  type Sandbox,
} from './parallel-sandbox.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await createSandbox();
  // Ten files a0 … a9: five mini-batches of two.
  await sandbox.writeInput(
    Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`a${index}.txt`, String(index)])),
  );
});
afterEach(async () => {
  expect(runningChildrenOf(process.pid)).toEqual([]);
  await sandbox.remove();
});

const behaving = (faults: string[], overrides: Partial<ParallelStepLaunch> = {}) =>
  sandbox.launch({
    entryScript: 'behaviours.mjs',
    programArguments: ['--markers', sandbox.markers, ...faults],
    ...overrides,
  });

const itemNames = async () => (await sandbox.appendedLines()).map((line) => line.split('|')[0]);
const ALL_ITEMS = Array.from({ length: 10 }, (_, index) => `a${index}.txt`);

describe('failed tries and retries', () => {
  it('retries a mini-batch whose run() threw on its first try; the retry succeeds', async () => {
    const result = await runParallelStep(behaving(['--throw', '1:first']));

    expect(result).toMatchObject({ outcome: 'succeeded', failure: null });
    expect(result.errors).toEqual([
      {
        miniBatch: 1,
        attempt: 1,
        message: expect.stringMatching(/^Error: mini-batch 1 is bad\n\s+at /),
      },
    ]);
    expect(result.progress.miniBatches).toEqual({ total: 5, succeeded: 5, failed: 0 });
    expect(await itemNames()).toEqual(ALL_ITEMS);
    expect(await sandbox.readLog('stderr.txt')).toContain(
      'mini-batch 1, try 1 (worker 0): Error: mini-batch 1 is bad',
    );
  });

  it('counts a mini-batch failing all runMaxTry tries as failed, all its items failed', async () => {
    const result = await runParallelStep(behaving(['--throw', '1'], { runMaxTry: 2 }));

    expect(result.outcome).toBe('succeeded'); // no limit set
    expect(result.errors.map(({ miniBatch, attempt }) => ({ miniBatch, attempt }))).toEqual([
      { miniBatch: 1, attempt: 1 },
      { miniBatch: 1, attempt: 2 },
    ]);
    expect(result.progress).toEqual({
      miniBatches: { total: 5, succeeded: 4, failed: 1 },
      items: { total: 10, succeeded: 8, failed: 2 },
      rowsAppended: 8,
    });
    expect(await itemNames()).toEqual(
      ALL_ITEMS.filter((name) => !['a2.txt', 'a3.txt'].includes(name)),
    );
    expect(metricMap(result.metrics)).toMatchObject({ failed_tries: 2, mini_batches_failed: 1 });
  });

  it('stops a run() that passes run_invocation_timeout, replaces the worker, and retries', async () => {
    const result = await runParallelStep(
      behaving(['--hang', '0:first'], { runInvocationTimeoutSeconds: 1 }),
    );

    expect(result.outcome).toBe('succeeded');
    expect(result.errors).toEqual([
      {
        miniBatch: 0,
        attempt: 1,
        message: expect.stringContaining(
          'run() did not return within run_invocation_timeout (1 s)',
        ),
      },
    ]);
    expect(await itemNames()).toEqual(ALL_ITEMS);
    // The replacement ran init() again; the stopped worker and the child it started are gone.
    const inits = sandbox.initCalls();
    expect([...inits.values()]).toEqual([1, 1]);
    const hang = JSON.parse(readFileSync(join(sandbox.markers, hangMarker()), 'utf8')) as {
      pid: number;
      childPid: number;
    };
    expect(processRunning(hang.pid)).toBe(false);
    expect(processRunning(hang.childPid)).toBe(false);
    expect(metricMap(result.metrics).worker_processes_started).toBe(2);
  });

  it('counts a worker that exits inside run() as a failed try and starts a new one', async () => {
    const result = await runParallelStep(behaving(['--exit', '2:first']));

    expect(result.outcome).toBe('succeeded');
    expect(result.errors).toEqual([
      {
        miniBatch: 2,
        attempt: 1,
        message: 'worker 0 exited with code 3 during run(); its output is in worker-0.txt',
      },
    ]);
    expect(await itemNames()).toEqual(ALL_ITEMS);
    expect(sandbox.initCalls().size).toBe(2);
  });
  it('hands a mini-batch that waited behind a lost try out again as the same try', async () => {
    // One worker holds mini-batch 1 while it runs 0, which ends the worker: 1 never started, so
    // its first try is still to come (and throws, as a first try of 1 does here).
    const result = await runParallelStep(behaving(['--exit', '0:first', '--throw', '1:first']));

    expect(result.outcome).toBe('succeeded');
    expect(result.errors).toEqual([
      {
        miniBatch: 0,
        attempt: 1,
        message: 'worker 0 exited with code 3 during run(); its output is in worker-0.txt',
      },
      {
        miniBatch: 1,
        attempt: 1,
        message: expect.stringMatching(/^Error: mini-batch 1 is bad\n/),
      },
    ]);
    expect(await itemNames()).toEqual(ALL_ITEMS);
  });
});

describe('failure limits', () => {
  it('stops at once when failed items pass error_threshold', async () => {
    const result = await runParallelStep(behaving(['--partial', '1'], { errorThreshold: 1 }));

    expect(result).toMatchObject({
      outcome: 'failed',
      failure: { code: 'PARALLEL_ERROR_THRESHOLD_EXCEEDED', failureType: 'UserError' },
    });
    // One worker, in order: mini-batches 0 and 1 ran, 2 to 4 never did.
    expect(result.progress.miniBatches).toEqual({ total: 5, succeeded: 2, failed: 0 });
    expect(result.progress.items).toEqual({ total: 10, succeeded: 2, failed: 2 });
    expect(await itemNames()).toEqual(['a0.txt', 'a1.txt']);
  });

  it('stops at once when failed mini-batches pass allowed_failed_count', async () => {
    const result = await runParallelStep(
      behaving(['--throw', '0', '--throw', '1', '--throw', '2'], {
        runMaxTry: 1,
        allowedFailedCount: 1,
      }),
    );

    expect(result).toMatchObject({
      outcome: 'failed',
      failure: { code: 'PARALLEL_FAILED_BATCHES_EXCEEDED' },
    });
    expect(result.progress.miniBatches).toEqual({ total: 5, succeeded: 0, failed: 2 });
    expect(result.errors.map((error) => error.miniBatch)).toEqual([0, 1]);
  });

  it('checks allowed_failed_percent once every mini-batch has ended', async () => {
    const over = await runParallelStep(
      behaving(['--throw', '4'], { runMaxTry: 1, allowedFailedPercent: 19 }),
    );
    expect(over).toMatchObject({
      outcome: 'failed',
      failure: {
        code: 'PARALLEL_FAILED_PERCENT_EXCEEDED',
        message: expect.stringContaining('1 of 5 mini-batches failed (20%)'),
      },
    });
    expect(over.progress.miniBatches).toEqual({ total: 5, succeeded: 4, failed: 1 });

    const atLimit = await runParallelStep(
      behaving(['--throw', '4'], {
        runMaxTry: 1,
        allowedFailedPercent: 20,
        appendRowFile: join(sandbox.root, 'second.txt'),
      }),
    );
    expect(atLimit).toMatchObject({ outcome: 'succeeded', failure: null });
  });
});

describe('steps that cannot run', () => {
  it('fails with PARALLEL_INIT_FAILED when init() fails in every worker', async () => {
    const result = await runParallelStep(
      sandbox.launch({ entryScript: 'init-fails.mjs', workerCount: 2 }),
    );

    expect(result).toMatchObject({
      outcome: 'failed',
      failure: {
        code: 'PARALLEL_INIT_FAILED',
        message: expect.stringContaining('Error: the model file is missing'),
      },
    });
    expect(result.progress.miniBatches.succeeded).toBe(0);
    expect(await sandbox.readLog('stderr.txt')).toMatch(
      /worker 1: Error: the model file is missing/,
    );
  });

  it('fails with PARALLEL_INIT_FAILED when the workers die while loading the script', async () => {
    const result = await runParallelStep(sandbox.launch({ entryScript: 'exits-on-load.mjs' }));

    expect(result).toMatchObject({
      outcome: 'failed',
      failure: {
        code: 'PARALLEL_INIT_FAILED',
        message: expect.stringContaining(
          'worker 0 exited with code 4 before init() returned; its output is in worker-0.txt',
        ),
      },
    });
  });

  it('fails with PARALLEL_RUNTIME_MISSING when python3 is not on the step PATH', async () => {
    const emptyBin = join(sandbox.root, 'empty-bin');
    await mkdir(emptyBin);
    const result = await runParallelStep(
      sandbox.launch({ entryScript: 'echo_files.py', environment: { PATH: emptyBin } }),
    );

    expect(result).toMatchObject({
      outcome: 'failed',
      failure: { code: 'PARALLEL_RUNTIME_MISSING', failureType: 'UserError' },
    });
    expect(readdirSync(sandbox.logs).filter((name) => name.startsWith('worker-'))).toEqual([]);
  });

  it.each([
    [
      'a missing entry script',
      { entryScript: 'nope.mjs' },
      'PARALLEL_INIT_FAILED',
      /is not in the code folder/,
    ],
    [
      'an entry script outside the code folder',
      { entryScript: '../escape.mjs' },
      'PARALLEL_INIT_FAILED',
      /outside the code folder/,
    ],
    [
      'an unsupported entry script',
      { entryScript: 'score.rb' },
      'PARALLEL_INIT_FAILED',
      /must be \.py or one of \.js/,
    ],
    [
      'rows on a file input',
      { entryScript: 'echo-files.mjs', miniBatchSize: { unit: 'rows' as const, value: 5 } },
      'PARALLEL_INPUT_INVALID',
      /counts files, not rows/,
    ],
    [
      'a missing input',
      { entryScript: 'echo-files.mjs', input: { kind: 'files' as const, path: '/nonexistent/in' } },
      'STEP_INPUT_MISSING',
      /does not exist/,
    ],
    [
      'append_row without a file',
      { entryScript: 'echo-files.mjs', appendRowFile: undefined },
      'STEP_SPAWN_FAILED',
      /append_row needs appendRowFile/,
    ],
    [
      'an append_row file that cannot be created',
      {
        entryScript: 'echo-files.mjs',
        appendRowFile: join(FIXTURE_CODE, 'echo-files.mjs', 'rows.txt'),
      },
      'STEP_OUTPUT_FAILED',
      /ENOTDIR|EEXIST/,
    ],
    [
      'workerCount 0',
      { entryScript: 'echo-files.mjs', workerCount: 0 },
      'STEP_SPAWN_FAILED',
      /workerCount 0 is not a positive integer/,
    ],
  ])('fails before any worker starts on %s', async (_case, overrides, code, message) => {
    const result = await runParallelStep(sandbox.launch(overrides));

    expect(result).toMatchObject({ outcome: 'failed', failure: { code, message } });
    expect(await sandbox.readLog('stderr.txt')).toContain(code);
    expect(existsSync(join(sandbox.logs, 'worker-0.txt'))).toBe(false);
  });
});

function hangMarker(): string {
  const name = readdirSync(sandbox.markers).find((file) => file.startsWith('hang-'));
  if (name === undefined) throw new Error('the hanging run() left no marker');
  return name;
}
