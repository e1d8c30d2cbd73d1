/**
 * Every route declares the one permission it needs in its options, `config: { permission }`;
 * `'authenticated'` routes need a valid token and no role; `'public'` marks the few routes anyone may call (health, the token endpoint, the JWKS, the
 * OpenAPI document and its viewer). A route that declares nothing is refused to everyone, so a
 * forgotten declaration fails closed; a test walks every route with every role.
 */
import type { Permission } from '../identity/permissions.js';

/** `authenticated`: any valid token, whatever its roles (e.g. `GET /me`). */
export type RoutePermission = Permission | 'public' | 'authenticated';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
}

/** Route options' `config` for a route needing `permission`. */
export function requires(permission: RoutePermission): { config: { permission: RoutePermission } } {
  return { config: { permission } };
}
