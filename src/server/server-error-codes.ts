/**
 * Error codes the HTTP layer answers with itself, next to the workspace's `ML_*` codes
 * (`MlWorkspaceErrorCodes`, which carry their own HTTP status) and the identity's `AUTH_*` ones
 * (401 and 403, `IdentityErrorCodes`). Every error body is `{error: {code, message, details?,
 * adfCode?}}`.
 */
interface ServerErrorKind {
  readonly httpStatus: number;
  readonly summary: string;
}

export const ServerErrorCodes = {
  NOT_FOUND: { httpStatus: 404, summary: 'No route has this method and path.' },
  PAYLOAD_TOO_LARGE: {
    httpStatus: 413,
    summary: "The body is larger than the server's limit (`bodyLimitBytes`).",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    httpStatus: 415,
    summary: 'The body has a content type the route does not read; send application/json.',
  },
  INTERNAL_ERROR: {
    httpStatus: 500,
    summary: 'An unexpected failure; the server log has the cause. Retrying may help.',
  },
} as const satisfies Record<string, ServerErrorKind>;

export type ServerErrorCode = keyof typeof ServerErrorCodes;
