/** What every validation check shares: the factory, the problems found so far, and how to add one. */
import { factoryProblem, type FactoryProblemCode } from './factory-problems.js';
import type { Factory, FactoryProblem, JsonValue } from './resources.js';

export interface ValidationContext {
  readonly factory: Factory;
  /** Activity types Millrace can run, lower-cased (types ignore case). */
  readonly executableTypes: ReadonlySet<string>;
  readonly problems: FactoryProblem[];
}

export function report(
  context: ValidationContext,
  code: FactoryProblemCode,
  file: string,
  pointer: string,
  message: string,
  expression?: FactoryProblem['expression'],
): void {
  context.problems.push(factoryProblem(code, file, pointer, message, expression));
}

/** A required property counts as missing when absent or null. */
export function isMissing(value: JsonValue | undefined): value is undefined | null {
  return value === undefined || value === null;
}

const LISTED_NAMES = 10;

/** `'a', 'b'` for messages, at most ten names; `none` when empty. */
export function quotedList(names: Iterable<string>): string {
  const list = [...names];
  if (list.length === 0) return 'none';
  const shown = list.slice(0, LISTED_NAMES).map((name) => `'${name}'`);
  const more = list.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}
