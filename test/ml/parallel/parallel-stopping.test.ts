/**
 * Stopping a parallel step from outside: the run's abort signal and the step timeout stop every
 * worker's whole process tree (the workers and what they started) before the result comes back.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runParallelStep } from '../../../src/ml/steps/parallel/parallel-step-runner.js';
import {
  createSandbox,
  processRunning,
  runningChildrenOf,
  waitUntil,
  type Sandbox,
} from './parallel-sandbox.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await createSandbox();
  await sandbox.writeInput({ 'a.txt': '', 'b.txt': '', 'c.txt': '', 'd.txt': '' });
});
afterEach(async () => {
  expect(runningChildrenOf(process.pid)).toEqual([]);
  await sandbox.remove();
});

interface HangMarker {
  readonly pid: number;
  readonly childPid: number;
}

const hangMarkers = (): HangMarker[] =>
  readdirSync(sandbox.markers)
    .filter((name) => name.startsWith('hang-'))
    .map((name) => JSON.parse(readFileSync(join(sandbox.markers, name), 'utf8')) as HangMarker);

describe('stopping a parallel step', () => {
  it('cancels on abort: every worker and every process it started is gone', async () => {
    const controller = new AbortController();
    const running = runParallelStep(
      sandbox.launch({
        entryScript: 'behaviours.mjs',
        programArguments: ['--markers', sandbox.markers, '--hang', '0', '--hang', '1'],
        miniBatchSize: { unit: 'files', value: 2 },
        workerCount: 2,
        signal: controller.signal,
      }),
    );
    await waitUntil(() => hangMarkers().length === 2, 'both workers to hang in run()');
    const pids = hangMarkers().flatMap(({ pid, childPid }) => [pid, childPid]);
    expect(pids.every(processRunning)).toBe(true);
    controller.abort();
    const result = await running;

    expect(result).toMatchObject({
      outcome: 'canceled',
      failure: { code: 'STEP_CANCELED', failureType: 'UserError' },
      errors: [],
    });
    expect(pids.filter(processRunning)).toEqual([]);
    expect(result.progress.miniBatches).toEqual({ total: 2, succeeded: 0, failed: 0 });
  });

  it('ends timed-out when the step passes its timeout, its worker tree stopped', async () => {
    const result = await runParallelStep(
      sandbox.launch({
        entryScript: 'behaviours.mjs',
        programArguments: ['--markers', sandbox.markers, '--hang', '1'],
        timeoutSeconds: 1,
      }),
    );

    expect(result).toMatchObject({ outcome: 'timed-out', failure: { code: 'STEP_TIMED_OUT' } });
    // Mini-batch 0 was done before mini-batch 1 hung.
    expect(result.progress.miniBatches).toEqual({ total: 2, succeeded: 1, failed: 0 });
    expect(await sandbox.appendedLines()).toHaveLength(2);
    const [marker] = hangMarkers();
    expect(marker).toBeDefined();
    expect([marker?.pid, marker?.childPid].filter((pid) => processRunning(pid ?? 0))).toEqual([]);
  });

  it('starts nothing when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runParallelStep(
      sandbox.launch({ entryScript: 'echo-files.mjs', signal: controller.signal }),
    );

    expect(result).toMatchObject({ outcome: 'canceled', failure: { code: 'STEP_CANCELED' } });
    expect(readdirSync(sandbox.logs).filter((name) => name.startsWith('worker-'))).toEqual([]);
  });
});
