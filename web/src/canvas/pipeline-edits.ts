/**
 * Edits of a pipeline's activities, as pure functions: each returns a new array (sharing the
 * untouched parts) or an error value, and never mutates its input. The canvas and the pipeline
 * editor both make their changes through these.
 */
import type { Json, JsonObject } from '../api/factory-api.js';
import {
  activityName,
  collectNames,
  findActivity,
  getList,
  isJsonObject,
  mapActivities,
  replaceActivity,
  ROOT_LIST,
  sameLocation,
  updateList,
  walkActivities,
  type ListLocation,
} from './activity-tree.js';
import { baseNameOf, newActivity } from './activity-palette.js';
import {
  DEPENDENCY_CONDITIONS,
  normaliseConditions,
  type DependencyCondition,
} from './dependency-conditions.js';

export const EditErrorCode = {
  ActivityNotFound: 'ActivityNotFound',
  ListNotFound: 'ListNotFound',
  DifferentContainers: 'DifferentContainers',
  SelfDependency: 'SelfDependency',
  DuplicateDependency: 'DuplicateDependency',
  DependencyCycle: 'DependencyCycle',
  DependencyNotFound: 'DependencyNotFound',
  NoConditions: 'NoConditions',
  InvalidName: 'InvalidName',
  NameTaken: 'NameTaken',
  MoveIntoItself: 'MoveIntoItself',
} as const;
export type EditErrorCode = (typeof EditErrorCode)[keyof typeof EditErrorCode];

export interface EditError {
  readonly code: EditErrorCode;
  /** Says what is wrong and what to do, for people. */
  readonly message: string;
}

export type EditResult =
  | { readonly ok: true; readonly activities: JsonObject[] }
  | { readonly ok: false; readonly error: EditError };

export type AddActivityResult =
  | { readonly ok: true; readonly activities: JsonObject[]; readonly name: string }
  | { readonly ok: false; readonly error: EditError };

/** A `dependsOn` entry seen as an edge: `to` runs after `from`. */
export interface DependencyRef {
  readonly from: string;
  readonly to: string;
}

/** ADF's limit on activity names. */
export const MAX_ACTIVITY_NAME_LENGTH = 55;
const FORBIDDEN_NAME_CHARACTERS = ['.', '+', '?', '/', '<', '>', '*', '%', '&', ':', '\\'];

function failure(code: EditErrorCode, message: string): { ok: false; error: EditError } {
  return { ok: false, error: { code, message } };
}

function notFound(name: string): { ok: false; error: EditError } {
  return failure(EditErrorCode.ActivityNotFound, `There is no activity named "${name}".`);
}

/** Why a name cannot name an activity (ADF's rules), or undefined when it can. */
export function activityNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'An activity needs a name.';
  if (name.length > MAX_ACTIVITY_NAME_LENGTH) {
    return `An activity name has at most ${MAX_ACTIVITY_NAME_LENGTH} characters.`;
  }
  const forbidden = FORBIDDEN_NAME_CHARACTERS.filter((character) => name.includes(character));
  if (forbidden.length > 0) {
    return `An activity name cannot contain ${forbidden.map((c) => `"${c}"`).join(', ')}.`;
  }
  return undefined;
}

/**
 * `<base><n>` with the smallest n from 1 that no activity of the pipeline uses (names compared
 * ignoring case), as Studio names new activities: "Copy data1", "Copy data2".
 */
export function uniqueActivityName(activities: readonly JsonObject[], base: string): string {
  const taken = new Set(collectNames(activities).map((name) => name.toLowerCase()));
  for (let n = 1; ; n += 1) {
    const candidate = `${base}${n}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

function nameTaken(activities: readonly JsonObject[], name: string, except?: string): boolean {
  const lower = name.toLowerCase();
  return collectNames(activities).some((used) => used !== except && used.toLowerCase() === lower);
}

/**
 * Adds a new activity of `type` at the end of the list at `location` (Default: the pipeline's own
 * list), named `name` or, without one, like Studio names it.
 */
export function addActivity(
  activities: readonly JsonObject[],
  type: string,
  location: ListLocation = ROOT_LIST,
  name?: string,
): AddActivityResult {
  const chosen = name ?? uniqueActivityName(activities, baseNameOf(type));
  const problem = activityNameProblem(chosen);
  if (problem !== undefined) return failure(EditErrorCode.InvalidName, problem);
  if (nameTaken(activities, chosen)) {
    return failure(EditErrorCode.NameTaken, `An activity named "${chosen}" already exists.`);
  }
  const updated = updateList(activities, location, (list) => [...list, newActivity(type, chosen)]);
  if (updated === undefined) return listNotFound(location);
  return { ok: true, activities: updated, name: chosen };
}

function listNotFound(location: ListLocation): { ok: false; error: EditError } {
  return failure(
    EditErrorCode.ListNotFound,
    location.container === null
      ? 'The pipeline has no activity list.'
      : `"${location.container}" has no list "${location.list}".`,
  );
}

/** The `dependsOn` entries of an activity (entries that are not objects are dropped). */
function dependenciesOf(activity: JsonObject): JsonObject[] {
  const dependsOn = activity['dependsOn'];
  return Array.isArray(dependsOn) ? dependsOn.filter(isJsonObject) : [];
}

function dependsOnName(dependency: JsonObject): string | undefined {
  const name = dependency['activity'];
  return typeof name === 'string' ? name : undefined;
}

/** Why `to` cannot be made to depend on `from`, or undefined when it can. */
export function connectionProblem(
  activities: readonly JsonObject[],
  from: string,
  to: string,
): EditError | undefined {
  const source = findActivity(activities, from);
  const target = findActivity(activities, to);
  if (source === undefined) return notFound(from).error;
  if (target === undefined) return notFound(to).error;
  if (from === to) {
    return { code: EditErrorCode.SelfDependency, message: 'An activity cannot depend on itself.' };
  }
  if (!sameLocation(source.location, target.location)) {
    return {
      code: EditErrorCode.DifferentContainers,
      message: `"${to}" and "${from}" are in different containers: dependencies link activities of the same list only.`,
    };
  }
  if (dependenciesOf(target.activity).some((dependency) => dependsOnName(dependency) === from)) {
    return {
      code: EditErrorCode.DuplicateDependency,
      message: `"${to}" already depends on "${from}": change the conditions on that dependency instead.`,
    };
  }
  if (reaches(getList(activities, source.location) ?? [], from, to)) {
    return {
      code: EditErrorCode.DependencyCycle,
      message: `"${from}" already runs after "${to}": this dependency would make a cycle.`,
    };
  }
  return undefined;
}

/** Whether `start` runs after `goal` through a chain of dependencies within one list. */
function reaches(list: readonly JsonObject[], start: string, goal: string): boolean {
  const dependsOnByName = new Map<string, string[]>();
  for (const activity of list) {
    const name = activityName(activity);
    if (name === undefined) continue;
    dependsOnByName.set(
      name,
      dependenciesOf(activity)
        .map(dependsOnName)
        .filter((n) => n !== undefined),
    );
  }
  const seen = new Set<string>();
  const pending = [start];
  while (pending.length > 0) {
    const name = pending.pop();
    if (name === undefined || seen.has(name)) continue;
    if (name === goal) return true;
    seen.add(name);
    pending.push(...(dependsOnByName.get(name) ?? []));
  }
  return false;
}

/**
 * Makes `to` depend on `from` upon `condition` (Default: 'Succeeded'). Refused between different
 * lists, onto itself, when the dependency exists already, or when it would close a cycle.
 */
export function connect(
  activities: readonly JsonObject[],
  from: string,
  to: string,
  condition: DependencyCondition = 'Succeeded',
): EditResult {
  const problem = connectionProblem(activities, from, to);
  if (problem !== undefined) return { ok: false, error: problem };
  const updated = replaceActivity(activities, to, (activity) => ({
    ...activity,
    dependsOn: [...dependenciesOf(activity), { activity: from, dependencyConditions: [condition] }],
  }));
  return updated === undefined ? notFound(to) : { ok: true, activities: updated };
}

function updateDependency(
  activities: readonly JsonObject[],
  { from, to }: DependencyRef,
  update: (dependencies: JsonObject[], index: number) => JsonObject[],
): EditResult {
  const target = findActivity(activities, to);
  if (target === undefined) return notFound(to);
  const dependencies = dependenciesOf(target.activity);
  const index = dependencies.findIndex((dependency) => dependsOnName(dependency) === from);
  if (index < 0) {
    return failure(EditErrorCode.DependencyNotFound, `"${to}" does not depend on "${from}".`);
  }
  const updated = replaceActivity(activities, to, (activity) => ({
    ...activity,
    dependsOn: update(dependencies, index),
  }));
  return updated === undefined ? notFound(to) : { ok: true, activities: updated };
}

/** Sets the conditions of an existing dependency (at least one; kept in the canonical order). */
export function setConditions(
  activities: readonly JsonObject[],
  dependency: DependencyRef,
  conditions: readonly DependencyCondition[],
): EditResult {
  const normalised = normaliseConditions(conditions);
  if (normalised.length === 0) {
    return failure(
      EditErrorCode.NoConditions,
      `A dependency needs at least one condition (${DEPENDENCY_CONDITIONS.join(', ')}); delete it instead.`,
    );
  }
  return updateDependency(activities, dependency, (dependencies, index) =>
    dependencies.map((entry, at) =>
      at === index ? { ...entry, dependencyConditions: normalised } : entry,
    ),
  );
}

/** Removes one `dependsOn` entry. */
export function removeDependency(
  activities: readonly JsonObject[],
  dependency: DependencyRef,
): EditResult {
  return updateDependency(activities, dependency, (dependencies, index) =>
    dependencies.filter((_, at) => at !== index),
  );
}

/** The activities with every `dependsOn` entry on one of `names` removed. */
function withoutDependenciesOn(
  activities: readonly JsonObject[],
  names: ReadonlySet<string>,
): JsonObject[] {
  return mapActivities(activities, (activity) => {
    const dependencies = dependenciesOf(activity);
    const kept = dependencies.filter((dependency) => {
      const name = dependsOnName(dependency);
      return name === undefined || !names.has(name);
    });
    return kept.length === dependencies.length ? activity : { ...activity, dependsOn: kept };
  });
}

/** Removes one activity and the dependencies on it; a container goes with everything inside it. */
export function deleteActivity(activities: readonly JsonObject[], name: string): EditResult {
  const found = findActivity(activities, name);
  if (found === undefined) return notFound(name);
  const removed = new Set(collectNames([found.activity]));
  const updated = updateList(activities, found.location, (list) =>
    list.filter((_, index) => index !== found.index),
  );
  if (updated === undefined) return notFound(name);
  return { ok: true, activities: withoutDependenciesOn(updated, removed) };
}

const ACTIVITY_REFERENCE = /\bactivity\(\s*'((?:[^']|'')*)'\s*\)/gi;

/** Whether a string is evaluated as an expression: `@…` (not `@@…`) or one with `@{…}` inside. */
function isExpressionText(text: string): boolean {
  return (text.startsWith('@') && !text.startsWith('@@')) || text.includes('@{');
}

function renameInExpression(text: string, oldName: string, newName: string): string {
  if (!isExpressionText(text)) return text;
  return text.replace(ACTIVITY_REFERENCE, (whole, quoted: string) =>
    quoted.replaceAll("''", "'") === oldName
      ? `activity('${newName.replaceAll("'", "''")}')`
      : whole,
  );
}

/** Every string of a JSON value rewritten, sharing the parts that did not change. */
function rewriteStrings(value: Json, rewrite: (text: string) => string): Json {
  if (typeof value === 'string') return rewrite(value);
  if (Array.isArray(value)) {
    const mapped = value.map((item) => rewriteStrings(item, rewrite));
    return mapped.some((item, index) => item !== value[index]) ? mapped : value;
  }
  if (isJsonObject(value)) {
    let changed = false;
    const entries = Object.entries(value).map(([key, item]): [string, Json] => {
      const rewritten = rewriteStrings(item, rewrite);
      changed ||= rewritten !== item;
      return [key, rewritten];
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}

/**
 * Renames an activity and updates what refers to it: `dependsOn` entries, and `activity('Old')`
 * in expression strings anywhere in the activities (strings starting with `@` or holding `@{…}`).
 */
export function renameActivity(
  activities: readonly JsonObject[],
  oldName: string,
  newName: string,
): EditResult {
  if (findActivity(activities, oldName) === undefined) return notFound(oldName);
  if (newName === oldName) return { ok: true, activities: [...activities] };
  const problem = activityNameProblem(newName);
  if (problem !== undefined) return failure(EditErrorCode.InvalidName, problem);
  if (nameTaken(activities, newName, oldName)) {
    return failure(EditErrorCode.NameTaken, `An activity named "${newName}" already exists.`);
  }
  const renamed = replaceActivity(activities, oldName, (activity) => ({
    ...activity,
    name: newName,
  }));
  if (renamed === undefined) return notFound(oldName);
  const relinked = mapActivities(renamed, (activity) => {
    const dependencies = dependenciesOf(activity);
    if (!dependencies.some((dependency) => dependsOnName(dependency) === oldName)) return activity;
    return {
      ...activity,
      dependsOn: dependencies.map((dependency) =>
        dependsOnName(dependency) === oldName ? { ...dependency, activity: newName } : dependency,
      ),
    };
  });
  const rewritten = rewriteStrings(relinked, (text) => renameInExpression(text, oldName, newName));
  return {
    ok: true,
    activities: (Array.isArray(rewritten) ? rewritten : relinked) as JsonObject[],
  };
}

/**
 * Moves an activity (with what it holds) to the end of another list. Its own dependencies and the
 * dependencies on it are removed, since dependencies link activities of one list only.
 */
export function moveActivity(
  activities: readonly JsonObject[],
  name: string,
  target: ListLocation,
): EditResult {
  const found = findActivity(activities, name);
  if (found === undefined) return notFound(name);
  if (sameLocation(found.location, target)) return { ok: true, activities: [...activities] };
  if (target.container !== null && containsActivity(found.activity, target.container)) {
    return failure(
      EditErrorCode.MoveIntoItself,
      `"${name}" cannot move into "${target.container}", which is inside it.`,
    );
  }
  if (getList(activities, target) === undefined) return listNotFound(target);
  const removed = updateList(activities, found.location, (list) =>
    list.filter((_, index) => index !== found.index),
  );
  const moved: JsonObject = { ...found.activity, dependsOn: [] };
  const placed =
    removed === undefined ? undefined : updateList(removed, target, (list) => [...list, moved]);
  if (placed === undefined) return listNotFound(target);
  return { ok: true, activities: withoutDependenciesOn(placed, new Set([name])) };
}

/** Whether `name` is the activity itself or any activity nested in it. */
function containsActivity(activity: JsonObject, name: string): boolean {
  let contains = false;
  walkActivities([activity], (inner) => {
    contains ||= activityName(inner) === name;
  });
  return contains;
}
