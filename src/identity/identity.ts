/**
 * Identity: who calls (users and service principals), how they prove it (passwords, client
 * secrets, signed tokens) and what they may do (role assignments). The port the store adapters
 * implement, and the service the server and CLI call.
 *
 * Glossary:
 * - Principal: a user (name + password) or a service principal (client id + secret).
 * - Access token: a short-lived JWT this server signs (`iss` = the server, `sub` = principal id).
 * - Signing key: an asymmetric key pair; the newest signs, older ones still verify until retired.
 * - External issuer: an OIDC provider whose tokens are trusted; a claim names the Millrace user.
 */
import type { Permission, RoleName, Scope, ScopedRole } from './permissions.js';

export const PrincipalTypes = ['User', 'ServicePrincipal'] as const;
export type PrincipalType = (typeof PrincipalTypes)[number];

export interface UserRecord {
  readonly id: string;
  /** Unique, case-insensitive; 1–64 letters, digits, `.`, `_`, `-`, `@`. */
  readonly name: string;
  /** A self-describing memory-hard hash (scrypt parameters + salt + hash); never returned. */
  readonly passwordHash: string;
  readonly createdAt: string;
}

export interface ServicePrincipalRecord {
  readonly id: string;
  /** A GUID, what clients send as `client_id`. */
  readonly clientId: string;
  readonly displayName: string;
  readonly secretHash: string;
  readonly secretCreatedAt: string;
  /** After this instant the secret no longer gets tokens (`AUTH_SECRET_EXPIRED`); null: never. */
  readonly secretExpiresAt: string | null;
  readonly createdAt: string;
}

export interface RoleAssignmentRecord {
  readonly id: string;
  readonly principalId: string;
  readonly principalType: PrincipalType;
  readonly role: RoleName;
  readonly scope: Scope;
  readonly createdAt: string;
}

export interface SigningKeyRecord {
  /** The JWT `kid`. */
  readonly kid: string;
  readonly algorithm: 'EdDSA' | 'ES256';
  /** The private JWK, sealed with the installation's SecretBox. */
  readonly privateKeySealed: string;
  readonly publicJwk: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  /** After this instant the key no longer verifies. Null while in use. */
  readonly retiredAt: string | null;
}

/** Who a verified request comes from. */
export interface Principal {
  readonly id: string;
  readonly type: PrincipalType;
  /** User name, or service principal display name. */
  readonly name: string;
  readonly roles: readonly ScopedRole[];
}

export interface IdentityStore {
  createUser(record: UserRecord): Promise<void>;
  getUserByName(name: string): Promise<UserRecord | undefined>;
  getUser(id: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<readonly UserRecord[]>;
  setUserPassword(id: string, passwordHash: string): Promise<void>;
  /** Also removes the user's role assignments. */
  deleteUser(id: string): Promise<boolean>;

  createServicePrincipal(record: ServicePrincipalRecord): Promise<void>;
  getServicePrincipalByClientId(clientId: string): Promise<ServicePrincipalRecord | undefined>;
  getServicePrincipal(id: string): Promise<ServicePrincipalRecord | undefined>;
  listServicePrincipals(): Promise<readonly ServicePrincipalRecord[]>;
  /** Replaces the secret hash, its creation instant and its expiry (null: never expires). */
  setServicePrincipalSecret(
    id: string,
    secretHash: string,
    at: string,
    expiresAt: string | null,
  ): Promise<void>;
  deleteServicePrincipal(id: string): Promise<boolean>;

  /** Idempotent: the same (principal, role, scope) is stored once. */
  addRoleAssignment(record: RoleAssignmentRecord): Promise<RoleAssignmentRecord>;
  removeRoleAssignment(id: string): Promise<boolean>;
  listRoleAssignments(filter?: {
    readonly principalId?: string;
  }): Promise<readonly RoleAssignmentRecord[]>;

  addSigningKey(record: SigningKeyRecord): Promise<void>;
  /** Newest first; retired ones included. */
  listSigningKeys(): Promise<readonly SigningKeyRecord[]>;
  retireSigningKey(kid: string, at: string): Promise<void>;
}

/** Failures of authentication and authorisation, as data. */
export const IdentityErrorCodes = {
  AUTH_MISSING_TOKEN: {
    httpStatus: 401,
    summary:
      'No bearer token: get one from POST /oauth2/token (or `millrace login`) and send `Authorization: Bearer <token>`.',
  },
  AUTH_INVALID_TOKEN: {
    httpStatus: 401,
    summary: 'The token is malformed, signed by an unknown key or issuer, or for another audience.',
  },
  AUTH_TOKEN_EXPIRED: { httpStatus: 401, summary: 'The token has expired; get a new one.' },
  AUTH_INVALID_CREDENTIALS: {
    httpStatus: 401,
    summary: 'The user name and password, or client id and secret, do not match.',
  },
  AUTH_SECRET_EXPIRED: {
    httpStatus: 401,
    summary:
      "The service principal's client secret has expired; an administrator issues a new one (`millrace service-principals reset-secret <clientId>`). The token endpoint answers `invalid_client` with `error_codes: [7000222]`, as Entra ID does.",
  },
  AUTH_UNSUPPORTED_GRANT: {
    httpStatus: 400,
    summary: 'grant_type must be `password` or `client_credentials`.',
  },
  AUTH_FORBIDDEN: {
    httpStatus: 403,
    summary:
      'The caller is authenticated but no role assignment grants the permission the route needs.',
  },
  IDENTITY_INVALID_NAME: {
    httpStatus: 400,
    summary: 'A user name, display name, role or scope is not valid.',
  },
  IDENTITY_CONFLICT: { httpStatus: 409, summary: 'A user with this name already exists.' },
  IDENTITY_NOT_FOUND: {
    httpStatus: 404,
    summary: 'No user, service principal or role assignment has this name or id.',
  },
  IDENTITY_WEAK_PASSWORD: {
    httpStatus: 400,
    summary: 'A password must have at least 12 characters.',
  },
  IDENTITY_INVALID_EXPIRY: {
    httpStatus: 400,
    summary:
      'A secret expiry is not an ISO 8601 instant with a time zone in the future (CLI: a duration such as 90d, 12h or 30m).',
  },
} as const satisfies Record<string, { httpStatus: number; summary: string }>;

export type IdentityErrorCode = keyof typeof IdentityErrorCodes;

/**
 * What the token endpoint lists in `error_codes` with `AUTH_SECRET_EXPIRED`: Entra ID's code for
 * a client secret past its expiry (AADSTS7000222), so that clients tell an expired secret from a
 * wrong one without reading the description.
 */
export const EXPIRED_CLIENT_SECRET_ERROR_CODE = 7000222;

export class IdentityError extends Error {
  override readonly name = 'IdentityError';
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
  ) {
    super(message);
  }
  get httpStatus(): number {
    return IdentityErrorCodes[this.code].httpStatus;
  }
}

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  /** Seconds. */
  readonly expires_in: number;
}

/** What the server and the CLI use; `IdentityService` implements it. */
export interface Identity {
  /** OAuth2 password grant. `AUTH_INVALID_CREDENTIALS` without saying which part was wrong. */
  tokenForPassword(userName: string, password: string): Promise<TokenResponse>;
  /**
   * OAuth2 client-credentials grant. `AUTH_INVALID_CREDENTIALS` for a wrong id or secret;
   * `AUTH_SECRET_EXPIRED` for the right secret past its `secretExpiresAt`.
   */
  tokenForClient(clientId: string, clientSecret: string): Promise<TokenResponse>;
  /** Verifies a bearer token (ours, or a trusted external issuer's) and loads the principal. */
  authenticate(token: string): Promise<Principal>;
  isAllowed(principal: Principal, permission: Permission): boolean;
  /** The public keys that verify our tokens (JWKS). */
  jwks(): Promise<{ readonly keys: readonly Readonly<Record<string, unknown>>[] }>;
}
