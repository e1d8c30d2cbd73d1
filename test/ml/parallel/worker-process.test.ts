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

describe('a worker whose stdout outlives it', () => {
  it('is gone once it exited, even while a process it left holds its stdout open', async () => {
    // The worker starts a process in a session of its own (out of reach of the group kill) that
    // inherits its stdout, prints that process's pid and exits.
    const script = [
      "const { spawn } = require('node:child_process');",
      "const held = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'],",
      "  { detached: true, stdio: ['ignore', 'inherit', 'ignore'] });",
      'console.log(`holder ${held.pid}`);',
      'process.exit(0);',
    ].join('\n');
    const printed: string[] = [];
    worker = WorkerProcess.start({
      command: process.execPath,
      args: ['-e', script],
      cwd: sandbox.root,
      env: process.env,
      logFile: join(sandbox.logs, 'worker-0.txt'),
      workerIndex: 0,
      onStdout: (chunk) => printed.push(chunk === null ? '<end>' : chunk.toString()),
    });
    expect(await worker.started).toMatchObject({ kind: 'lost' });
    await worker.gone;
    const holder = Number(/holder (\d+)/.exec(printed.join(''))?.[1]);
    try {
      expect(printed.at(-1)).toBe('<end>');
      expect(await sandbox.readLog('worker-0.txt')).toContain(`holder ${holder}\n`);
    } finally {
      process.kill(holder, 'SIGKILL');
    }
  });
});
