/** Naming rules of the workspace (Azure ML's), checked before anything is stored. */
import { MlWorkspaceError } from './ml-workspace-errors.js';

/** Pipeline endpoints: 1–255 letters, digits, `-` and `_`, starting with a letter. */
const ENDPOINT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,254}$/;
/** Experiments: 1–255 letters, digits, `-` and `_`, starting with a letter or digit. */
const EXPERIMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/;

export function checkEndpointName(name: unknown): string {
  if (typeof name === 'string' && ENDPOINT_NAME.test(name)) return name;
  throw new MlWorkspaceError(
    'ML_INVALID_REQUEST',
    `The pipeline endpoint name ${JSON.stringify(name)} is not allowed: use 1 to 255 letters, digits, "-" or "_", starting with a letter.`,
    [{ name: 'name', problem: 'invalid pipeline endpoint name' }],
  );
}

export function checkExperimentName(name: unknown): string {
  if (typeof name === 'string' && EXPERIMENT_NAME.test(name)) return name;
  throw new MlWorkspaceError(
    'ML_INVALID_REQUEST',
    name === undefined || name === ''
      ? 'ExperimentName is required: name the experiment the run belongs to (1 to 255 letters, digits, "-" or "_").'
      : `The experiment name ${JSON.stringify(name)} is not allowed: use 1 to 255 letters, digits, "-" or "_", starting with a letter or digit.`,
    [{ name: 'ExperimentName', problem: 'missing or invalid experiment name' }],
  );
}

/** Checks a status sent by a client against the allowed ones. */
export function checkStatus<T extends string>(
  status: unknown,
  allowed: readonly T[],
  what: string,
): T {
  if ((allowed as readonly unknown[]).includes(status)) return status as T;
  throw new MlWorkspaceError(
    'ML_INVALID_REQUEST',
    `${JSON.stringify(status)} is not a ${what} status; use ${allowed.join(', ')}.`,
    [{ name: 'status', problem: `not one of ${allowed.join(', ')}` }],
  );
}
