/**
 * The wire contract of the identity routes: the OAuth 2.0 token request and answers, the JWKS,
 * `GET /me`, and the admin API's bodies and entities, as JSON schemas (documented in the OpenAPI
 * document). Secrets appear only in the answers that create them.
 */
import { PrincipalTypes } from '../identity/identity.js';
import { ALL_PERMISSIONS, ROLE_NAMES, Scopes } from '../identity/permissions.js';

const instant = { type: 'string', description: 'An ISO 8601 instant.' } as const;
const oneTimeSecret = (what: string) =>
  ({
    type: 'string',
    description: `${what}: shown in this answer only, stored as a hash. Keep it now.`,
  }) as const;

export const tokenRequestSchema = {
  type: 'object',
  description:
    'An OAuth 2.0 token request (RFC 6749), as application/x-www-form-urlencoded or JSON. `password` grant: username and password. `client_credentials` grant: client_id and client_secret, in the body or as HTTP Basic authentication.',
  properties: {
    grant_type: { type: 'string', description: '`password` or `client_credentials`.' },
    username: { type: 'string' },
    password: { type: 'string' },
    client_id: { type: 'string' },
    client_secret: { type: 'string' },
    scope: { type: 'string', description: 'Ignored: roles decide what a token allows.' },
  },
} as const;

export const tokenResponseSchema = {
  type: 'object',
  properties: {
    access_token: { type: 'string', description: 'A JWT; send it as `Authorization: Bearer`.' },
    token_type: { type: 'string', enum: ['Bearer'] },
    expires_in: { type: 'integer', description: 'Seconds until the token expires.' },
  },
  required: ['access_token', 'token_type', 'expires_in'],
  additionalProperties: false,
} as const;

export const oauthErrorSchema = {
  type: 'object',
  description: 'An OAuth 2.0 error answer (RFC 6749 §5.2).',
  properties: {
    error: {
      type: 'string',
      enum: ['invalid_request', 'invalid_client', 'invalid_grant', 'unsupported_grant_type'],
    },
    error_description: { type: 'string' },
    error_codes: {
      type: 'array',
      items: { type: 'integer' },
      description:
        "Entra ID's numeric codes, when one applies: 7000222 = the client secret has expired.",
    },
  },
  required: ['error', 'error_description'],
  additionalProperties: false,
} as const;

export const jwksSchema = {
  type: 'object',
  description: 'The public keys that verify access tokens (RFC 7517).',
  properties: {
    keys: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
  required: ['keys'],
  additionalProperties: false,
} as const;

const scopedRoleSchema = {
  type: 'object',
  properties: {
    role: { type: 'string', enum: ROLE_NAMES },
    scope: { type: 'string', enum: Scopes },
  },
  required: ['role', 'scope'],
  additionalProperties: false,
} as const;

export const meSchema = {
  type: 'object',
  description: 'The caller: who the token names, its role assignments and what they allow.',
  properties: {
    id: { type: 'string' },
    type: { type: 'string', enum: PrincipalTypes },
    name: { type: 'string' },
    roles: { type: 'array', items: scopedRoleSchema },
    permissions: { type: 'array', items: { type: 'string', enum: ALL_PERMISSIONS } },
  },
  required: ['id', 'type', 'name', 'roles', 'permissions'],
  additionalProperties: false,
} as const;

const userProperties = {
  id: { type: 'string' },
  name: { type: 'string' },
  createdAt: instant,
} as const;

export const userSchema = {
  type: 'object',
  properties: userProperties,
  required: ['id', 'name', 'createdAt'],
  additionalProperties: false,
} as const;

export const addedUserSchema = {
  type: 'object',
  properties: {
    ...userProperties,
    oneTimePassword: oneTimeSecret('The generated password, when the request gave none'),
  },
  required: ['id', 'name', 'createdAt'],
  additionalProperties: false,
} as const;

export const addUserBodySchema = {
  type: 'object',
  properties: {
    name: {
      type: 'string',
      description: '1 to 64 letters, digits, ".", "_", "-" or "@"; unique ignoring case.',
    },
    password: {
      type: 'string',
      maxLength: 1024,
      description: 'At least 12 characters. Leave it out to have one generated.',
    },
  },
  required: ['name'],
  additionalProperties: false,
} as const;

const servicePrincipalProperties = {
  id: { type: 'string' },
  clientId: { type: 'string', description: 'What the client sends as client_id.' },
  displayName: { type: 'string' },
  createdAt: instant,
  secretCreatedAt: instant,
  secretExpiresAt: {
    type: ['string', 'null'],
    description: 'When the secret stops getting tokens (an ISO 8601 instant); null: never.',
  },
} as const;
const servicePrincipalRequired = [
  'id',
  'clientId',
  'displayName',
  'createdAt',
  'secretCreatedAt',
  'secretExpiresAt',
] as const;

export const servicePrincipalSchema = {
  type: 'object',
  properties: servicePrincipalProperties,
  required: servicePrincipalRequired,
  additionalProperties: false,
} as const;

export const addedServicePrincipalSchema = {
  type: 'object',
  properties: { ...servicePrincipalProperties, secret: oneTimeSecret('The client secret') },
  required: [...servicePrincipalRequired, 'secret'],
  additionalProperties: false,
} as const;

const secretExpiresAtRequest = {
  type: 'string',
  description:
    'When the new secret stops getting tokens: an ISO 8601 instant with a time zone, in the future. (Default: never)',
} as const;

export const addServicePrincipalBodySchema = {
  type: 'object',
  properties: {
    displayName: { type: 'string', minLength: 1, maxLength: 128 },
    secretExpiresAt: secretExpiresAtRequest,
  },
  required: ['displayName'],
  additionalProperties: false,
} as const;

export const rotateSecretBodySchema = {
  type: 'object',
  description: 'Optional; an empty body makes a secret that never expires.',
  properties: { secretExpiresAt: secretExpiresAtRequest },
  additionalProperties: false,
} as const;

export const servicePrincipalSecretSchema = {
  type: 'object',
  properties: {
    clientId: { type: 'string' },
    secret: oneTimeSecret('The new client secret (the old one no longer works)'),
    secretCreatedAt: instant,
    secretExpiresAt: servicePrincipalProperties.secretExpiresAt,
  },
  required: ['clientId', 'secret', 'secretCreatedAt', 'secretExpiresAt'],
  additionalProperties: false,
} as const;

export const roleAssignmentSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    principalId: { type: 'string' },
    principalType: { type: 'string', enum: PrincipalTypes },
    principalName: {
      type: ['string', 'null'],
      description: 'User name or display name; null when the principal no longer exists.',
    },
    clientId: { type: ['string', 'null'], description: "The service principal's client id." },
    role: { type: 'string', enum: ROLE_NAMES },
    scope: { type: 'string', enum: Scopes },
    createdAt: instant,
  },
  required: [
    'id',
    'principalId',
    'principalType',
    'principalName',
    'clientId',
    'role',
    'scope',
    'createdAt',
  ],
  additionalProperties: false,
} as const;

export const grantRoleBodySchema = {
  type: 'object',
  properties: {
    principal: { type: 'string', description: 'A user name, a client id, or a principal id.' },
    role: { type: 'string', description: `One of ${ROLE_NAMES.join(', ')} (any letter case).` },
    scope: { type: 'string', description: 'factory, ml or * (Default: *).' },
  },
  required: ['principal', 'role'],
  additionalProperties: false,
} as const;

export const roleAssignmentQuerySchema = {
  type: 'object',
  properties: {
    principal: { type: 'string', description: 'Only this principal’s (name, client id or id).' },
  },
  additionalProperties: false,
} as const;

export function listOf<Item extends object>(item: Item) {
  return {
    type: 'object',
    properties: { value: { type: 'array', items: item } },
    required: ['value'],
    additionalProperties: false,
  } as const;
}
