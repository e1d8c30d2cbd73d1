/**
 * The identity routes, in one encapsulated plugin:
 * - `POST /oauth2/token` (public): OAuth 2.0 password and client-credentials grants, form-encoded
 *   (RFC 6749) or JSON; client credentials also as HTTP Basic. Failures answer in OAuth's shape.
 * - `GET /.well-known/jwks.json` (public): the keys that verify our tokens.
 * - `GET /me` (any valid token): the caller, its roles and permissions.
 * - `/identity/users`, `/identity/servicePrincipals`, `/identity/roleAssignments`: the admin API,
 *   behind `identity/principals/*` and `identity/roleassignments/*`.
 *
 * The server's auth hook (token-auth.ts) checks each route's declared permission and sets
 * `request.principal`; this plugin only answers. Its error handler turns `IdentityError`s into
 * `{error: {code, message}}` with their status and hands anything else to the server's.
 */
import formBody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IdentityAdministration } from '../identity/identity-administration.js';
import { isIdentityError } from '../identity/identity-errors.js';
import { EXPIRED_CLIENT_SECRET_ERROR_CODE, type Identity } from '../identity/identity.js';
import { grantedPermissions } from '../identity/permissions.js';
import { errorBodySchema } from './ml-entity-schemas.js';
import { sendIdentityError, sendMissingPrincipal, sendOAuthError } from './identity-http-errors.js';
import {
  addedServicePrincipalSchema,
  addedUserSchema,
  addServicePrincipalBodySchema,
  addUserBodySchema,
  grantRoleBodySchema,
  jwksSchema,
  listOf,
  meSchema,
  oauthErrorSchema,
  roleAssignmentQuerySchema,
  rotateSecretBodySchema,
  roleAssignmentSchema,
  servicePrincipalSchema,
  servicePrincipalSecretSchema,
  tokenRequestSchema,
  tokenResponseSchema,
  userSchema,
} from './identity-schemas.js';
import { requires } from './route-permission.js';
import type { TypedApp } from './typed-app.js';

export interface IdentityRouteDependencies {
  readonly identity: Identity & IdentityAdministration;
}

const tags = ['Identity'];
const adminErrors = { 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const noContent = { 204: { type: 'null', description: 'Done.' } } as const;
const BASIC = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i;

/** Answers that carry a secret must not be kept by any cache. */
function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}

/** Client credentials from `Authorization: Basic` (RFC 6749 §2.3.1: each part form-encoded). */
function basicCredentials(
  request: FastifyRequest,
): { clientId: string; clientSecret: string } | 'malformed' | undefined {
  const header = request.headers.authorization;
  if (header === undefined || !/^Basic\s/i.test(header)) return undefined;
  const encoded = BASIC.exec(header)?.[1];
  if (encoded === undefined) return 'malformed';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  try {
    const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
    return {
      clientId: decode(decoded.slice(0, colon)),
      clientSecret: decode(decoded.slice(colon + 1)),
    };
  } catch {
    return 'malformed';
  }
}

export function registerIdentityRoutes(
  app: TypedApp,
  dependencies: IdentityRouteDependencies,
): void {
  void app.register(async (plugin) => {
    await plugin.register(formBody);
    plugin.setErrorHandler((error, _request, reply) => {
      if (isIdentityError(error)) return sendIdentityError(reply, error);
      // The server's own handler answers everything else.
      throw error;
    });
    registerTokenRoutes(plugin, dependencies);
    registerAdminRoutes(plugin, dependencies);
  });
}

function registerTokenRoutes(app: TypedApp, { identity }: IdentityRouteDependencies): void {
  app.post(
    '/oauth2/token',
    {
      ...requires('public'),
      attachValidation: true,
      schema: {
        tags,
        summary: 'Get an access token (OAuth 2.0 password or client-credentials grant)',
        security: [],
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: tokenRequestSchema,
        response: { 200: tokenResponseSchema, 400: oauthErrorSchema, 401: oauthErrorSchema },
      },
    },
    async (request, reply) => {
      if (request.validationError !== undefined || request.body === undefined) {
        return sendOAuthError(
          reply,
          'invalid_request',
          'The request must be a form (application/x-www-form-urlencoded) or JSON object with grant_type and its parameters, each given once as text.',
        );
      }
      const body = request.body;
      const basic = basicCredentials(request);
      if (basic === 'malformed') {
        return sendOAuthError(
          reply,
          'invalid_client',
          'The Authorization header is not HTTP Basic authentication of client_id:client_secret.',
          { basicChallenge: true },
        );
      }
      const grantType = body.grant_type;
      if (grantType === undefined) {
        return sendOAuthError(
          reply,
          'invalid_request',
          'grant_type is missing: use password (with username and password) or client_credentials (with client_id and client_secret).',
        );
      }
      try {
        if (grantType === 'password') {
          if (body.username === undefined || body.password === undefined) {
            return sendOAuthError(
              reply,
              'invalid_request',
              'The password grant needs username and password.',
            );
          }
          const token = await identity.tokenForPassword(body.username, body.password);
          return noStore(reply).send(token);
        }
        if (grantType === 'client_credentials') {
          if (
            basic !== undefined &&
            (body.client_id !== undefined || body.client_secret !== undefined)
          ) {
            return sendOAuthError(
              reply,
              'invalid_request',
              'Give client credentials once: in the Authorization header or in the body, not both.',
            );
          }
          const clientId = basic?.clientId ?? body.client_id;
          const clientSecret = basic?.clientSecret ?? body.client_secret;
          if (clientId === undefined || clientSecret === undefined) {
            return sendOAuthError(
              reply,
              'invalid_request',
              'The client_credentials grant needs client_id and client_secret (in the body or as HTTP Basic authentication).',
            );
          }
          try {
            return noStore(reply).send(await identity.tokenForClient(clientId, clientSecret));
          } catch (error) {
            if (isIdentityError(error, 'AUTH_SECRET_EXPIRED')) {
              return sendOAuthError(reply, 'invalid_client', error.message, {
                basicChallenge: basic !== undefined,
                errorCodes: [EXPIRED_CLIENT_SECRET_ERROR_CODE],
              });
            }
            if (!isIdentityError(error, 'AUTH_INVALID_CREDENTIALS')) throw error;
            return sendOAuthError(
              reply,
              'invalid_client',
              'The client id and secret do not match a service principal.',
              { basicChallenge: basic !== undefined },
            );
          }
        }
      } catch (error) {
        if (!isIdentityError(error, 'AUTH_INVALID_CREDENTIALS')) throw error;
        return sendOAuthError(reply, 'invalid_grant', 'The user name and password do not match.');
      }
      return sendOAuthError(
        reply,
        'unsupported_grant_type',
        `grant_type ${JSON.stringify(grantType)} is not supported: use password or client_credentials.`,
      );
    },
  );

  app.get(
    '/.well-known/jwks.json',
    {
      ...requires('public'),
      schema: {
        tags,
        summary: 'The public keys that verify access tokens (JWKS)',
        security: [],
        response: { 200: jwksSchema },
      },
    },
    async (_request, reply) => {
      const jwks = await identity.jwks();
      // Short enough that a client that misses a new key's kid refetches soon anyway.
      return reply.header('cache-control', 'public, max-age=300').send({ keys: [...jwks.keys] });
    },
  );

  app.get(
    '/me',
    {
      ...requires('authenticated'),
      schema: {
        tags,
        summary: 'Who the token belongs to, its role assignments and the permissions they grant',
        response: { 200: meSchema, 401: errorBodySchema },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal === undefined) return sendMissingPrincipal(reply);
      return {
        id: principal.id,
        type: principal.type,
        name: principal.name,
        roles: principal.roles.map(({ role, scope }) => ({ role, scope })),
        permissions: grantedPermissions(principal.roles),
      };
    },
  );
}

function registerAdminRoutes(app: TypedApp, { identity }: IdentityRouteDependencies): void {
  app.get(
    '/identity/users',
    {
      ...requires('identity/principals/read'),
      schema: { tags, summary: 'List users', response: { 200: listOf(userSchema) } },
    },
    async () => ({ value: [...(await identity.listUsers())] }),
  );

  app.post(
    '/identity/users',
    {
      ...requires('identity/principals/write'),
      schema: {
        tags,
        summary: 'Add a user (a one-time password is generated when none is given)',
        body: addUserBodySchema,
        response: { 201: addedUserSchema, ...adminErrors },
      },
    },
    async (request, reply) => {
      const user = await identity.addUser(request.body.name, request.body.password);
      return noStore(reply).code(201).send(user);
    },
  );

  app.delete(
    '/identity/users/:name',
    {
      ...requires('identity/principals/write'),
      schema: {
        tags,
        summary: 'Remove a user and its role assignments',
        params: {
          type: 'object',
          properties: { name: { type: 'string' } },
          required: ['name'],
        } as const,
        response: { ...noContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      await identity.removeUser(request.params.name);
      return reply.code(204).send(null);
    },
  );

  const clientIdParams = {
    type: 'object',
    properties: { clientId: { type: 'string' } },
    required: ['clientId'],
  } as const;

  app.get(
    '/identity/servicePrincipals',
    {
      ...requires('identity/principals/read'),
      schema: {
        tags,
        summary: 'List service principals',
        response: { 200: listOf(servicePrincipalSchema) },
      },
    },
    async () => ({ value: [...(await identity.listServicePrincipals())] }),
  );

  app.post(
    '/identity/servicePrincipals',
    {
      ...requires('identity/principals/write'),
      schema: {
        tags,
        summary:
          'Add a service principal (its secret optionally expiring); the answer holds its client secret, once',
        body: addServicePrincipalBodySchema,
        response: { 201: addedServicePrincipalSchema, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { displayName, secretExpiresAt } = request.body;
      const added = await identity.addServicePrincipal(
        displayName,
        secretExpiresAt === undefined ? {} : { secretExpiresAt },
      );
      return noStore(reply).code(201).send(added);
    },
  );

  app.delete(
    '/identity/servicePrincipals/:clientId',
    {
      ...requires('identity/principals/write'),
      schema: {
        tags,
        summary: 'Remove a service principal and its role assignments',
        params: clientIdParams,
        response: { ...noContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      await identity.removeServicePrincipal(request.params.clientId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/identity/servicePrincipals/:clientId/rotateSecret',
    {
      ...requires('identity/principals/write'),
      schema: {
        tags,
        summary:
          'Replace the client secret (optionally expiring); the old one stops working at once',
        params: clientIdParams,
        body: rotateSecretBodySchema,
        response: { 200: servicePrincipalSecretSchema, ...adminErrors },
      },
      // The body is optional: none at all reads as {}.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const { secretExpiresAt } = request.body;
      return noStore(reply).send(
        await identity.rotateServicePrincipalSecret(
          request.params.clientId,
          secretExpiresAt === undefined ? {} : { secretExpiresAt },
        ),
      );
    },
  );

  app.get(
    '/identity/roleAssignments',
    {
      ...requires('identity/roleassignments/read'),
      schema: {
        tags,
        summary: 'List role assignments, all or one principal’s',
        querystring: roleAssignmentQuerySchema,
        response: { 200: listOf(roleAssignmentSchema), ...adminErrors },
      },
    },
    async (request) => ({
      value: [
        ...(await identity.listRoleAssignments(
          request.query.principal === undefined ? {} : { principal: request.query.principal },
        )),
      ],
    }),
  );

  app.post(
    '/identity/roleAssignments',
    {
      ...requires('identity/roleassignments/write'),
      schema: {
        tags,
        summary: 'Grant a role on a scope (201 when new, 200 when the principal already had it)',
        body: grantRoleBodySchema,
        response: { 200: roleAssignmentSchema, 201: roleAssignmentSchema, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { principal, role, scope } = request.body;
      const granted = await identity.grantRole(principal, role, scope);
      return reply.code(granted.created ? 201 : 200).send(granted.assignment);
    },
  );

  app.delete(
    '/identity/roleAssignments/:id',
    {
      ...requires('identity/roleassignments/write'),
      schema: {
        tags,
        summary: 'Revoke a role assignment',
        params: {
          type: 'object',
          properties: { id: { type: 'string' } },
          required: ['id'],
        } as const,
        response: { ...noContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      await identity.revokeRole(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
