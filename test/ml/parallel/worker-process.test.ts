/**
 * One real Node worker seen from the parent, holding two mini-batches at once: it runs them in
 * the order sent and its result lines arrive as bytes; when it is lost during the first, the
 * second comes back as never started (the pool hands it out again as the same try).
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileMiniBatch } from '../../../src/ml/steps/parallel/mini-batch.js';
import { resolveWorkerCommand } from '../../../src/ml/steps/parallel/worker-command.js';
import { WorkerProcess } from '../../../src/ml/steps/parallel/worker-process.js';
import {
  FIXTURE_CODE,
  createSandbox,
  runningChildrenOf,
  type Sandbox,
} from './parallel-sandbox.js';

let sandbox: Sandbox;
let worker: WorkerProcess | undefined;
beforeEach(async () => {
  sandbox = await createSandbox();
  await sandbox.writeInput({ 'a.txt': '', 'b.txt': '' });
});
afterEach(async () => {
  await worker?.kill();
  worker = undefined;
  expect(runningChildrenOf(process.pid)).toEqual([]);
  await sandbox.remove();
});

async function startWorker(faults: string[]): Promise<WorkerProcess> {
  const entryScript = join(FIXTURE_CODE, 'behaviours.mjs');
  const command = await resolveWorkerCommand(entryScript, process.env);
  if (command.kind !== 'command') throw new Error(command.message);
  const started = WorkerProcess.start({
    command: command.command,
    args: [...command.args, '--markers', sandbox.markers, ...faults],
    cwd: FIXTURE_CODE,
    env: process.env,
    logFile: join(sandbox.logs, 'worker-0.txt'),
    workerIndex: 0,
  });
  expect(await started.started).toEqual({ kind: 'ready' });
  return started;
}

const miniBatch = (index: number, file: string): FileMiniBatch => ({
  kind: 'files',
  index,
  paths: [join(sandbox.input, file)],
});

const runMessage = (index: number, file: string) => ({
  kind: 'run' as const,
  miniBatch: miniBatch(index, file),
  attempt: 1,
  workerIndex: 0,
  sendResults: true,
});

describe('a worker holding two mini-batches', () => {
  it('runs them one after the other, in the order sent', async () => {
    worker = await startWorker([]);
    const first = worker.run(runMessage(0, 'a.txt'), 60_000);
    const second = worker.run(runMessage(1, 'b.txt'), 60_000);

    const pid = worker.pid ?? 0;
    for (const [outcome, file] of [
      [await first, 'a.txt'],
      [await second, 'b.txt'],
    ] as const) {
      expect(outcome).toMatchObject({ kind: 'succeeded', resultCount: 1 });
      const lines = outcome.kind === 'succeeded' ? outcome.lines : null;
      expect(Buffer.concat(lines ?? []).toString()).toBe(`${file}|${pid}\n`);
    }
  });

  it('gives the second back as never started when the worker is lost during the first', async () => {
    worker = await startWorker(['--exit', '0']);
    const first = worker.run(runMessage(0, 'a.txt'), 60_000);
    const second = worker.run(runMessage(1, 'b.txt'), 60_000);

    expect(await first).toEqual({
      kind: 'worker-lost',
      message: 'worker 0 exited with code 3 during run(); its output is in worker-0.txt',
    });
    expect(await second).toEqual({ kind: 'not-started' });
    await worker.gone;
  });

  it('stops the first when it passes run_invocation_timeout; the second never started', async () => {
    worker = await startWorker(['--hang', '0']);
    const first = worker.run(runMessage(0, 'a.txt'), 1000);
    const second = worker.run(runMessage(1, 'b.txt'), 1000);

    expect(await first).toEqual({
      kind: 'worker-lost',
      message: expect.stringContaining('run() did not return within run_invocation_timeout (1 s)'),
    });
    expect(await second).toEqual({ kind: 'not-started' });
  });
});
