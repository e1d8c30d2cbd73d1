/**
 * Scope paths name where an activity run sits in a pipeline run:
 * - `''`: the pipeline's own activities;
 * - `ForEach1[3]`: iteration 3 (from 0) of ForEach1 (Until iterations look the same);
 * - `If1:true` / `If1:false`: the branch IfCondition If1 took;
 * - `Switch1:case:gold` / `Switch1:default`: the case Switch1 took;
 * joined with `/` when nested: `ForEach1[3]/If1:true`.
 */

export function iterationScope(parent: string, activityName: string, index: number): string {
  return join(parent, `${activityName}[${index}]`);
}

export function branchScope(parent: string, activityName: string, branch: string): string {
  return join(parent, `${activityName}:${branch}`);
}

function join(parent: string, segment: string): string {
  return parent === '' ? segment : `${parent}/${segment}`;
}

/** The iteration index of an iteration scope directly under `parent` for `activityName`, else undefined. */
export function iterationIndexOf(
  scope: string,
  parent: string,
  activityName: string,
): number | undefined {
  const prefix = join(parent, `${activityName}[`);
  if (!scope.startsWith(prefix)) return undefined;
  const close = scope.indexOf(']', prefix.length);
  if (close < 0) return undefined;
  const rest = scope.slice(close + 1);
  if (rest !== '' && !rest.startsWith('/')) return undefined;
  const index = Number(scope.slice(prefix.length, close));
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}
