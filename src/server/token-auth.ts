/**
 * Authentication and authorisation of every request: the route's declared permission
 * (`config.permission`, see route-permission.ts) decides. `public` routes pass; every other
 * route needs `Authorization: Bearer <token>` that the identity service verifies (401 otherwise,
 * with the reason), then a role assignment granting the permission (403 otherwise, naming the
 * permission). A route that declares nothing is refused: forgetting fails closed.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdentityError, type Identity, type Principal } from '../identity/identity.js';
import { errorBody } from './error-handling.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who called; set for every route that is not public. */
    principal?: Principal;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function deny(reply: FastifyReply, status: 401 | 403, code: string, message: string) {
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="millrace"');
  return reply.code(status).send(errorBody(code, message));
}

export function tokenAuth(
  identity: Identity,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  return async (request, reply) => {
    const permission = request.routeOptions.config.permission;
    // Unknown routes fall through to the 404 handler, which reveals nothing.
    if (permission === 'public' || request.routeOptions.url === undefined) return undefined;
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match?.[1]) {
      return deny(
        reply,
        401,
        'AUTH_MISSING_TOKEN',
        'This route needs a bearer token: get one from POST /oauth2/token (or run `millrace login`) and send `Authorization: Bearer <token>`.',
      );
    }
    let principal: Principal;
    try {
      principal = await identity.authenticate(match[1]);
    } catch (error) {
      if (error instanceof IdentityError) return deny(reply, 401, error.code, error.message);
      throw error;
    }
    request.principal = principal;
    if (permission === 'authenticated') return undefined;
    if (permission === undefined) {
      return deny(
        reply,
        403,
        'AUTH_FORBIDDEN',
        `${request.method} ${request.routeOptions.url} declares no permission, so no one may call it.`,
      );
    }
    if (!identity.isAllowed(principal, permission)) {
      const roles =
        principal.roles.length === 0
          ? 'no role assignment'
          : principal.roles.map((role) => `${role.role} on ${role.scope}`).join(', ');
      return deny(
        reply,
        403,
        'AUTH_FORBIDDEN',
        `${principal.type === 'User' ? 'User' : 'Service principal'} "${principal.name}" may not do this: it needs the permission ${permission}, and has ${roles}. Ask an Owner to grant a role that includes it (\`millrace roles describe\`).`,
      );
    }
    return undefined;
  };
}
