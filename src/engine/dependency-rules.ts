/**
 * ADF's dependency semantics: when an activity may run, when it can never run (Skipped), and what
 * a finished list of activities amounts to.
 */
import type { Activity, DependencyCondition } from '../factory/resources.js';
import type { ActivityRunStatus } from '../store/store.js';

export type Readiness = 'ready' | 'waiting' | 'skip';

/** Whether an upstream activity that ended in `status` meets `condition`. */
export function conditionMet(condition: DependencyCondition, status: ActivityRunStatus): boolean {
  switch (condition) {
    case 'Succeeded':
      return status === 'Succeeded';
    case 'Failed':
      return status === 'Failed';
    case 'Skipped':
      return status === 'Skipped';
    case 'Completed':
      return status === 'Succeeded' || status === 'Failed';
  }
}

/**
 * Every listed upstream activity must have ended in one of the conditions given for it (AND across
 * dependencies, OR within one). `statusOf` returns the final status of a finished upstream activity,
 * or undefined while it has not finished.
 */
export function readiness(
  activity: Activity,
  statusOf: (name: string) => ActivityRunStatus | undefined,
): Readiness {
  let waiting = false;
  for (const dependency of activity.dependsOn) {
    const status = statusOf(dependency.activity);
    if (status === undefined) {
      waiting = true;
      continue;
    }
    if (!dependency.dependencyConditions.some((condition) => conditionMet(condition, status)))
      return 'skip';
  }
  return waiting ? 'waiting' : 'ready';
}

/**
 * ADF's outcome of a pipeline: look at every leaf (an activity no other depends on); for a leaf
 * that was skipped look at its parents instead, recursively; succeed when everything looked at
 * succeeded. Returns the activities that decide a failure, for the run's message.
 */
export function pipelineOutcome(
  activities: readonly Activity[],
  statusOf: (name: string) => ActivityRunStatus | undefined,
): { readonly status: 'Succeeded' | 'Failed'; readonly failed: readonly string[] } {
  const byName = new Map(activities.map((activity) => [activity.name, activity]));
  const dependedOn = new Set(
    activities.flatMap((activity) => activity.dependsOn.map((d) => d.activity)),
  );
  const failed = new Set<string>();
  const seen = new Set<string>();
  const look = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const status = statusOf(name);
    if (status === 'Skipped') {
      for (const dependency of byName.get(name)?.dependsOn ?? []) look(dependency.activity);
    } else if (status !== 'Succeeded') {
      failed.add(name);
    }
  };
  for (const activity of activities) if (!dependedOn.has(activity.name)) look(activity.name);
  return { status: failed.size === 0 ? 'Succeeded' : 'Failed', failed: [...failed] };
}

/** Inside ForEach, If, Switch and Until any failed activity makes the container fail. */
export function containerBranchFailed(
  activities: readonly Activity[],
  statusOf: (name: string) => ActivityRunStatus | undefined,
): readonly string[] {
  return activities
    .filter((activity) => statusOf(activity.name) === 'Failed')
    .map((activity) => activity.name);
}
