/**
 * Failures of talking to a Millrace server that are not the workspace's own (those come back as
 * `MlWorkspaceError` with the server's code): the server cannot be reached, does not accept the
 * credentials (401) or the caller's roles (403), fails unexpectedly, or answers with something
 * that is not the API's. Messages never carry a token or a secret.
 */
interface MlWorkspaceClientErrorKind {
  readonly summary: string;
  readonly failureType: 'UserError' | 'SystemError';
  /** Whether trying again later can help. */
  readonly retryable: boolean;
}

export const MlWorkspaceClientErrorCodes = {
  ML_SERVER_UNREACHABLE: {
    summary:
      'No Millrace server answers at the URL (connection refused, unknown host, timeout); start `millrace server` or fix the URL.',
    failureType: 'SystemError',
    retryable: true,
  },
  ML_SERVER_UNAUTHORIZED: {
    summary:
      'The server did not accept the credentials (HTTP 401): no token, an invalid or expired one, or a wrong client id or secret; the message has the reason. Run `millrace login --server <url>`, or check MILLRACE_TOKEN / MILLRACE_CLIENT_ID and MILLRACE_CLIENT_SECRET.',
    failureType: 'UserError',
    retryable: false,
  },
  ML_SERVER_FORBIDDEN: {
    summary:
      "The caller's roles lack the permission the operation needs (HTTP 403); the message names it. Ask an Owner to grant a role that includes it (`millrace roles grant`).",
    failureType: 'UserError',
    retryable: false,
  },
  ML_SERVER_ERROR: {
    summary:
      "The server failed with an error that is not the workspace's (HTTP 5xx or other); see its log.",
    failureType: 'SystemError',
    retryable: true,
  },
  ML_SERVER_BAD_RESPONSE: {
    summary:
      "The answer is not the ML workspace API's (not JSON, or not the expected shape); check the URL points at a Millrace server.",
    failureType: 'SystemError',
    retryable: false,
  },
} as const satisfies Record<string, MlWorkspaceClientErrorKind>;

export type MlWorkspaceClientErrorCode = keyof typeof MlWorkspaceClientErrorCodes;

export interface MlWorkspaceClientErrorOptions extends ErrorOptions {
  /** See {@link MlWorkspaceClientError.credentialExpired}. (Default: false) */
  readonly credentialExpired?: boolean;
}

export class MlWorkspaceClientError extends Error {
  override readonly name = 'MlWorkspaceClientError';

  constructor(
    readonly code: MlWorkspaceClientErrorCode,
    message: string,
    /** The HTTP status, when the server answered. */
    readonly httpStatus?: number,
    /** The code in the server's error body, when it had one. */
    readonly serverCode?: string,
    options?: MlWorkspaceClientErrorOptions,
  ) {
    super(message, options);
    this.credentialExpired = options?.credentialExpired === true;
  }

  /**
   * The server refused the credentials because they expired (an access token past its `exp`, or
   * a client secret past its expiry), as it said in a field of its answer, not in prose.
   */
  readonly credentialExpired: boolean;

  toJSON(): {
    code: string;
    message: string;
    failureType: string;
    httpStatus?: number;
    credentialExpired?: true;
  } {
    return {
      code: this.code,
      message: this.message,
      failureType: MlWorkspaceClientErrorCodes[this.code].failureType,
      ...(this.httpStatus === undefined ? {} : { httpStatus: this.httpStatus }),
      ...(this.credentialExpired ? { credentialExpired: true as const } : {}),
    };
  }
}
