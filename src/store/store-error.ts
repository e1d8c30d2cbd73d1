/**
 * Store failures are data: a stable code, a message that says what to do, whether the caller's
 * input is at fault and whether trying again can help. Adapters translate driver errors (unique
 * and foreign-key violations, connection failures) into these codes so that callers never look at
 * SQLite or PostgreSQL error numbers.
 */

export const StoreErrorCodes = {
  STORE_INVALID_CONTINUATION_TOKEN: {
    summary: 'A continuation token is not one this store issued for a query with this order.',
    failureType: 'UserError',
    retryable: false,
  },
  STORE_INVALID_QUERY: {
    summary: 'A run query has an invalid limit, instant or filter.',
    failureType: 'UserError',
    retryable: false,
  },
  STORE_INVALID_RECORD: {
    summary:
      'A record to write holds an instant that is not an ISO 8601 date and time, or another malformed value.',
    failureType: 'SystemError',
    retryable: false,
  },
  STORE_CONFLICT: {
    summary:
      'A record to create has an id, or a name that must be unique, that already exists (runs, published pipelines, endpoints …).',
    failureType: 'SystemError',
    retryable: false,
  },
  STORE_RECORD_NOT_FOUND: {
    summary: 'A change updates, or refers to, a record that does not exist.',
    failureType: 'SystemError',
    retryable: false,
  },
  STORE_CONSTRAINT_VIOLATED: {
    summary:
      'A change breaks a rule of the stored data, such as an endpoint default version that is not one of its versions.',
    failureType: 'UserError',
    retryable: false,
  },
  STORE_UNSUPPORTED_URL: {
    summary: 'A store URL is neither postgres://, postgresql://, sqlite:// nor a file path.',
    failureType: 'UserError',
    retryable: false,
  },
  STORE_UNAVAILABLE: {
    summary: 'The database cannot be opened or reached.',
    failureType: 'SystemError',
    retryable: true,
  },
  STORE_MIGRATION_FAILED: {
    summary: 'Bringing the database schema up to date failed.',
    failureType: 'SystemError',
    retryable: false,
  },
} as const satisfies Record<
  string,
  {
    readonly summary: string;
    readonly failureType: 'UserError' | 'SystemError';
    readonly retryable: boolean;
  }
>;

export type StoreErrorCode = keyof typeof StoreErrorCodes;

export interface StoreErrorData {
  readonly code: StoreErrorCode;
  readonly message: string;
  readonly failureType: 'UserError' | 'SystemError';
  readonly retryable: boolean;
}

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly failureType: 'UserError' | 'SystemError';
  readonly retryable: boolean;

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.failureType = StoreErrorCodes[code].failureType;
    this.retryable = StoreErrorCodes[code].retryable;
  }

  toData(): StoreErrorData {
    return {
      code: this.code,
      message: this.message,
      failureType: this.failureType,
      retryable: this.retryable,
    };
  }
}

/** Duck-typed so that it also recognises errors that crossed a module or realm boundary. */
export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; name?: unknown };
  if (candidate.name !== 'StoreError' || typeof candidate.code !== 'string') return false;
  if (!(candidate.code in StoreErrorCodes)) return false;
  return code === undefined || candidate.code === code;
}
