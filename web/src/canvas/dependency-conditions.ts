/**
 * Dependency conditions (`dependsOn[].dependencyConditions`) and how the canvas shows them: the
 * colours of Data Factory Studio, plus a symbol so colour is never the only cue.
 */

export const DEPENDENCY_CONDITIONS = ['Succeeded', 'Failed', 'Completed', 'Skipped'] as const;
export type DependencyCondition = (typeof DEPENDENCY_CONDITIONS)[number];

/** Data Factory Studio's colours: success green, failure red, completion blue, skip grey. */
export const CONDITION_COLORS: Readonly<Record<DependencyCondition, string>> = {
  Succeeded: '#107c10',
  Failed: '#c50f1f',
  Completed: '#0f6cbd',
  Skipped: '#707070',
};

/** What a condition means, in words for labels and tooltips. */
export const CONDITION_DESCRIPTIONS: Readonly<Record<DependencyCondition, string>> = {
  Succeeded: 'on success',
  Failed: 'on failure',
  Completed: 'on completion',
  Skipped: 'on skip',
};

const BY_LOWER_CASE = new Map<string, DependencyCondition>(
  DEPENDENCY_CONDITIONS.map((condition) => [condition.toLowerCase(), condition]),
);

/** The condition as ADF spells it (conditions ignore case), or undefined for an unknown word. */
export function canonicalCondition(value: unknown): DependencyCondition | undefined {
  return typeof value === 'string' ? BY_LOWER_CASE.get(value.toLowerCase()) : undefined;
}

/** Known conditions of a `dependencyConditions` value, deduplicated, in the canonical order. */
export function normaliseConditions(value: unknown): DependencyCondition[] {
  if (!Array.isArray(value)) return [];
  const present = new Set(value.map(canonicalCondition));
  return DEPENDENCY_CONDITIONS.filter((condition) => present.has(condition));
}
