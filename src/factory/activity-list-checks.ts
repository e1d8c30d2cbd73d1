/**
 * Checks that concern a list of activities together: unique names across the pipeline,
 * `dependsOn` entries that name an activity of the same list with known conditions, and no
 * dependency cycles.
 */
import { pointerTo } from './json-pointer.js';
import { findIgnoringCase, isJsonObject } from './json-values.js';
import { DependencyConditions, type Activity, type JsonValue } from './resources.js';
import { isMissing, quotedList, report, type ValidationContext } from './validation-context.js';

/** Activity names are unique per pipeline, nested activities included; they ignore case. */
export function checkDuplicateNames(
  context: ValidationContext,
  activities: readonly Activity[],
): void {
  const first = new Map<string, Activity>();
  for (const activity of activities) {
    if (activity.name === '') continue;
    const key = activity.name.toLowerCase();
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, activity);
      continue;
    }
    report(
      context,
      'FACTORY_DUPLICATE_ACTIVITY_NAME',
      activity.source.file,
      pointerTo(activity.source.pointer, 'name'),
      `Another activity of this pipeline is already named '${earlier.name}' (at ${earlier.source.pointer}); activity names are unique per pipeline, nested activities included, so rename one.`,
    );
  }
}

/**
 * `list` is one activity list (a pipeline's own, or a branch); `pipelineActivities` every activity
 * of the pipeline, to explain a dependency on an activity of another list.
 */
export function checkDependencies(
  context: ValidationContext,
  list: readonly Activity[],
  pipelineActivities: readonly Activity[],
): void {
  const names = list.map((activity) => activity.name);
  for (const activity of list) {
    const raw = activity.json.dependsOn;
    const { file } = activity.source;
    const base = pointerTo(activity.source.pointer, 'dependsOn');
    if (raw === undefined || raw === null) continue;
    if (!Array.isArray(raw)) {
      report(
        context,
        'FACTORY_INVALID_PROPERTY',
        file,
        base,
        'dependsOn must be an array of { "activity", "dependencyConditions" }.',
      );
      continue;
    }
    raw.forEach((entry, index) => {
      const at = pointerTo(base, index);
      if (!isJsonObject(entry)) {
        report(
          context,
          'FACTORY_INVALID_PROPERTY',
          file,
          at,
          'A dependency must be an object { "activity": "…", "dependencyConditions": ["Succeeded"] }.',
        );
        return;
      }
      checkDependencyTarget(
        context,
        entry.activity,
        names,
        pipelineActivities,
        file,
        pointerTo(at, 'activity'),
      );
      checkConditions(
        context,
        entry.dependencyConditions,
        file,
        pointerTo(at, 'dependencyConditions'),
      );
    });
  }
  checkCycles(context, list);
}

function checkDependencyTarget(
  context: ValidationContext,
  target: JsonValue | undefined,
  names: readonly string[],
  pipelineActivities: readonly Activity[],
  file: string,
  pointer: string,
): void {
  if (typeof target !== 'string') {
    report(
      context,
      isMissing(target) ? 'FACTORY_MISSING_PROPERTY' : 'FACTORY_INVALID_PROPERTY',
      file,
      pointer,
      'A dependency must name the activity it waits for in "activity".',
    );
    return;
  }
  if (names.includes(target)) return;
  const sameList = findIgnoringCase(names, target);
  const elsewhere = pipelineActivities.find((activity) => activity.name === target);
  const hint =
    sameList !== undefined
      ? `did you mean '${sameList}'? Names in dependsOn must match exactly`
      : elsewhere !== undefined
        ? `it is in another activity list (${elsewhere.source.pointer}); an activity can only depend on activities of its own list`
        : `the activities of this list are ${quotedList(names)}`;
  report(
    context,
    'FACTORY_UNKNOWN_DEPENDENCY',
    file,
    pointer,
    `dependsOn names '${target}', which is not an activity of this list: ${hint}.`,
  );
}

function checkConditions(
  context: ValidationContext,
  conditions: JsonValue | undefined,
  file: string,
  pointer: string,
): void {
  const allowed = DependencyConditions.join(', ');
  if (isMissing(conditions)) {
    report(
      context,
      'FACTORY_MISSING_PROPERTY',
      file,
      pointer,
      `A dependency needs "dependencyConditions", one or more of ${allowed}.`,
    );
    return;
  }
  if (!Array.isArray(conditions)) {
    report(
      context,
      'FACTORY_INVALID_PROPERTY',
      file,
      pointer,
      `dependencyConditions must be an array of ${allowed}.`,
    );
    return;
  }
  if (conditions.length === 0) {
    report(
      context,
      'FACTORY_EMPTY_DEPENDENCY_CONDITIONS',
      file,
      pointer,
      `This dependency lists no condition; add one or more of ${allowed}.`,
    );
    return;
  }
  conditions.forEach((condition, index) => {
    const known =
      typeof condition === 'string' &&
      DependencyConditions.some((name) => name.toLowerCase() === condition.toLowerCase());
    if (!known) {
      report(
        context,
        'FACTORY_UNKNOWN_DEPENDENCY_CONDITION',
        file,
        pointerTo(pointer, index),
        `${JSON.stringify(condition)} is not a dependency condition; use ${allowed}.`,
      );
    }
  });
}

/** Reports each cycle once, at the dependency that closes it, with the whole path. */
function checkCycles(context: ValidationContext, list: readonly Activity[]): void {
  const byName = new Map<string, Activity>();
  for (const activity of list) if (!byName.has(activity.name)) byName.set(activity.name, activity);
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const reported = new Set<string>();

  const visit = (name: string): void => {
    state.set(name, 'visiting');
    path.push(name);
    const activity = byName.get(name);
    for (const dependency of activity?.dependsOn ?? []) {
      const next = dependency.activity;
      if (!byName.has(next)) continue;
      const seen = state.get(next);
      if (seen === 'visiting') {
        const cycle = [...path.slice(path.indexOf(next)), next];
        const key = [...new Set(cycle)].sort().join('\u0000');
        if (!reported.has(key) && activity !== undefined) {
          reported.add(key);
          reportCycle(context, activity, next, cycle);
        }
      } else if (seen === undefined) {
        visit(next);
      }
    }
    path.pop();
    state.set(name, 'done');
  };
  for (const name of byName.keys()) if (!state.has(name)) visit(name);
}

function reportCycle(
  context: ValidationContext,
  from: Activity,
  to: string,
  cycle: readonly string[],
): void {
  const raw = Array.isArray(from.json.dependsOn) ? from.json.dependsOn : [];
  const index = raw.findIndex((entry) => isJsonObject(entry) && entry.activity === to);
  report(
    context,
    'FACTORY_DEPENDENCY_CYCLE',
    from.source.file,
    pointerTo(from.source.pointer, 'dependsOn', Math.max(index, 0), 'activity'),
    `These activities depend on each other in a cycle, so none of them can start: ${cycle.map((name) => `'${name}'`).join(' → ')} (→ reads "depends on"); remove one of these dependencies.`,
  );
}
