/**
 * Validates a change to a factory the way `millrace validate` validates a folder: the resource
 * parser and the validator run over the factory as it would be after the change. What blocks the
 * change: every error in the resource written, and every error the change causes elsewhere (a
 * pipeline that refers to the dataset being deleted). Errors that were there before in other
 * resources do not block it; the resource's warnings are returned. Pure.
 */
import { validateFactory, type ValidationOptions } from '../factory/factory-validator.js';
import type { FactoryProblem } from '../factory/resources.js';
import type { FactoryResourceKind } from '../store/factory-resource-store.js';
import { resourceFile } from './api-resource-kinds.js';
import { factoryFromEntries, type ResourceJsonEntry } from './factory-from-records.js';
import type { FactoryErrorDetail } from './factory-service-errors.js';

export type ResourceChange =
  | { readonly action: 'put'; readonly resource: ResourceJsonEntry }
  | {
      readonly action: 'delete';
      readonly resource: { readonly kind: FactoryResourceKind; readonly name: string };
    };

/** A problem as the API reports it: `target` is a pointer in the resource written, else `file#pointer`. */
export interface ChangeProblem extends FactoryErrorDetail {
  readonly target: string;
  /** The resource the problem is in (`pipelines/LoadSales`). */
  readonly file: string;
  /** True when the problem is in the resource the change writes. */
  readonly inChangedResource: boolean;
}

export interface ChangeCheck {
  /** Errors that block the change, in document order. */
  readonly errors: readonly ChangeProblem[];
  /** Warnings of the resource written (none for a delete). */
  readonly warnings: readonly ChangeProblem[];
}

export function checkResourceChange(
  factoryName: string,
  current: readonly ResourceJsonEntry[],
  change: ResourceChange,
  options: ValidationOptions = {},
): ChangeCheck {
  const { kind, name } = change.resource;
  const lowerName = name.toLowerCase();
  const others = current.filter(
    (entry) => entry.kind !== kind || entry.name.toLowerCase() !== lowerName,
  );
  const after = change.action === 'put' ? [...others, change.resource] : others;
  const changedFile = change.action === 'put' ? resourceFile(kind, name) : undefined;
  const known = new Set(
    problemsOf(factoryName, current, options)
      .filter((problem) => problem.severity === 'error')
      .map(problemKey),
  );
  const errors: ChangeProblem[] = [];
  const warnings: ChangeProblem[] = [];
  for (const problem of problemsOf(factoryName, after, options)) {
    const inChangedResource = problem.file === changedFile;
    if (problem.severity === 'warning') {
      if (inChangedResource) warnings.push(changeProblem(problem, true));
    } else if (inChangedResource || !known.has(problemKey(problem))) {
      errors.push(changeProblem(problem, inChangedResource));
    }
  }
  // The written resource's own errors first: they are what the caller can fix in the body.
  errors.sort((a, b) => Number(b.inChangedResource) - Number(a.inChangedResource));
  return { errors, warnings };
}

function problemsOf(
  factoryName: string,
  entries: readonly ResourceJsonEntry[],
  options: ValidationOptions,
): FactoryProblem[] {
  const { factory, problems } = factoryFromEntries(factoryName, entries);
  return [...problems, ...validateFactory(factory, options)];
}

function problemKey(problem: FactoryProblem): string {
  return `${problem.code}\u0000${problem.file}\u0000${problem.pointer}`;
}

function changeProblem(problem: FactoryProblem, inChangedResource: boolean): ChangeProblem {
  return {
    code: problem.code,
    message: problem.message,
    target: inChangedResource ? problem.pointer : `${problem.file}#${problem.pointer}`,
    file: problem.file,
    inChangedResource,
  };
}
