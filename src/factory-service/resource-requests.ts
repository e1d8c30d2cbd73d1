/**
 * Resource requests checked as Data Factory checks them: names, the body `{ name?, properties }`
 * that PUT, validate and debug runs take, and the change check's errors as a refusal or as a
 * validation result. Pure.
 */
import { isJsonObject } from '../factory/json-values.js';
import type { JsonObject, JsonValue } from '../factory/resources.js';
import type { FactoryResourceKind } from '../store/factory-resource-store.js';
import { RESOURCE_KIND_NAMES, type ApiResourceKind } from './api-resource-kinds.js';
import type { ResourceJsonEntry } from './factory-from-records.js';
import {
  FactoryServiceError,
  isFactoryServiceError,
  type FactoryErrorDetail,
} from './factory-service-errors.js';
import type { ChangeCheck, ChangeProblem } from './resource-change-check.js';

/** A problem `validateResource` reports, as PUT's `details` entries. */
export interface ResourceProblem {
  readonly code: string;
  readonly message: string;
  /**
   * A JSON pointer in the resource body (`/properties/activities/0/name`), `name` for the name in
   * the path, or `<collection>/<name>#<pointer>` for an error the change causes in another
   * resource.
   */
  readonly target: string;
}

/** What PUT would say of a resource body, without storing it. */
export interface ResourceValidation {
  /** True when PUT would store it (it has no errors). */
  readonly valid: boolean;
  /** What PUT would refuse it for: the resource's own errors first, in document order. */
  readonly errors: readonly ResourceProblem[];
  /** The resource's warnings (activity types Millrace cannot run yet …). */
  readonly warnings: readonly ResourceProblem[];
}

/** ADF's naming rules for factory resource names. */
const MAX_NAME_LENGTH = 260;
const FORBIDDEN_NAME_CHARACTERS = /[.+?/<>*%&:\\]/;
const NAME_START = /^[A-Za-z0-9_]/;

/** The resource of `kind` named `name` in any letter case. */
export function findRecord<T extends ResourceJsonEntry>(
  records: readonly T[],
  kind: FactoryResourceKind,
  name: string,
): T | undefined {
  const lowerName = name.toLowerCase();
  return records.find((record) => record.kind === kind && record.name.toLowerCase() === lowerName);
}

/**
 * The `properties` of a resource body (`{ name?, properties }`) for `name` in the path, and how
 * messages name the resource. Refuses a name ADF does not allow (`FACTORY_INVALID_RESOURCE_NAME`),
 * a body that is not an object, a `name` that is not the path's and missing `properties`
 * (`FACTORY_INVALID_RESOURCE`).
 */
export function resourceBodyOf(
  kind: ApiResourceKind,
  name: string,
  body: JsonValue,
): { readonly label: string; readonly properties: JsonObject } {
  const label = `${RESOURCE_KIND_NAMES[kind].label} '${name}'`;
  checkResourceName(kind, name);
  if (!isJsonObject(body))
    throw invalidResource(
      `The body of ${label} must be a JSON object { "name", "properties" }.`,
      '',
    );
  if (
    body.name !== undefined &&
    (typeof body.name !== 'string' || body.name.toLowerCase() !== name.toLowerCase())
  )
    throw invalidResource(
      `The body names ${JSON.stringify(body.name)} but the path names '${name}'; they must be the same (letter case aside), or leave "name" out.`,
      '/name',
    );
  const { properties } = body;
  if (!isJsonObject(properties))
    throw invalidResource(`${capitalised(label)} needs a "properties" object.`, '/properties');
  return { label, properties };
}

/** Refuses a change the check found errors in (`FACTORY_INVALID_RESOURCE`, each in `details`). */
export function refuseInvalid(label: string, check: ChangeCheck): void {
  const [first] = check.errors;
  if (first !== undefined)
    throw new FactoryServiceError(
      'FACTORY_INVALID_RESOURCE',
      `${capitalised(label)} is not valid (${count(check.errors.length, 'error')}): ${first.message}${first.target === '' ? '' : ` (at ${first.target})`}`,
      { target: first.target, details: check.errors.map(detailOf) },
    );
}

/** The change check as a validation result. */
export function validationOf(check: ChangeCheck): ResourceValidation {
  return {
    valid: check.errors.length === 0,
    errors: check.errors.map(detailOf),
    warnings: check.warnings.map(detailOf),
  };
}

/**
 * A refusal of `resourceBodyOf` as a validation result (its `details`, else itself); undefined
 * for any other error.
 */
export function refusalAsValidation(error: unknown): ResourceValidation | undefined {
  if (
    !isFactoryServiceError(error, 'FACTORY_INVALID_RESOURCE') &&
    !isFactoryServiceError(error, 'FACTORY_INVALID_RESOURCE_NAME')
  )
    return undefined;
  const problems = error.details ?? [
    { code: error.code, message: error.message, target: error.target },
  ];
  return {
    valid: false,
    errors: problems.map((problem) => ({ ...problem, target: problem.target ?? '' })),
    warnings: [],
  };
}

export function detailOf(problem: ChangeProblem): ResourceProblem {
  return { code: problem.code, message: problem.message, target: problem.target };
}

export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function checkResourceName(kind: ApiResourceKind, name: string): void {
  const label = RESOURCE_KIND_NAMES[kind].label;
  const problem =
    name.length === 0
      ? 'is empty'
      : name.length > MAX_NAME_LENGTH
        ? `is longer than ${MAX_NAME_LENGTH} characters`
        : !NAME_START.test(name)
          ? 'does not start with a letter, a digit or an underscore'
          : FORBIDDEN_NAME_CHARACTERS.test(name)
            ? 'holds one of . + ? / < > * % & : \\'
            : undefined;
  if (problem !== undefined)
    throw new FactoryServiceError(
      'FACTORY_INVALID_RESOURCE_NAME',
      `The ${label} name ${JSON.stringify(name)} ${problem}; Data Factory does not allow it.`,
      { target: 'name' },
    );
}

function invalidResource(message: string, target: string): FactoryServiceError {
  const detail: FactoryErrorDetail = { code: 'FACTORY_INVALID_RESOURCE', message, target };
  return new FactoryServiceError('FACTORY_INVALID_RESOURCE', message, {
    target,
    details: [detail],
  });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
