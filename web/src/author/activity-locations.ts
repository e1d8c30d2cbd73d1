/**
 * Where each activity sits in the pipeline resource, as JSON pointer paths: what turns a
 * validation `target` into an activity and back. The tree itself (which lists containers hold)
 * is the canvas core's (`canvas/activity-tree.ts`). Pure.
 */
import type { Json, JsonObject } from '../api/factory-api.js';
import { activityName, isJsonObject, listsOf, type ListKey } from '../canvas/activity-tree.js';

/** A list of inner activities of a container, by its path from the container activity. */
export interface Branch {
  readonly path: readonly (string | number)[];
  readonly activities: readonly JsonObject[];
}

/** Where an activity is: the path from `properties.activities` and the names of its containers. */
export interface ActivityLocation {
  /** `[1, 'typeProperties', 'activities', 0]` for the first activity inside the second one. */
  readonly path: readonly (string | number)[];
  /** The names from the outermost container down to the activity itself. */
  readonly chain: readonly string[];
  readonly activity: JsonObject;
}

/** `properties.activities` of a pipeline; anything but an object becomes `{}`, so indexes match pointers. */
export function activitiesOf(properties: JsonObject): JsonObject[] {
  const activities: Json | undefined = properties['activities'];
  return Array.isArray(activities)
    ? activities.map((item) => (isJsonObject(item) ? item : {}))
    : [];
}

/** The path of a container's list from the container: `cases/2` → `typeProperties/cases/2/activities`. */
export function listPath(key: ListKey): (string | number)[] {
  if (key.startsWith('cases/')) {
    return ['typeProperties', 'cases', Number(key.slice('cases/'.length)), 'activities'];
  }
  return ['typeProperties', key];
}

/** The inner activity lists of an activity (none for a plain activity). */
export function branchesOf(activity: JsonObject): Branch[] {
  return listsOf(activity).map((list) => ({
    path: listPath(list.key),
    activities: list.activities,
  }));
}

/** Every activity, outer ones before the ones they contain. */
export function allActivities(activities: readonly JsonObject[]): ActivityLocation[] {
  const found: ActivityLocation[] = [];
  const visit = (
    list: readonly JsonObject[],
    prefix: readonly (string | number)[],
    chain: readonly string[],
  ) => {
    list.forEach((activity, index) => {
      const path = [...prefix, index];
      const names = [...chain, activityName(activity) ?? ''];
      found.push({ path, chain: names, activity });
      for (const branch of branchesOf(activity))
        visit(branch.activities, [...path, ...branch.path], names);
    });
  };
  visit(activities, [], []);
  return found;
}

export function locateActivity(
  activities: readonly JsonObject[],
  name: string,
): ActivityLocation | undefined {
  return allActivities(activities).find((location) => activityName(location.activity) === name);
}
