/**
 * The activity tree of a pipeline: the root `activities` list and the lists that containers hold
 * (ForEach and Until `activities`, IfCondition `ifTrueActivities` / `ifFalseActivities`, Switch
 * `cases[i].activities` and `defaultActivities`). Reading and immutable updates; nothing here
 * mutates its input.
 */
import type { Json, JsonObject } from '../api/factory-api.js';

export const CONTAINER_TYPES = ['ForEach', 'Until', 'IfCondition', 'Switch'] as const;
export type ContainerType = (typeof CONTAINER_TYPES)[number];

/** Which list of a container: a `typeProperties` key, or `cases/<index>` for a Switch case. */
export type ListKey =
  'activities' | 'ifTrueActivities' | 'ifFalseActivities' | 'defaultActivities' | `cases/${number}`;

/** Where a list of activities lives: the pipeline's own list, or one list of a container. */
export type ListLocation =
  { readonly container: null } | { readonly container: string; readonly list: ListKey };

export const ROOT_LIST: ListLocation = { container: null };

/** A list of a container, with the label the canvas shows on its branch. */
export interface ActivityList {
  readonly key: ListKey;
  /** "Activities", "True", "False", a case's value, "Default". */
  readonly label: string;
  readonly activities: readonly JsonObject[];
}

export interface FoundActivity {
  readonly activity: JsonObject;
  readonly location: ListLocation;
  readonly index: number;
}

const CONTAINER_BY_LOWER_CASE = new Map<string, ContainerType>(
  CONTAINER_TYPES.map((type) => [type.toLowerCase(), type]),
);

export function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function activityName(activity: JsonObject): string | undefined {
  const name = activity['name'];
  return typeof name === 'string' && name !== '' ? name : undefined;
}

export function activityType(activity: JsonObject): string {
  const type = activity['type'];
  return typeof type === 'string' ? type : '';
}

/** The container type (activity types ignore case), or undefined for other activities. */
export function containerTypeOf(activity: JsonObject): ContainerType | undefined {
  return CONTAINER_BY_LOWER_CASE.get(activityType(activity).toLowerCase());
}

function typeProperties(activity: JsonObject): JsonObject {
  const properties = activity['typeProperties'];
  return isJsonObject(properties) ? properties : {};
}

function objectsOf(value: Json | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function switchCases(activity: JsonObject): Json[] {
  const cases = typeProperties(activity)['cases'];
  return Array.isArray(cases) ? cases : [];
}

function caseIndex(key: ListKey): number | undefined {
  return key.startsWith('cases/') ? Number(key.slice('cases/'.length)) : undefined;
}

function caseLabel(entry: Json | undefined, index: number): string {
  const value = isJsonObject(entry) ? entry['value'] : undefined;
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `Case ${index + 1}`;
}

/** The lists a container holds, in the order the canvas draws them; empty for other activities. */
export function listsOf(activity: JsonObject): ActivityList[] {
  const properties = typeProperties(activity);
  switch (containerTypeOf(activity)) {
    case 'ForEach':
    case 'Until':
      return [
        { key: 'activities', label: 'Activities', activities: objectsOf(properties['activities']) },
      ];
    case 'IfCondition':
      return [
        {
          key: 'ifTrueActivities',
          label: 'True',
          activities: objectsOf(properties['ifTrueActivities']),
        },
        {
          key: 'ifFalseActivities',
          label: 'False',
          activities: objectsOf(properties['ifFalseActivities']),
        },
      ];
    case 'Switch':
      return [
        ...switchCases(activity).map((entry, index): ActivityList => ({
          key: `cases/${index}`,
          label: caseLabel(entry, index),
          activities: isJsonObject(entry) ? objectsOf(entry['activities']) : [],
        })),
        {
          key: 'defaultActivities',
          label: 'Default',
          activities: objectsOf(properties['defaultActivities']),
        },
      ];
    case undefined:
      return [];
  }
}

/** One list of a container, or undefined when the container has no such list. */
export function readList(activity: JsonObject, key: ListKey): readonly JsonObject[] | undefined {
  return listsOf(activity).find((list) => list.key === key)?.activities;
}

/** The container with one list replaced (other properties, and other lists' raw JSON, kept). */
export function withList(activity: JsonObject, key: ListKey, list: JsonObject[]): JsonObject {
  const properties = typeProperties(activity);
  const index = caseIndex(key);
  if (index === undefined) {
    return { ...activity, typeProperties: { ...properties, [key]: list } };
  }
  const cases = switchCases(activity).map((entry, at): Json => {
    if (at !== index) return entry;
    return { ...(isJsonObject(entry) ? entry : {}), activities: list };
  });
  return { ...activity, typeProperties: { ...properties, cases } };
}

/** Every activity in the tree, parents before their children. */
export function walkActivities(
  activities: readonly JsonObject[],
  visit: (activity: JsonObject, location: ListLocation, index: number) => void,
  location: ListLocation = ROOT_LIST,
): void {
  activities.forEach((activity, index) => {
    visit(activity, location, index);
    const name = activityName(activity);
    if (name === undefined) return;
    for (const list of listsOf(activity)) {
      walkActivities(list.activities, visit, { container: name, list: list.key });
    }
  });
}

/** The first activity with this name anywhere in the tree. */
export function findActivity(
  activities: readonly JsonObject[],
  name: string,
): FoundActivity | undefined {
  let found: FoundActivity | undefined;
  walkActivities(activities, (activity, location, index) => {
    if (found === undefined && activityName(activity) === name) {
      found = { activity, location, index };
    }
  });
  return found;
}

/** Every activity name in the tree, nested ones included. */
export function collectNames(activities: readonly JsonObject[]): string[] {
  const names: string[] = [];
  walkActivities(activities, (activity) => {
    const name = activityName(activity);
    if (name !== undefined) names.push(name);
  });
  return names;
}

/** The list at a location, or undefined when the container or the list does not exist. */
export function getList(
  activities: readonly JsonObject[],
  location: ListLocation,
): readonly JsonObject[] | undefined {
  if (location.container === null) return activities;
  const container = findActivity(activities, location.container);
  return container === undefined ? undefined : readList(container.activity, location.list);
}

/**
 * The tree with the named activity replaced by `replace(activity)`, copying only the path to it;
 * undefined when no activity has that name.
 */
export function replaceActivity(
  activities: readonly JsonObject[],
  name: string,
  replace: (activity: JsonObject) => JsonObject,
): JsonObject[] | undefined {
  for (let index = 0; index < activities.length; index += 1) {
    const activity = activities[index];
    if (activity === undefined) continue;
    let replacement: JsonObject | undefined;
    if (activityName(activity) === name) {
      replacement = replace(activity);
    } else {
      for (const list of listsOf(activity)) {
        const inner = replaceActivity(list.activities, name, replace);
        if (inner !== undefined) {
          replacement = withList(activity, list.key, inner);
          break;
        }
      }
    }
    if (replacement !== undefined) {
      const copy = [...activities];
      copy[index] = replacement;
      return copy;
    }
  }
  return undefined;
}

/** The tree with the list at `location` replaced; undefined when that list does not exist. */
export function updateList(
  activities: readonly JsonObject[],
  location: ListLocation,
  update: (list: readonly JsonObject[]) => JsonObject[],
): JsonObject[] | undefined {
  if (location.container === null) return update(activities);
  const { list: key } = location;
  const container = findActivity(activities, location.container);
  const list = container === undefined ? undefined : readList(container.activity, key);
  if (list === undefined) return undefined;
  return replaceActivity(activities, location.container, (activity) =>
    withList(activity, key, update(list)),
  );
}

/**
 * Every activity rebuilt bottom-up: inner lists first, then `transform` on the activity that
 * holds them. Activities `transform` returns unchanged keep their identity.
 */
export function mapActivities(
  activities: readonly JsonObject[],
  transform: (activity: JsonObject) => JsonObject,
): JsonObject[] {
  return activities.map((activity) => {
    let rebuilt = activity;
    for (const list of listsOf(activity)) {
      const inner = mapActivities(list.activities, transform);
      if (inner.some((entry, index) => entry !== list.activities[index])) {
        rebuilt = withList(rebuilt, list.key, inner);
      }
    }
    return transform(rebuilt);
  });
}

export function sameLocation(a: ListLocation, b: ListLocation): boolean {
  if (a.container === null || b.container === null) return a.container === b.container;
  return a.container === b.container && a.list === b.list;
}

/** A stable id for a list: the pipeline's own list, or `<container>:<list>` (`:` is not allowed in names). */
export function listIdOf(location: ListLocation): string {
  return location.container === null ? ROOT_LIST_ID : `${location.container}:${location.list}`;
}

export const ROOT_LIST_ID = ':pipeline';

/** A list with a name people can read: "Pipeline", "ForEach1 › Activities", "If1 › True". */
export interface NamedList {
  readonly location: ListLocation;
  readonly label: string;
}

/** Every list of the tree, the pipeline's own first, then each container's in tree order. */
export function namedLists(activities: readonly JsonObject[]): NamedList[] {
  const lists: NamedList[] = [{ location: ROOT_LIST, label: 'Pipeline' }];
  walkActivities(activities, (activity) => {
    const name = activityName(activity);
    if (name === undefined) return;
    for (const list of listsOf(activity)) {
      lists.push({
        location: { container: name, list: list.key },
        label: `${name} › ${list.label}`,
      });
    }
  });
  return lists;
}
