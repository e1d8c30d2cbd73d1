/**
 * Failures of workspace operations (publish, endpoints, submit, runs) as data: a stable code, the
 * ADF code a caller such as AzureMLExecutePipeline maps it to, the HTTP status the REST API
 * answers with, and a message that says what to do.
 */
import type { JsonValue } from '../../factory/resources.js';

interface MlWorkspaceErrorKind {
  readonly summary: string;
  readonly httpStatus: 400 | 404 | 409 | 500;
  /** ADF's AzureMLExecutePipeline code for it, when there is one. */
  readonly adfCode?: string;
  readonly failureType: 'UserError' | 'SystemError';
}

export const MlWorkspaceErrorCodes = {
  ML_INVALID_PIPELINE: {
    summary: 'The ML pipeline YAML (or a code folder it names) has errors; `details` lists them.',
    httpStatus: 400,
    failureType: 'UserError',
  },
  ML_INVALID_REQUEST: {
    summary: 'A request field is missing, of the wrong type or not allowed.',
    httpStatus: 400,
    adfCode: '4101',
    failureType: 'UserError',
  },
  ML_INVALID_PARAMETERS: {
    summary:
      'ParameterAssignments or DataPathAssignments do not match the published interface: an unknown name, a value that cannot be converted to the declared type, a required one missing, or a data path outside its datastore.',
    httpStatus: 400,
    adfCode: '4123',
    failureType: 'UserError',
  },
  ML_PIPELINE_NOT_FOUND: {
    summary: 'No published pipeline has this id.',
    httpStatus: 404,
    adfCode: '4124',
    failureType: 'UserError',
  },
  ML_ENDPOINT_NOT_FOUND: {
    summary: 'No pipeline endpoint has this id or name, or it has no such version.',
    httpStatus: 404,
    adfCode: '4124',
    failureType: 'UserError',
  },
  ML_RUN_NOT_FOUND: {
    summary: 'No ML run (or no step of that run) has this id or name.',
    httpStatus: 404,
    failureType: 'UserError',
  },
  ML_PIPELINE_DISABLED: {
    summary:
      'The published pipeline or pipeline endpoint is Disabled; enable it or submit another.',
    httpStatus: 400,
    adfCode: '4124',
    failureType: 'UserError',
  },
  ML_NAME_CONFLICT: {
    summary: 'A pipeline endpoint with this name already exists.',
    httpStatus: 409,
    failureType: 'UserError',
  },
  ML_PARENT_RUN_INVALID: {
    summary: 'ParentRunId names no run, or a run of another experiment.',
    httpStatus: 400,
    adfCode: '4123',
    failureType: 'UserError',
  },
  ML_RUN_FINISHED: {
    summary: 'The run has already ended; there is nothing to cancel.',
    httpStatus: 409,
    failureType: 'UserError',
  },
  ML_SNAPSHOT_FAILED: {
    summary: 'The code snapshot could not be written or read (disk full, permissions).',
    httpStatus: 500,
    adfCode: '4125',
    failureType: 'SystemError',
  },
  ML_LOG_UNAVAILABLE: {
    summary:
      'A step log could not be read from the log folder or its datastore (storage unreachable, access refused); try again.',
    httpStatus: 500,
    failureType: 'SystemError',
  },
} as const satisfies Record<string, MlWorkspaceErrorKind>;

export type MlWorkspaceErrorCode = keyof typeof MlWorkspaceErrorCodes;

export class MlWorkspaceError extends Error {
  override readonly name = 'MlWorkspaceError';

  constructor(
    readonly code: MlWorkspaceErrorCode,
    message: string,
    readonly details?: JsonValue,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  get httpStatus(): number {
    return MlWorkspaceErrorCodes[this.code].httpStatus;
  }

  toJSON(): { code: string; message: string; failureType: string; details?: JsonValue } {
    return {
      code: this.code,
      message: this.message,
      failureType: MlWorkspaceErrorCodes[this.code].failureType,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export function isMlWorkspaceError(error: unknown): error is MlWorkspaceError {
  return error instanceof MlWorkspaceError;
}
