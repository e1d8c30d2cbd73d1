/**
 * What the run orchestrator hands a step runner, and what it gets back. The orchestrator has
 * already resolved every placeholder, materialised inputs to local paths and created empty local
 * output folders; the runners only run processes, and never touch the store or a datastore.
 *
 * Glossary:
 * - Working folder: an empty folder owned by one attempt of one step run; the process's cwd is
 *   `<working folder>/code` (a copy of the code snapshot) or the working folder itself.
 * - Log folder: where the runner writes `stdout.txt` and `stderr.txt` (parallel steps also
 *   `worker-<n>.txt` and `progress.jsonl`), live while the step runs.
 * - Step protocol: lines a step prints to stdout to log metrics and tags (see step-protocol.ts).
 */
import type { MlLoggingLevel, MlMiniBatchSize, MlOutputAction } from '../ml-pipeline-definition.js';
import type { NodeEnvironments } from './node-environments.js';

/**
 * What a runner is built with: services of this machine shared by every attempt it runs, where a
 * launch is one attempt's. `runCommandStep(launch, options)`, `runParallelStep(launch, options)`.
 */
export interface StepRunnerOptions {
  /**
   * Installs the npm dependencies of a code folder's `package.json` and links them in as
   * `<working folder>/code/node_modules`. (Default: none: a package.json is only copied.)
   */
  readonly nodeEnvironments?: NodeEnvironments;
}

/** How one attempt ended. */
export type StepOutcome = 'succeeded' | 'failed' | 'timed-out' | 'canceled';

/** A failure as data (code from `StepErrorCodes`), never an exception across the boundary. */
export interface StepFailure {
  readonly code: string;
  readonly message: string;
  readonly failureType: 'UserError' | 'SystemError';
}

export interface StepMetric {
  readonly name: string;
  readonly value: number | string | boolean;
  /** ISO 8601. */
  readonly loggedAt: string;
}

interface StepLaunchBase {
  readonly stepRunId: string;
  readonly stepName: string;
  /** Absolute; exists and is empty. */
  readonly workingFolder: string;
  /** Absolute; the code snapshot to copy to `<workingFolder>/code` and run in. (Default: none.) */
  readonly codeFolder?: string;
  /** Absolute; exists. */
  readonly logFolder: string;
  /** Added to the runner's own environment (PATH etc. are inherited). */
  readonly environment: Readonly<Record<string, string>>;
  /** Aborting kills every process the step started (the whole process tree) and ends `canceled`. */
  readonly signal: AbortSignal;
}

export interface CommandStepLaunch extends StepLaunchBase {
  /** The resolved command line, run by `/bin/sh -c`. */
  readonly command: string;
  /** Kill the tree and end `timed-out` after this many seconds. (Default: no limit.) */
  readonly timeoutSeconds?: number;
}

export interface CommandStepResult {
  readonly outcome: StepOutcome;
  readonly exitCode: number | null;
  /** The signal that ended the process, if any. */
  readonly exitSignal: string | null;
  readonly durationMs: number;
  readonly metrics: readonly StepMetric[];
  readonly tags: Readonly<Record<string, string>>;
  readonly failure: StepFailure | null;
}

/** The partitioned input of a parallel step, already local. */
export type ParallelInput =
  /** Every file under the folder (or the one file), sorted by path; a mini-batch is a list of paths. */
  | { readonly kind: 'files'; readonly path: string }
  /** CSV / JSON Lines / Parquet-less tabular files under an MLTable folder or one file; a mini-batch is rows. */
  | { readonly kind: 'table'; readonly path: string };

export interface ParallelStepLaunch extends StepLaunchBase {
  /** Relative to the code folder; `.js`, `.mjs`, `.ts` (Node) or `.py` (python3). */
  readonly entryScript: string;
  /** Already resolved, split like a shell would. */
  readonly programArguments: readonly string[];
  readonly input: ParallelInput;
  readonly miniBatchSize: MlMiniBatchSize;
  /** instance_count × max_concurrency_per_instance worker processes. */
  readonly workerCount: number;
  readonly runMaxTry: number;
  readonly runInvocationTimeoutSeconds: number;
  readonly errorThreshold: number;
  readonly allowedFailedCount: number;
  readonly allowedFailedPercent: number;
  readonly outputAction: MlOutputAction;
  /** Absolute file the returned rows are appended to (append_row); none for summary_only. */
  readonly appendRowFile?: string;
  readonly loggingLevel: MlLoggingLevel;
  /** Whole-step limit. (Default: none.) */
  readonly timeoutSeconds?: number;
  /** Called as mini-batches finish, at most every 500 ms and once at the end. */
  readonly onProgress?: (progress: ParallelProgress) => void;
}

export interface ParallelProgress {
  readonly miniBatches: {
    readonly total: number;
    readonly succeeded: number;
    readonly failed: number;
  };
  /** Files (file input) or rows (tabular input). */
  readonly items: { readonly total: number; readonly succeeded: number; readonly failed: number };
  readonly rowsAppended: number;
}

export interface MiniBatchError {
  readonly miniBatch: number;
  readonly attempt: number;
  readonly message: string;
}

export interface ParallelStepResult {
  readonly outcome: StepOutcome;
  readonly durationMs: number;
  readonly progress: ParallelProgress;
  /** The first 100 errors, in the order they happened. */
  readonly errors: readonly MiniBatchError[];
  /** The runner's counts (`mini_batches_total`, …), then what the workers logged (step protocol). */
  readonly metrics: readonly StepMetric[];
  /** What the workers tagged (step protocol). */
  readonly tags: Readonly<Record<string, string>>;
  readonly failure: StepFailure | null;
}
