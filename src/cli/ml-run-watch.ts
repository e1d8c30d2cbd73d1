/**
 * Follows an ML run to its end by polling the workspace, reporting each step's status change as
 * it is seen (`prep   Running`, then `prep   Completed  reused from <run>`). Ctrl-C (or
 * SIGTERM) asks the workspace to cancel the run, and the watch goes on until it has ended.
 */
import type { MlRunDetails, MlWorkspace } from '../ml/workspace/ml-workspace.js';
import { TERMINAL_ML_RUN_STATUSES, type MlStepRunRecord } from '../store/ml-store.js';
import { reportMlError } from './ml-cli-errors.js';
import { formatDuration, metricsNote, reuseNote } from './ml-text.js';

export interface WatchRunOptions {
  /** How often the run is read. (Default: 200 ms.) */
  readonly pollMs?: number;
  /** Gets one line per step status change. (Default: lines are dropped.) */
  readonly onLine?: (line: string) => void;
  /** Gets notes about cancelling. (Default: stderr.) */
  readonly onNote?: (line: string) => void;
}

/** Resolves with the run once it has Completed, Failed or been Canceled. */
export async function watchRun(
  workspace: MlWorkspace,
  runId: string,
  options: WatchRunOptions = {},
): Promise<MlRunDetails> {
  const pollMs = options.pollMs ?? 200;
  const note = options.onNote ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const reported = new Map<string, string>();
  let cancelling: Promise<void> | undefined;
  const interrupt = (): void => {
    if (cancelling !== undefined) {
      note('Still cancelling: waiting for the running steps to stop.');
      return;
    }
    note(`Cancelling run ${runId}; waiting for its running steps to stop.`);
    cancelling = workspace.cancelRun(runId).then(
      () => undefined,
      (error: unknown) => {
        // The run ended between the last poll and the cancel: nothing left to stop.
        if ((error as { code?: unknown }).code !== 'ML_RUN_FINISHED') reportMlError(error);
      },
    );
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    for (;;) {
      const details = await workspace.getRun(runId);
      const width = Math.max(...details.steps.map((step) => step.stepName.length));
      for (const step of details.steps) {
        const line = stepLine(step, width);
        if (line === undefined || reported.get(step.id) === line) continue;
        reported.set(step.id, line);
        options.onLine?.(line);
      }
      if (TERMINAL_ML_RUN_STATUSES.includes(details.run.status)) {
        await cancelling;
        return details;
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

/** `name  Status  details`; undefined while the step has not started. */
export function stepLine(step: MlStepRunRecord, nameWidth: number): string | undefined {
  if (step.status === 'NotStarted') return undefined;
  const ended = TERMINAL_ML_RUN_STATUSES.includes(step.status);
  const details = ended
    ? [
        step.reused || step.durationMs === null ? '' : formatDuration(step.durationMs),
        reuseNote(step),
        metricsNote(step),
        step.error === null ? '' : `${step.error.code}: ${step.error.message}`,
      ]
    : step.attempt > 1
      ? [`attempt ${step.attempt}`]
      : [];
  return [step.stepName.padEnd(nameWidth), step.status.padEnd(9), ...details]
    .filter((part) => part !== '')
    .join('  ')
    .trimEnd();
}
