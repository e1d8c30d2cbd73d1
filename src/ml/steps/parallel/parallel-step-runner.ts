/**
 * Runs one attempt of a parallel (batch inference) step, as Azure ML's ParallelRunStep: copies
 * the code snapshot (its package.json dependencies linked in), cuts the input into mini-batches,
 * starts `workerCount` workers that call the entry script's init() once and run() per
 * mini-batch, retries failed tries, applies the failure limits, appends results in mini-batch
 * order (append_row), and reports progress. See README.md.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import type {
  ParallelProgress,
  ParallelStepLaunch,
  ParallelStepResult,
  StepFailure,
  StepMetric,
  StepOutcome,
  StepRunnerOptions,
} from '../step-launch.js';
import { prepareStepCodeFolder, type StepCodeFolder } from '../step-code-folder.js';
import { StepLogFile } from '../step-log-file.js';
import type { MiniBatch } from './mini-batch.js';
import {
  planMiniBatches,
  type MiniBatchPlan,
  type PartitionProblem,
} from './mini-batch-partitioner.js';
import { MiniBatchQueue, type QueuedMiniBatch } from './mini-batch-queue.js';
import { OrderedRowWriter } from './ordered-row-writer.js';
import { ParallelTally, stepFailure, trimMessage } from './parallel-tally.js';
import { ProgressReporter } from './progress-reporter.js';
import { resolveWorkerCommand, type WorkerCommand } from './worker-command.js';
import { WorkerPool, type PoolEnd, type SlotLoss } from './worker-pool.js';
import { WorkerProcess, type EndedTry } from './worker-process.js';
import { WorkerStepProtocol } from './worker-step-protocol.js';
import { inheritedEnvironment } from '../../../processes/inherited-environment.js';

/** Fresh mini-batches cut ahead per worker, so a free worker never waits for the partitioner. */
export const LOOKAHEAD_PER_WORKER = 2;
/** setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days). */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;
/** Runner files inside the working folder (out-of-order results spilled to disk). */
const RUNNER_FOLDER = '.millrace-parallel';

interface StepLogs {
  readonly stdout: StepLogFile;
  readonly stderr: StepLogFile;
  readonly progress: StepLogFile;
}

interface Stop {
  readonly outcome: Exclude<StepOutcome, 'succeeded'>;
  readonly failure: StepFailure;
}

/**
 * Never throws: every way the attempt can end, a broken launch or an unwritable log folder
 * included, is in the result. `durationMs` and `timeoutSeconds` cover the whole attempt, copying
 * the code and installing its npm dependencies included.
 */
export async function runParallelStep(
  launch: ParallelStepLaunch,
  options: StepRunnerOptions = {},
): Promise<ParallelStepResult> {
  const started = performance.now();
  let logs: StepLogs;
  try {
    logs = await openLogs(launch.logFolder);
  } catch (error) {
    return endBeforeWork(
      started,
      stepFailure('STEP_SPAWN_FAILED', `the log folder cannot be written: ${messageOf(error)}`),
    );
  }
  try {
    return await runWithLogs(launch, options, logs, started);
  } catch (error) {
    const failure = stepFailure('STEP_SPAWN_FAILED', `the step runner failed: ${messageOf(error)}`);
    logs.stderr.append(`${failure.message}\n`);
    return endBeforeWork(started, failure);
  } finally {
    await Promise.all(Object.values(logs).map((log) => log.close().catch(() => {})));
  }
}

async function runWithLogs(
  launch: ParallelStepLaunch,
  options: StepRunnerOptions,
  logs: StepLogs,
  started: number,
): Promise<ParallelStepResult> {
  const fail = (
    failure: StepFailure,
    outcome: Exclude<StepOutcome, 'succeeded'> = 'failed',
  ): ParallelStepResult => {
    logs.stderr.append(`${failure.code}: ${failure.message}\n`);
    return endBeforeWork(started, failure, outcome);
  };
  if (launch.signal.aborted)
    return endBeforeWork(started, stepFailure('STEP_CANCELED', 'the run was canceled'), 'canceled');
  const invalid = checkLaunch(launch);
  if (invalid !== null) return fail(invalid);

  const prepared = await prepareCodeFolder(launch, options, logs, started);
  if (prepared.kind === 'failed') return fail(prepared.failure);
  if (prepared.kind === 'stopped')
    return launch.signal.aborted
      ? endBeforeWork(started, stepFailure('STEP_CANCELED', 'the run was canceled'), 'canceled')
      : fail(
          stepFailure(
            'STEP_TIMED_OUT',
            `the step reached its timeout (${launch.timeoutSeconds} s) while its code folder was prepared (npm dependencies installed); no worker started`,
          ),
          'timed-out',
        );
  const codeFolder = prepared.cwd;
  const entryScript = resolve(codeFolder, launch.entryScript);
  const inside = relative(codeFolder, entryScript);
  if (inside.startsWith('..') || isAbsolute(inside))
    return fail(
      stepFailure(
        'PARALLEL_INIT_FAILED',
        `entry script ${launch.entryScript} is outside the code folder`,
      ),
    );
  if (!(await isFile(entryScript)))
    return fail(
      stepFailure(
        'PARALLEL_INIT_FAILED',
        `entry script ${launch.entryScript} is not in the code folder`,
      ),
    );

  const environment: NodeJS.ProcessEnv = {
    ...inheritedEnvironment(),
    ...launch.environment,
    MILLRACE_LOGGING_LEVEL: launch.loggingLevel,
  };
  const command = await resolveWorkerCommand(entryScript, environment);
  if (command.kind === 'problem') return fail(stepFailure(command.code, command.message));
  const plan = await planMiniBatches(launch.input, launch.miniBatchSize).catch(
    (error: unknown): PartitionProblem => ({
      kind: 'problem',
      code: 'PARALLEL_INPUT_INVALID',
      message: `reading the input failed: ${messageOf(error)}`,
    }),
  );
  if (plan.kind === 'problem') return fail(stepFailure(plan.code, plan.message));

  let writer: OrderedRowWriter | null = null;
  if (launch.outputAction === 'append_row') {
    const appendRowFile = launch.appendRowFile as string; // checkLaunch made sure
    try {
      await mkdir(dirname(appendRowFile), { recursive: true });
      writer = await OrderedRowWriter.open(
        appendRowFile,
        join(launch.workingFolder, RUNNER_FOLDER, 'pending-results'),
      );
    } catch (error) {
      return fail(stepFailure('STEP_OUTPUT_FAILED', `${appendRowFile}: ${messageOf(error)}`));
    }
  }
  logs.stdout.append(
    `parallel step ${launch.stepName}: ${launch.entryScript} (${command.runtime}), ` +
      `${launch.workerCount} worker(s), ${launch.input.kind} input ${launch.input.path}, ` +
      `mini_batch_size ${launch.miniBatchSize.value} ${launch.miniBatchSize.unit}\n`,
  );
  try {
    return await execute({ launch, logs, started, codeFolder, environment, command, plan, writer });
  } finally {
    // Closed already unless execute threw; closing twice is harmless.
    await writer?.close().catch(() => {});
  }
}

interface Execution {
  readonly launch: ParallelStepLaunch;
  readonly logs: StepLogs;
  readonly started: number;
  readonly codeFolder: string;
  readonly environment: NodeJS.ProcessEnv;
  readonly command: WorkerCommand;
  readonly plan: MiniBatchPlan;
  readonly writer: OrderedRowWriter | null;
}

async function execute(run: Execution): Promise<ParallelStepResult> {
  const { launch, logs, plan, writer } = run;
  const tally = new ParallelTally(launch);
  if (plan.totals !== null) tally.fixTotals(plan.totals);
  const progress = new ProgressReporter(
    () => tally.progress(writer?.rowsWritten ?? 0),
    logs.progress,
    launch.onProgress,
    (error) => logs.stderr.append(`onProgress threw: ${messageOf(error)}\n`),
  );
  const queue = new MiniBatchQueue(launch.workerCount * LOOKAHEAD_PER_WORKER);
  const protocol = new WorkerStepProtocol((line) => logs.stderr.append(line));
  let stop: Stop | undefined;

  const pool = new WorkerPool({
    workerCount: launch.workerCount,
    queue,
    runTimeoutMs: launch.runInvocationTimeoutSeconds * 1000,
    sendResults: writer !== null,
    startWorker: (workerIndex) =>
      WorkerProcess.start({
        command: run.command.command,
        args: [...run.command.args, ...launch.programArguments],
        cwd: run.codeFolder,
        env: { ...run.environment, MILLRACE_WORKER_INDEX: String(workerIndex) },
        logFile: join(launch.logFolder, `worker-${workerIndex}.txt`),
        workerIndex,
        onStdout: protocol.readerFor(workerIndex),
      }),
    events: {
      workerReady: (workerIndex, pid) =>
        logs.stdout.append(`worker ${workerIndex} ready (pid ${pid ?? 'unknown'})\n`),
      workerLost: (workerIndex, message) =>
        logs.stderr.append(`worker ${workerIndex}: ${message}\n`),
      tryEnded: (queued, outcome, workerIndex) => {
        recordTry(queued, outcome, workerIndex);
        progress.changed();
        const breach = tally.earlyBreach();
        if (breach !== null) stopWith({ outcome: 'failed', failure: breach });
        if (writer?.failure !== undefined)
          stopWith({ outcome: 'failed', failure: writeFailure(writer.failure) });
      },
    },
  });

  const recordTry = (queued: QueuedMiniBatch, outcome: EndedTry, workerIndex: number): void => {
    const { miniBatch, attempt } = queued;
    if (outcome.kind === 'succeeded') {
      tally.succeeded(miniBatch, outcome.resultCount);
      writer?.accept(miniBatch.index, outcome.lines ?? [], outcome.resultCount);
      return;
    }
    logs.stderr.append(
      `mini-batch ${miniBatch.index}, try ${attempt} (worker ${workerIndex}): ${outcome.message}\n`,
    );
    if (tally.failedTry(miniBatch, attempt, outcome.message) === 'retry') queue.retry(queued);
    else writer?.accept(miniBatch.index, [], 0);
  };

  function stopWith(reason: Stop): void {
    if (stop !== undefined) return;
    stop = reason;
    logs.stderr.append(`${reason.failure.code}: ${reason.failure.message}\n`);
    void pool.stop();
  }

  function writeFailure(error: unknown): StepFailure {
    return stepFailure(
      'STEP_OUTPUT_FAILED',
      `writing ${launch.appendRowFile}: ${messageOf(error)}`,
    );
  }

  const onAbort = (): void =>
    stopWith({
      outcome: 'canceled',
      failure: stepFailure('STEP_CANCELED', 'the run was canceled'),
    });
  launch.signal.addEventListener('abort', onAbort, { once: true });
  const timeout =
    launch.timeoutSeconds === undefined
      ? undefined
      : setTimeout(
          () =>
            stopWith({
              outcome: 'timed-out',
              failure: stepFailure(
                'STEP_TIMED_OUT',
                `the step ran longer than its timeout (${launch.timeoutSeconds} s); its workers were stopped`,
              ),
            }),
          Math.min(remainingMs(launch.timeoutSeconds, run.started), MAX_TIMER_DELAY_MS),
        );

  const feeding = feed(plan, queue, tally, progress, (failure) =>
    stopWith({ outcome: 'failed', failure }),
  );
  let poolEnd: PoolEnd;
  try {
    poolEnd = await pool.run();
  } finally {
    launch.signal.removeEventListener('abort', onAbort);
    clearTimeout(timeout);
  }
  if (poolEnd.kind === 'no-workers')
    stopWith({ outcome: 'failed', failure: noWorkersFailure(poolEnd.losses) });
  queue.close();
  await feeding;
  if (writer !== null)
    await writer.close().catch((error: unknown) => {
      stopWith({ outcome: 'failed', failure: writeFailure(error) });
    });
  if (stop === undefined) {
    const breach = tally.finalBreach();
    if (breach !== null) stopWith({ outcome: 'failed', failure: breach });
  }
  const end = stop as Stop | undefined;
  const finalProgress = progress.finish();
  const outcome: StepOutcome = end?.outcome ?? 'succeeded';
  logs.stdout.append(summaryText(finalProgress, tally.failedTries, pool.workersStarted, outcome));
  return {
    outcome,
    durationMs: performance.now() - run.started,
    progress: finalProgress,
    errors: [...tally.errors],
    metrics: [
      ...metricsOf(finalProgress, tally.failedTries, pool.workersStarted),
      ...protocol.metrics,
    ],
    tags: protocol.tags,
    failure: end?.failure ?? null,
  };
}

/** Moves mini-batches from the partitioner to the queue, staying a few ahead of the workers. */
async function feed(
  plan: MiniBatchPlan,
  queue: MiniBatchQueue,
  tally: ParallelTally,
  progress: ProgressReporter,
  onProblem: (failure: StepFailure) => void,
): Promise<void> {
  try {
    for await (const item of plan.miniBatches) {
      if (item.kind === 'problem') {
        onProblem(stepFailure(item.code, item.message));
        break;
      }
      const miniBatch: MiniBatch = item;
      tally.discovered(miniBatch);
      queue.push(miniBatch);
      progress.changed();
      await queue.whenSpace();
      if (queue.isClosed) break; // the step stopped: read no further
    }
  } catch (error) {
    onProblem(
      stepFailure('PARALLEL_INPUT_INVALID', `reading the input failed: ${messageOf(error)}`),
    );
  } finally {
    queue.endInput();
  }
}

/**
 * Copies the code and installs its npm dependencies; the step's timeout and cancel stop an
 * install, as they stop the workers later.
 */
async function prepareCodeFolder(
  launch: ParallelStepLaunch,
  options: StepRunnerOptions,
  logs: StepLogs,
  started: number,
): Promise<StepCodeFolder> {
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  launch.signal.addEventListener('abort', onAbort, { once: true });
  const timeout =
    launch.timeoutSeconds === undefined
      ? undefined
      : setTimeout(
          onAbort,
          Math.min(remainingMs(launch.timeoutSeconds, started), MAX_TIMER_DELAY_MS),
        );
  try {
    return await prepareStepCodeFolder({
      workingFolder: launch.workingFolder,
      codeFolder: launch.codeFolder,
      nodeEnvironments: options.nodeEnvironments,
      signal: stop.signal,
      log: (text) => logs.stderr.append(text),
    });
  } finally {
    launch.signal.removeEventListener('abort', onAbort);
    clearTimeout(timeout);
  }
}

/** What is left of the whole-step timeout of an attempt that started at `started`. */
function remainingMs(timeoutSeconds: number, started: number): number {
  return Math.max(0, timeoutSeconds * 1000 - (performance.now() - started));
}

function checkLaunch(launch: ParallelStepLaunch): StepFailure | null {
  const problems: string[] = [];
  const isInteger = (value: number, min: number): boolean =>
    Number.isSafeInteger(value) && value >= min;
  if (!isInteger(launch.workerCount, 1))
    problems.push(`workerCount ${launch.workerCount} is not a positive integer`);
  if (!isInteger(launch.runMaxTry, 1))
    problems.push(`runMaxTry ${launch.runMaxTry} is not a positive integer`);
  if (!(launch.runInvocationTimeoutSeconds > 0))
    problems.push(
      `runInvocationTimeoutSeconds ${launch.runInvocationTimeoutSeconds} is not positive`,
    );
  if (!isInteger(launch.errorThreshold, -1))
    problems.push(`errorThreshold ${launch.errorThreshold} is not -1 or more`);
  if (!isInteger(launch.allowedFailedCount, -1))
    problems.push(`allowedFailedCount ${launch.allowedFailedCount} is not -1 or more`);
  if (!(launch.allowedFailedPercent >= 0 && launch.allowedFailedPercent <= 100))
    problems.push(`allowedFailedPercent ${launch.allowedFailedPercent} is not between 0 and 100`);
  if (launch.timeoutSeconds !== undefined && !(launch.timeoutSeconds > 0))
    problems.push(`timeoutSeconds ${launch.timeoutSeconds} is not positive`);
  if (launch.outputAction === 'append_row' && launch.appendRowFile === undefined)
    problems.push('append_row needs appendRowFile');
  return problems.length === 0
    ? null
    : stepFailure('STEP_SPAWN_FAILED', `the step launch is invalid: ${problems.join('; ')}`);
}

function noWorkersFailure(losses: readonly SlotLoss[]): StepFailure {
  const first = losses.find((loss) => loss.reason === 'init-failed') ?? losses[0];
  const detail = first === undefined ? '' : ` Worker ${first.workerIndex}: ${first.message}`;
  switch (first?.reason) {
    case 'spawn-failed':
      return stepFailure(
        'STEP_SPAWN_FAILED',
        trimMessage(`no worker process could be started.${detail}`),
      );
    case 'crashed':
      return stepFailure(
        'PARALLEL_WORKER_CRASHED',
        trimMessage(`every worker kept exiting.${detail}`),
      );
    case 'init-failed':
    case undefined:
      return stepFailure(
        'PARALLEL_INIT_FAILED',
        trimMessage(
          `the entry script could not be loaded or its init() failed in every worker.${detail}`,
        ),
      );
  }
}

function summaryText(
  progress: ParallelProgress,
  failedTries: number,
  workers: number,
  outcome: StepOutcome,
): string {
  const { miniBatches, items } = progress;
  return (
    `mini-batches: ${miniBatches.total} cut, ${miniBatches.succeeded} succeeded, ${miniBatches.failed} failed\n` +
    `items: ${items.total} cut, ${items.succeeded} succeeded, ${items.failed} failed\n` +
    `rows appended: ${progress.rowsAppended}; failed tries: ${failedTries}; worker processes: ${workers}\n` +
    `outcome: ${outcome}\n`
  );
}

function metricsOf(progress: ParallelProgress, failedTries: number, workers: number): StepMetric[] {
  const loggedAt = new Date().toISOString();
  const values: Record<string, number> = {
    mini_batches_total: progress.miniBatches.total,
    mini_batches_succeeded: progress.miniBatches.succeeded,
    mini_batches_failed: progress.miniBatches.failed,
    items_total: progress.items.total,
    items_succeeded: progress.items.succeeded,
    items_failed: progress.items.failed,
    rows_appended: progress.rowsAppended,
    failed_tries: failedTries,
    worker_processes_started: workers,
  };
  return Object.entries(values).map(([name, value]) => ({ name, value, loggedAt }));
}

const EMPTY_PROGRESS: ParallelProgress = {
  miniBatches: { total: 0, succeeded: 0, failed: 0 },
  items: { total: 0, succeeded: 0, failed: 0 },
  rowsAppended: 0,
};

function endBeforeWork(
  started: number,
  failure: StepFailure,
  outcome: Exclude<StepOutcome, 'succeeded'> = 'failed',
): ParallelStepResult {
  return {
    outcome,
    durationMs: performance.now() - started,
    progress: EMPTY_PROGRESS,
    errors: [],
    metrics: [],
    tags: {},
    failure,
  };
}

async function openLogs(folder: string): Promise<StepLogs> {
  const opened: StepLogFile[] = [];
  try {
    for (const name of ['stdout.txt', 'stderr.txt', 'progress.jsonl'])
      opened.push(await StepLogFile.open(join(folder, name)));
  } catch (error) {
    await Promise.all(opened.map((log) => log.close().catch(() => {})));
    throw error;
  }
  const [stdout, stderr, progress] = opened as [StepLogFile, StepLogFile, StepLogFile];
  return { stdout, stderr, progress };
}

function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (found) => found.isFile(),
    () => false,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
