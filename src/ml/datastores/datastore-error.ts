/**
 * Datastore failures are data: a stable code, a message that says what to do, whether the
 * caller's input is at fault and whether trying again can help. Adapters translate file-system
 * and Azure Storage errors into these codes, and never put a secret (account key, connection
 * string) into a message.
 */

export const DatastoreErrorCodes = {
  DATASTORE_PATH_ESCAPES: {
    meaning:
      'A data path is absolute, contains "..", or reaches outside its datastore through a symbolic link.',
    failureType: 'UserError',
    retryable: false,
  },
  DATASTORE_INVALID_PATH: {
    meaning:
      'A data path is not a string, contains a NUL character, or names the datastore root where a file is needed.',
    failureType: 'UserError',
    retryable: false,
  },
  DATASTORE_NOT_FOUND: {
    meaning: 'No file or folder exists at this data path.',
    failureType: 'UserError',
    retryable: false,
  },
  DATASTORE_NOT_A_FILE: {
    meaning: 'The data path names a folder where a file is needed.',
    failureType: 'UserError',
    retryable: false,
  },
  DATASTORE_PATH_CONFLICT: {
    meaning:
      'A file cannot be written because a folder exists at its path or a file exists at a parent path.',
    failureType: 'UserError',
    retryable: false,
  },
  DATASTORE_UNKNOWN: {
    meaning: 'No datastore of this name is configured (names ignore case).',
    failureType: 'UserError',
    retryable: false,
  },
  DATASTORE_INVALID_CONFIG: {
    meaning:
      'A datastore configuration is invalid: bad or duplicate name, unknown type, missing folder or container, or not exactly one credential.',
    failureType: 'UserError',
    retryable: false,
  },
  DATASTORE_ACCESS_DENIED: {
    meaning:
      'The storage refused the operation: wrong account key, missing permission, or a folder Millrace cannot write.',
    failureType: 'UserError',
    retryable: false,
  },
  DATASTORE_CONTAINER_NOT_FOUND: {
    meaning: 'The Azure Blob container of the datastore does not exist.',
    failureType: 'UserError',
    retryable: false,
  },
  DATASTORE_UNAVAILABLE: {
    meaning: 'The storage cannot be reached or failed unexpectedly; trying again may help.',
    failureType: 'SystemError',
    retryable: true,
  },
} as const satisfies Record<
  string,
  {
    readonly meaning: string;
    readonly failureType: 'UserError' | 'SystemError';
    readonly retryable: boolean;
  }
>;

export type DatastoreErrorCode = keyof typeof DatastoreErrorCodes;

export interface DatastoreErrorData {
  readonly code: DatastoreErrorCode;
  readonly message: string;
  readonly failureType: 'UserError' | 'SystemError';
  readonly retryable: boolean;
  /** The datastore the operation addressed, when there is one. */
  readonly datastore?: string;
  /** The (normalised when valid) data path the operation addressed, when there is one. */
  readonly path?: string;
}

export class DatastoreError extends Error {
  override readonly name = 'DatastoreError';
  readonly failureType: 'UserError' | 'SystemError';
  readonly retryable: boolean;
  readonly datastore: string | undefined;
  readonly path: string | undefined;

  constructor(
    readonly code: DatastoreErrorCode,
    message: string,
    where: { readonly datastore?: string; readonly path?: string } = {},
  ) {
    super(message);
    this.failureType = DatastoreErrorCodes[code].failureType;
    this.retryable = DatastoreErrorCodes[code].retryable;
    this.datastore = where.datastore;
    this.path = where.path;
  }

  toData(): DatastoreErrorData {
    return {
      code: this.code,
      message: this.message,
      failureType: this.failureType,
      retryable: this.retryable,
      ...(this.datastore === undefined ? {} : { datastore: this.datastore }),
      ...(this.path === undefined ? {} : { path: this.path }),
    };
  }
}

/** Duck-typed so that it also recognises errors that crossed a module or realm boundary. */
export function isDatastoreError(
  error: unknown,
  code?: DatastoreErrorCode,
): error is DatastoreError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; name?: unknown };
  if (candidate.name !== 'DatastoreError' || typeof candidate.code !== 'string') return false;
  if (!(candidate.code in DatastoreErrorCodes)) return false;
  return code === undefined || candidate.code === code;
}
