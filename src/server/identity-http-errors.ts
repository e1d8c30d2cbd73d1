/**
 * Identity failures as HTTP answers. `IdentityError`s become `{error: {code, message}}` with the
 * status their code carries (`IdentityErrorCodes`), and a `WWW-Authenticate` challenge on 401.
 * The token endpoint answers in OAuth 2.0's own shape instead (RFC 6749 §5.2):
 * `{error, error_description}`.
 */
import type { FastifyReply } from 'fastify';
import { IdentityError, IdentityErrorCodes, type IdentityErrorCode } from '../identity/identity.js';
import { errorBody } from './error-handling.js';

export function identityErrorStatus(code: IdentityErrorCode): number {
  return IdentityErrorCodes[code].httpStatus;
}

export function sendIdentityError(reply: FastifyReply, error: IdentityError): FastifyReply {
  const status = identityErrorStatus(error.code);
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="millrace"');
  return reply.code(status).send(errorBody(error.code, error.message));
}

/** An 'authenticated' route served without the auth hook that sets the principal: 401. */
export function sendMissingPrincipal(reply: FastifyReply): FastifyReply {
  return sendIdentityError(
    reply,
    new IdentityError('AUTH_MISSING_TOKEN', IdentityErrorCodes.AUTH_MISSING_TOKEN.summary),
  );
}

export const OAuthErrorCodes = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unsupported_grant_type: 400,
} as const;
export type OAuthErrorCode = keyof typeof OAuthErrorCodes;

export function sendOAuthError(
  reply: FastifyReply,
  error: OAuthErrorCode,
  description: string,
  options: { readonly basicChallenge?: boolean; readonly errorCodes?: readonly number[] } = {},
): FastifyReply {
  if (options.basicChallenge === true) reply.header('www-authenticate', 'Basic realm="millrace"');
  return reply
    .code(OAuthErrorCodes[error])
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send({
      error,
      error_description: description,
      ...(options.errorCodes === undefined ? {} : { error_codes: options.errorCodes }),
    });
}
