/**
 * Checks a submission's ParameterAssignments and DataPathAssignments against a published
 * interface and resolves them: values converted to the declared types, defaults filled in. Pure.
 * Every problem is collected, then reported at once as one `ML_INVALID_PARAMETERS` whose details
 * are `[{ name, problem }]`.
 *
 * Accepted values (Azure clients send strings; JSON clients may send scalars):
 * - Int: an integer number or a string of decimal digits with an optional sign (`20`, `"-3"`);
 *   not `"2.5"`, `"1e3"` or `"abc"`; within ±(2^53 − 1).
 * - Double: a finite number or a decimal string (`1.5`, `"1.5"`, `"-.5"`, `"1e3"`); not `"NaN"`,
 *   `"Infinity"`, `"0x10"` or `""`.
 * - Bool: `true` / `false`, or the strings `"true"` / `"false"` in any letter case.
 * - String: any string, number or boolean (numbers and booleans are written as JSON writes them).
 * `null`, objects and arrays are never values: leave a parameter out to get its default.
 */
import type {
  MlDataPathValue,
  MlInterfaceParameterType,
  MlPipelineInterface,
} from '../../store/ml-store.js';
import { datastorePath } from '../datastores/datastore-path.js';
import { stripAzuremlPrefix } from '../ml-data-path.js';
import { MlWorkspaceError } from './ml-workspace-errors.js';

export type MlParameterValue = string | number | boolean;

export interface SubmissionValues {
  readonly parameterAssignments?: Readonly<Record<string, unknown>>;
  readonly dataPathAssignments?: Readonly<Record<string, unknown>>;
}

export interface ResolvedSubmission {
  /** Every parameter that was assigned or has a default, in interface order. */
  readonly parameters: Readonly<Record<string, MlParameterValue>>;
  /** Every data path parameter that was assigned or has a default, in interface order. */
  readonly dataPaths: Readonly<Record<string, MlDataPathValue>>;
}

export interface SubmissionProblem {
  readonly name: string;
  readonly problem: string;
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

type Coerced = { readonly ok: true; readonly value: MlParameterValue } | { readonly ok: false };

/** Converts one value to a declared type (see the module comment for what is accepted). */
export function coerceParameterValue(type: MlInterfaceParameterType, value: unknown): Coerced {
  switch (type) {
    case 'Int': {
      const number =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && INTEGER_TEXT.test(value.trim())
            ? Number(value.trim())
            : Number.NaN;
      return Number.isSafeInteger(number) ? { ok: true, value: number } : { ok: false };
    }
    case 'Double': {
      const number =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && DECIMAL_TEXT.test(value.trim())
            ? Number(value.trim())
            : Number.NaN;
      return Number.isFinite(number) ? { ok: true, value: number } : { ok: false };
    }
    case 'Bool': {
      if (typeof value === 'boolean') return { ok: true, value };
      const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
      return text === 'true' || text === 'false'
        ? { ok: true, value: text === 'true' }
        : { ok: false };
    }
    case 'String':
      if (typeof value === 'string') return { ok: true, value };
      if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
        return { ok: true, value: String(value) };
      }
      return { ok: false };
  }
}

const TYPE_WORDS: Record<MlInterfaceParameterType, string> = {
  Int: 'an integer (e.g. "20")',
  Double: 'a number (e.g. "1.5" or "1e3")',
  Bool: '"true" or "false"',
  String: 'a string, number or boolean',
};

/**
 * Resolves a submission against `pipelineInterface`. `knownDatastores` are the workspace's
 * datastore names (matched ignoring case and an `azureml:` prefix; the result uses their
 * spelling). Throws `ML_INVALID_PARAMETERS` listing every problem.
 */
export function resolveSubmission(
  pipelineInterface: MlPipelineInterface,
  values: SubmissionValues,
  knownDatastores: readonly string[],
): ResolvedSubmission {
  const problems: SubmissionProblem[] = [];
  const parameters = resolveParameters(pipelineInterface, values.parameterAssignments, problems);
  const dataPaths = resolveDataPaths(
    pipelineInterface,
    values.dataPathAssignments,
    knownDatastores,
    problems,
  );
  if (problems.length > 0) {
    throw new MlWorkspaceError(
      'ML_INVALID_PARAMETERS',
      `The submission does not match the published pipeline's interface: ${problems
        .map(({ name, problem }) => `"${name}": ${problem.replace(/\.$/, '')}`)
        .join('; ')}.`,
      problems.map(({ name, problem }) => ({ name, problem })),
    );
  }
  return { parameters, dataPaths };
}

function resolveParameters(
  pipelineInterface: MlPipelineInterface,
  assignments: Readonly<Record<string, unknown>> | undefined,
  problems: SubmissionProblem[],
): Record<string, MlParameterValue> {
  const given = assignmentsOf(assignments, 'ParameterAssignments', problems);
  const declared = pipelineInterface.parameters;
  reportUnknown(
    given,
    declared.map((parameter) => parameter.name),
    'parameter',
    pipelineInterface.dataPathParameters.map((parameter) => parameter.name),
    problems,
  );
  const resolved: Record<string, MlParameterValue> = {};
  for (const parameter of declared) {
    const assigned = given.has(parameter.name);
    const value = assigned ? given.get(parameter.name) : parameter.defaultValue;
    if (value === null || value === undefined) {
      if (assigned) {
        problems.push({
          name: parameter.name,
          problem: `null is not a value; leave the parameter out to use its default, or give ${TYPE_WORDS[parameter.type]}`,
        });
      } else if (!parameter.isOptional) {
        problems.push({
          name: parameter.name,
          problem: `required parameter (${parameter.type}) is missing; assign it ${TYPE_WORDS[parameter.type]}`,
        });
      }
      continue;
    }
    const coerced = coerceParameterValue(parameter.type, value);
    if (coerced.ok) {
      resolved[parameter.name] = coerced.value;
    } else {
      problems.push({
        name: parameter.name,
        problem: `${describe(value)} is not ${parameter.type}; give ${TYPE_WORDS[parameter.type]}${assigned ? '' : ' (the published default is invalid)'}`,
      });
    }
  }
  return resolved;
}

function resolveDataPaths(
  pipelineInterface: MlPipelineInterface,
  assignments: Readonly<Record<string, unknown>> | undefined,
  knownDatastores: readonly string[],
  problems: SubmissionProblem[],
): Record<string, MlDataPathValue> {
  const given = assignmentsOf(assignments, 'DataPathAssignments', problems);
  const declared = pipelineInterface.dataPathParameters;
  reportUnknown(
    given,
    declared.map((parameter) => parameter.name),
    'data path parameter',
    pipelineInterface.parameters.map((parameter) => parameter.name),
    problems,
  );
  const resolved: Record<string, MlDataPathValue> = {};
  for (const parameter of declared) {
    const assigned = given.has(parameter.name);
    const value = assigned ? given.get(parameter.name) : parameter.defaultValue;
    if (value === null || value === undefined) {
      if (assigned || !parameter.isOptional) {
        problems.push({
          name: parameter.name,
          problem: `${assigned ? 'null is not a data path' : 'required data path is missing'}; assign it {"DataStoreName": …, "RelativePath": …}`,
        });
      }
      continue;
    }
    const dataPath = checkDataPath(value, knownDatastores);
    if (typeof dataPath === 'string') problems.push({ name: parameter.name, problem: dataPath });
    else resolved[parameter.name] = dataPath;
  }
  return resolved;
}

/** The data path, normalised, or what is wrong with it. */
function checkDataPath(
  value: unknown,
  knownDatastores: readonly string[],
): MlDataPathValue | string {
  const candidate = value as { datastore?: unknown; path?: unknown } | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    Array.isArray(candidate) ||
    typeof candidate.datastore !== 'string' ||
    typeof candidate.path !== 'string'
  ) {
    return `${describe(value)} is not a data path; give {"DataStoreName": …, "RelativePath": …}`;
  }
  const wanted = stripAzuremlPrefix(candidate.datastore).toLowerCase();
  const datastore = knownDatastores.find((name) => name.toLowerCase() === wanted);
  if (datastore === undefined) {
    return `no datastore is named "${candidate.datastore}"; the datastores are ${knownDatastores.join(', ')}`;
  }
  try {
    return { datastore, path: datastorePath(candidate.path, datastore) };
  } catch (error) {
    return (error as Error).message;
  }
}

function assignmentsOf(
  assignments: Readonly<Record<string, unknown>> | undefined,
  field: string,
  problems: SubmissionProblem[],
): Map<string, unknown> {
  if (assignments === undefined || assignments === null) return new Map();
  if (typeof assignments !== 'object' || Array.isArray(assignments)) {
    problems.push({ name: field, problem: 'must be an object of name → value' });
    return new Map();
  }
  return new Map(Object.entries(assignments));
}

function reportUnknown(
  given: ReadonlyMap<string, unknown>,
  declared: readonly string[],
  kind: string,
  otherKindNames: readonly string[],
  problems: SubmissionProblem[],
): void {
  for (const name of given.keys()) {
    if (declared.includes(name)) continue;
    const sameIgnoringCase = declared.find((known) => known.toLowerCase() === name.toLowerCase());
    const hint =
      sameIgnoringCase !== undefined
        ? `; did you mean "${sameIgnoringCase}"? (names are case-sensitive)`
        : otherKindNames.includes(name)
          ? `; "${name}" is a ${kind === 'parameter' ? 'data path parameter: assign it in DataPathAssignments' : 'parameter: assign it in ParameterAssignments'}`
          : declared.length > 0
            ? `; the ${kind}s are ${declared.join(', ')}`
            : `; the pipeline has no ${kind}s`;
    problems.push({ name, problem: `unknown ${kind}${hint}` });
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
