/**
 * Places the server's validation problems (`target` = a JSON pointer in the pipeline resource, such
 * as `/properties/activities/1/typeProperties/mlPipelineId`) on what the user sees: the activity
 * node, the field of the properties panel, the position in the JSON text.
 *
 * A problem remembers its activity by name, not index, so it stays on the right node while the
 * user edits (adds, removes, reorders activities) until the next validation. Pure.
 */
import type { JsonObject } from '../api/factory-api.js';
import { activityName } from '../canvas/activity-tree.js';
import { activitiesOf, branchesOf, locateActivity } from './activity-locations.js';
import { formatPointer, parsePointer } from './json-pointer-positions.js';

export const PROBLEM_SEVERITIES = ['error', 'warning'] as const;
export type ProblemSeverity = (typeof PROBLEM_SEVERITIES)[number];

/** A problem as the server reports it. */
export interface ValidationProblem {
  readonly code?: string;
  readonly message: string;
  /** A JSON pointer in the resource, another resource's `file#pointer`, or nothing. */
  readonly target?: string;
}

export interface PlacedProblem extends ValidationProblem {
  readonly severity: ProblemSeverity;
  /** The activity names from the outermost container to the activity the problem is in. */
  readonly activityChain?: readonly string[];
  /** The pointer relative to that activity (`/typeProperties/mlPipelineId`), else `target` itself. */
  readonly relativePointer?: string;
}

/** The activity `pointer` lies in, by names, and the pointer's rest relative to it. */
export function activityOfPointer(
  resource: { readonly properties: JsonObject },
  pointer: string,
): { chain: string[]; relativePointer: string } | undefined {
  const tokens = parsePointer(pointer);
  if (tokens === undefined || tokens[0] !== 'properties' || tokens[1] !== 'activities')
    return undefined;
  let list: readonly JsonObject[] = activitiesOf(resource.properties);
  let rest = tokens.slice(2);
  const chain: string[] = [];
  for (;;) {
    const index = indexToken(rest[0]);
    const activity = index === undefined ? undefined : list[index];
    if (activity === undefined) break;
    chain.push(activityName(activity) ?? '');
    rest = rest.slice(1);
    const branch = branchesOf(activity).find((candidate) =>
      candidate.path.every((token, at) => String(token) === rest[at]),
    );
    if (branch === undefined) break;
    const inner = rest.slice(branch.path.length);
    const innerIndex = indexToken(inner[0]);
    if (innerIndex === undefined || branch.activities[innerIndex] === undefined) break;
    list = branch.activities;
    rest = inner;
  }
  return chain.length === 0 ? undefined : { chain, relativePointer: formatPointer(rest) };
}

export function placeProblems(
  resource: { readonly properties: JsonObject },
  problems: readonly ValidationProblem[],
  severity: ProblemSeverity,
): PlacedProblem[] {
  return problems.map((problem) => {
    const place =
      problem.target === undefined ? undefined : activityOfPointer(resource, problem.target);
    return place === undefined
      ? { ...problem, severity }
      : {
          ...problem,
          severity,
          activityChain: place.chain,
          relativePointer: place.relativePointer,
        };
  });
}

/**
 * Messages by activity name, for the canvas's node markers. A problem inside a container also
 * marks each container around it (naming the inner activity), so a closed container shows it.
 */
export function problemsByActivity(problems: readonly PlacedProblem[]): Record<string, string[]> {
  const byName: Record<string, string[]> = {};
  for (const problem of problems) {
    const chain = problem.activityChain ?? [];
    chain.forEach((name, index) => {
      const inner = chain[chain.length - 1];
      const message =
        index === chain.length - 1 ? problem.message : `In '${inner}': ${problem.message}`;
      (byName[name] ??= []).push(message);
    });
  }
  return byName;
}

/** The problems of one activity by pointer relative to it (what the properties panel shows under fields). */
export function problemsOfActivity(
  problems: readonly PlacedProblem[],
  name: string,
): Record<string, string> {
  const byPointer: Record<string, string> = {};
  for (const problem of problems) {
    if (problem.activityChain?.at(-1) !== name || problem.relativePointer === undefined) continue;
    const pointer = problem.relativePointer;
    byPointer[pointer] =
      byPointer[pointer] === undefined
        ? problem.message
        : `${byPointer[pointer]} ${problem.message}`;
  }
  return byPointer;
}

/**
 * Where the problem is in the resource as it is now: its activity found again by name. Undefined
 * when that activity is gone, or when the target is no pointer in this resource.
 */
export function currentPointer(
  resource: { readonly properties: JsonObject },
  problem: PlacedProblem,
): string | undefined {
  const name = problem.activityChain?.at(-1);
  if (name === undefined) {
    return problem.target !== undefined && parsePointer(problem.target) !== undefined
      ? problem.target
      : undefined;
  }
  const location = locateActivity(activitiesOf(resource.properties), name);
  if (location === undefined) return undefined;
  return `${formatPointer(['properties', 'activities', ...location.path])}${problem.relativePointer ?? ''}`;
}

function indexToken(token: string | undefined): number | undefined {
  return token !== undefined && /^(0|[1-9]\d*)$/.test(token) ? Number(token) : undefined;
}
