import type { Activity } from './resources.js';

/** Every activity of a list and of the branches inside it, in document order. */
export function allActivities(activities: readonly Activity[]): Activity[] {
  return activities.flatMap((activity) => [
    activity,
    ...activity.branches.flatMap((branch) => allActivities(branch.activities)),
  ]);
}
