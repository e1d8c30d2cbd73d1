/**
 * What the factory service refuses, as data: a stable code with its HTTP status, a message that
 * says what to do, and, as Data Factory's errors do, the `target` (a JSON pointer into the
 * request body, or `<collection>/<name>#<pointer>` in another resource) and `details` (one
 * `{ code, message, target }` per problem). The HTTP layer writes them as ADF's
 * `{ error: { code, message, target?, details? } }`.
 */

interface FactoryServiceErrorKind {
  readonly httpStatus: number;
  readonly summary: string;
}

export const FactoryServiceErrorCodes = {
  FACTORY_NOT_FOUND: {
    httpStatus: 404,
    summary: 'The path names another factory than the one this server hosts.',
  },
  FACTORY_RESOURCE_NOT_FOUND: {
    httpStatus: 404,
    summary: 'No pipeline, linked service or dataset of the factory has this name.',
  },
  FACTORY_INVALID_RESOURCE_NAME: {
    httpStatus: 400,
    summary:
      'A resource name is empty, longer than 260 characters, does not start with a letter, digit or underscore, or holds one of . + ? / < > * % & : \\.',
  },
  FACTORY_INVALID_RESOURCE: {
    httpStatus: 400,
    summary:
      'The resource JSON has validation errors (each in details, with its JSON pointer as target); nothing was written.',
  },
  FACTORY_RESOURCE_REFERENCED: {
    httpStatus: 400,
    summary:
      'Other resources refer to the resource to delete (each in details); remove those references first.',
  },
  FACTORY_ETAG_MISMATCH: {
    httpStatus: 412,
    summary:
      'If-Match names an etag the resource no longer has (or the resource does not exist); read it again and reapply the change.',
  },
  FACTORY_IMPORT_INVALID: {
    httpStatus: 400,
    summary: 'The factory to import has validation errors (each in details); nothing was imported.',
  },
  FACTORY_RUN_NOT_FOUND: {
    httpStatus: 404,
    summary: 'No pipeline run of the factory has this id.',
  },
  FACTORY_INVALID_RUN_REQUEST: {
    httpStatus: 400,
    summary:
      'A run request does not fit: parameters the pipeline does not accept, rerun options without referencePipelineRunId or isRecovery, an activity to start from that the pipeline lacks.',
  },
  FACTORY_RUN_NOT_FINISHED: {
    httpStatus: 409,
    summary: 'A recovery rerun names a run that has not ended; wait for it or cancel it first.',
  },
  FACTORY_RUN_LEASED: {
    httpStatus: 409,
    summary: 'Another Millrace process is executing the run.',
  },
  FACTORY_INVALID_QUERY: {
    httpStatus: 400,
    summary:
      'A run query has an unknown operand, operator or order, an instant that is not ISO 8601, or a continuation token this server did not issue.',
  },
  FACTORY_CONNECTION_TEST_UNSUPPORTED: {
    httpStatus: 400,
    summary:
      'Test connection is available for AzureMLService linked services only; the linked service is of another type.',
  },
  FACTORY_INVALID_REQUEST: {
    httpStatus: 400,
    summary: 'The request does not fit the route: a body, path or query field is missing or wrong.',
  },
} as const satisfies Record<string, FactoryServiceErrorKind>;

export type FactoryServiceErrorCode = keyof typeof FactoryServiceErrorCodes;

/** One problem of an error, as ADF's `details` entries. */
export interface FactoryErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
}

export class FactoryServiceError extends Error {
  override readonly name = 'FactoryServiceError';
  readonly httpStatus: number;

  constructor(
    readonly code: FactoryServiceErrorCode,
    message: string,
    readonly options: {
      readonly target?: string;
      readonly details?: readonly FactoryErrorDetail[];
      readonly cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.httpStatus = FactoryServiceErrorCodes[code].httpStatus;
  }

  get target(): string | undefined {
    return this.options.target;
  }

  get details(): readonly FactoryErrorDetail[] | undefined {
    return this.options.details;
  }
}

/** Duck-typed, so that it also recognises errors that crossed a module or realm boundary. */
export function isFactoryServiceError(
  error: unknown,
  code?: FactoryServiceErrorCode,
): error is FactoryServiceError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { name?: unknown; code?: unknown };
  if (candidate.name !== 'FactoryServiceError' || typeof candidate.code !== 'string') return false;
  if (!(candidate.code in FactoryServiceErrorCodes)) return false;
  return code === undefined || candidate.code === code;
}
