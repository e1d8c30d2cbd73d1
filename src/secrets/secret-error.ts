/**
 * Secret failures are data: a stable code, a message that says what to do, whether the caller's
 * input is at fault and whether trying again can help. Messages name where a secret was looked
 * for (an environment variable, a file), never its value.
 */

export const SecretErrorCodes = {
  SECRET_KEY_INVALID: {
    summary:
      'The encryption key (MILLRACE_SECRET_KEY, MILLRACE_SECRET_KEY_PREVIOUS or $MILLRACE_HOME/secret.key) is not 32 bytes as base64 or hex.',
    failureType: 'UserError',
    retryable: false,
  },
  SECRET_UNREADABLE: {
    summary:
      'A sealed value cannot be opened: it was sealed with a key this server does not have, or it was altered.',
    failureType: 'SystemError',
    retryable: false,
  },
  SECRET_NOT_FOUND: {
    summary:
      'An AzureKeyVaultSecret reference names a secret no provider has; the message lists where it looked (environment variable names, files).',
    failureType: 'UserError',
    retryable: false,
  },
  SECRET_REFERENCE_INVALID: {
    summary:
      'An AzureKeyVaultSecret reference has no store or secret name, or a name that would leave the secrets folder (`/`, `\\`, `..`).',
    failureType: 'UserError',
    retryable: false,
  },
  SECRET_PROVIDER_FAILED: {
    summary:
      'A secret provider could not be read (a secrets file exists but cannot be read); the message has the cause.',
    failureType: 'SystemError',
    retryable: true,
  },
} as const;

export type SecretErrorCode = keyof typeof SecretErrorCodes;

/** The serialisable form, for activity errors and API answers. */
export interface SecretErrorData {
  readonly code: SecretErrorCode;
  readonly message: string;
  readonly failureType: 'UserError' | 'SystemError';
  readonly retryable: boolean;
  /** Where a provider looked (variable names, file paths), for SECRET_NOT_FOUND. */
  readonly lookedIn?: readonly string[];
}

export class SecretError extends Error {
  override readonly name: string = 'SecretError';
  readonly failureType: 'UserError' | 'SystemError';
  readonly retryable: boolean;

  constructor(
    readonly code: SecretErrorCode,
    message: string,
    readonly lookedIn?: readonly string[],
  ) {
    super(message);
    this.failureType = SecretErrorCodes[code].failureType;
    this.retryable = SecretErrorCodes[code].retryable;
  }

  toData(): SecretErrorData {
    return {
      code: this.code,
      message: this.message,
      failureType: this.failureType,
      retryable: this.retryable,
      ...(this.lookedIn === undefined ? {} : { lookedIn: this.lookedIn }),
    };
  }
}

/** Recognises a secret error by its code, so that it also works for errors that crossed a boundary. */
export function isSecretError(error: unknown): error is SecretErrorData {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    Object.hasOwn(SecretErrorCodes, (error as { code: string }).code) &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
