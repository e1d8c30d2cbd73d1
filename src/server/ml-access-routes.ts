/**
 * `GET CallerAccess` (Millrace): whether the caller's token is accepted by the workspace and
 * which `ml/*` permissions its roles grant there. Any valid token may ask, so that a linked
 * service's Test connection can tell a credential that does not work (401) from one that works
 * but lacks a permission (named in the answer), as Data Factory's "validateWorkspace" does.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { ALL_PERMISSIONS, grantedPermissions, scopeOf } from '../identity/permissions.js';
import { sendMissingPrincipal } from './identity-http-errors.js';
import { errorBodySchema } from './ml-entity-schemas.js';
import { workspaceParamsSchema } from './ml-request-schemas.js';
import { requires } from './route-permission.js';
import type { TypedApp } from './typed-app.js';

const ML_PERMISSIONS = ALL_PERMISSIONS.filter((permission) => scopeOf(permission) === 'ml');

export const callerAccessEntitySchema = {
  type: 'object',
  description:
    "Millrace: the workspace as the request named it, the caller (user name or service principal display name), and the `ml/*` permissions the caller's role assignments grant on scope `ml` (or `*`).",
  properties: {
    Workspace: { type: 'string' },
    Principal: { type: 'string' },
    Permissions: { type: 'array', items: { type: 'string', enum: ML_PERMISSIONS } },
  },
  required: ['Workspace', 'Principal', 'Permissions'],
  additionalProperties: false,
} as const;

export type CallerAccessEntity = FromSchema<typeof callerAccessEntitySchema>;

export function registerAccessRoutes(app: TypedApp): void {
  app.get(
    '/CallerAccess',
    {
      ...requires('authenticated'),
      schema: {
        tags: ['Workspace'],
        summary:
          'The ML permissions the caller holds on this workspace (Millrace; for Test connection)',
        params: workspaceParamsSchema,
        response: { 200: callerAccessEntitySchema, 401: errorBodySchema },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal === undefined) return sendMissingPrincipal(reply);
      const entity: CallerAccessEntity = {
        Workspace: request.params.workspaceName,
        Principal: principal.name,
        Permissions: grantedPermissions(principal.roles).filter(
          (permission) => scopeOf(permission) === 'ml',
        ),
      };
      return entity;
    },
  );
}
