/**
 * Which steps of an ML run start, are skipped or are stopped next, and when the run is over: pure
 * decisions over the steps' statuses, so every rule is testable without a process.
 *
 * Rules:
 * - A step starts once every step it depends on Completed; an `always_run` step once they all
 *   ended, whatever their status (a "finally" step).
 * - A step whose dependency Failed or was Canceled is Canceled (skipped), unless it always runs.
 * - Without continue-on-step-failure, the first failure stops the run: running steps are stopped
 *   and steps not started are Canceled, except `always_run` steps, which still run.
 * - With it, only the failed step's dependents are skipped; independent steps go on.
 * - Cancel stops everything, `always_run` steps included.
 * - The run ends Canceled when a cancel stopped a step, else Failed when a step failed, else
 *   Completed.
 */
import type { MlRunStatus } from '../../store/ml-store.js';

export interface ScheduledStep {
  readonly name: string;
  readonly dependsOn: readonly string[];
  readonly alwaysRun: boolean;
  readonly status: MlRunStatus;
}

export type SkipReason = 'upstream-failed' | 'run-stopping' | 'run-canceled';

export interface SchedulerDecision {
  readonly start: readonly string[];
  readonly skip: readonly { readonly step: string; readonly reason: SkipReason }[];
  /** Running steps to stop. */
  readonly stop: readonly string[];
  /** Set once every step has ended. */
  readonly runStatus?: 'Completed' | 'Failed' | 'Canceled';
}

const ENDED: ReadonlySet<MlRunStatus> = new Set(['Completed', 'Failed', 'Canceled']);
const ACTIVE: ReadonlySet<MlRunStatus> = new Set([
  'Queued',
  'Preparing',
  'Running',
  'Finalizing',
  'CancelRequested',
]);

export function isStepActive(status: MlRunStatus): boolean {
  return ACTIVE.has(status);
}

export function decideNextSteps(
  steps: readonly ScheduledStep[],
  options: { readonly continueOnStepFailure: boolean; readonly cancelRequested: boolean },
): SchedulerDecision {
  const statuses = new Map<string, MlRunStatus>(steps.map((step) => [step.name, step.status]));
  const anyFailed = steps.some((step) => step.status === 'Failed');
  const stopping = options.cancelRequested || (anyFailed && !options.continueOnStepFailure);

  const start: string[] = [];
  const skip: { step: string; reason: SkipReason }[] = [];
  // Skips cascade: a step skipped now ends the wait of its dependents in the same decision.
  let changed = true;
  while (changed) {
    changed = false;
    for (const step of steps) {
      if (statuses.get(step.name) !== 'NotStarted') continue;
      const dependencies = step.dependsOn.map((name) => statuses.get(name) ?? 'Completed');
      const reason = skipReason(step, dependencies, options.cancelRequested, stopping);
      if (reason !== undefined) {
        skip.push({ step: step.name, reason });
        statuses.set(step.name, 'Canceled');
        changed = true;
      }
    }
  }
  for (const step of steps) {
    if (statuses.get(step.name) !== 'NotStarted') continue;
    const dependencies = step.dependsOn.map((name) => statuses.get(name) ?? 'Completed');
    const ready = step.alwaysRun
      ? dependencies.every((status) => ENDED.has(status))
      : dependencies.every((status) => status === 'Completed');
    if (ready) start.push(step.name);
  }

  const stop = stopping
    ? steps
        .filter((step) => ACTIVE.has(step.status))
        .filter((step) => options.cancelRequested || !step.alwaysRun)
        .map((step) => step.name)
    : [];

  const allEnded =
    start.length === 0 && [...statuses.values()].every((status) => ENDED.has(status));
  if (!allEnded) return { start, skip, stop };
  const ended = [...statuses.values()];
  const canceled = options.cancelRequested && ended.some((status) => status === 'Canceled');
  const failed = ended.some((status) => status === 'Failed');
  const runStatus = canceled ? 'Canceled' : failed ? 'Failed' : 'Completed';
  return { start, skip, stop, runStatus };
}

function skipReason(
  step: ScheduledStep,
  dependencies: readonly MlRunStatus[],
  cancelRequested: boolean,
  stopping: boolean,
): SkipReason | undefined {
  if (cancelRequested) return 'run-canceled';
  if (step.alwaysRun) return undefined;
  if (dependencies.some((status) => status === 'Failed' || status === 'Canceled')) {
    return 'upstream-failed';
  }
  return stopping ? 'run-stopping' : undefined;
}
