/**
 * The identity service: issues tokens for passwords and client secrets, verifies bearer tokens
 * (its own, or a trusted external issuer's) into principals with their current roles, and
 * manages users, service principals and role assignments. The server and the CLI use it; it
 * talks to the database only through the {@link IdentityStore} port.
 *
 * Roles are read from the store on every `authenticate`, so a revoked role or a removed principal
 * takes effect at the next request, whatever tokens are out.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { SecretBox } from '../secrets/secret-box.js';
import { isStoreError } from '../store/store-error.js';
import { ExternalIssuer, type ExternalIssuerOptions } from './external-issuer.js';
import {
  IdentityError,
  type Identity,
  type IdentityStore,
  type Principal,
  type PrincipalType,
  type RoleAssignmentRecord,
  type ServicePrincipalRecord,
  type TokenResponse,
  type UserRecord,
} from './identity.js';
import type {
  AddedServicePrincipal,
  AddedUser,
  GrantedRole,
  IdentityAdministration,
  RoleAssignmentView,
  SecretExpiryOptions,
  ServicePrincipalSecret,
  ServicePrincipalSummary,
  UserSummary,
} from './identity-administration.js';
import {
  checkDisplayName,
  checkPassword,
  checkSecretExpiry,
  checkUserName,
  isUserName,
  parseRole,
  parseScope,
} from './identity-validation.js';
import { hashSecret, needsRehash, verifySecret } from './password-hashing.js';
import { isAllowed, type Permission } from './permissions.js';
import { TokenSigner, type AccessTokenClaims } from './token-signer.js';

export interface IdentityServiceOptions {
  readonly store: IdentityStore;
  /** Seals the private signing keys at rest. */
  readonly secrets: SecretBox;
  /** `iss` of the tokens this service signs. (Default: 'millrace') */
  readonly issuer?: string;
  /** `aud` of the tokens this service signs and accepts. (Default: 'millrace') */
  readonly audience?: string;
  /** How long an access token is valid, in seconds. (Default: 3600) */
  readonly tokenLifetimeSeconds?: number;
  /** Age of the newest signing key after which the next token creates a new one. (Default: 30) */
  readonly keyRotationDays?: number;
  /** An OIDC provider whose tokens are accepted too. (Default: none) */
  readonly external?: ExternalIssuerOptions;
  /** (Default: () => new Date()) */
  readonly clock?: () => Date;
}

/** The name of the first user, created by `ensureAdmin`. */
export const ADMIN_USER_NAME = 'admin';
/** `client_id` of tokens issued to users (the password grant has no registered client). */
const USER_CLIENT_ID = 'millrace';

interface ResolvedPrincipal {
  readonly id: string;
  readonly type: PrincipalType;
  readonly name: string;
}

function invalidCredentials(): IdentityError {
  return new IdentityError(
    'AUTH_INVALID_CREDENTIALS',
    'The user name and password, or client id and secret, do not match.',
  );
}

/** A random secret of `bytes` bytes, base64url. */
function randomSecret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

function userSummary(record: UserRecord): UserSummary {
  return { id: record.id, name: record.name, createdAt: record.createdAt };
}

function servicePrincipalSummary(record: ServicePrincipalRecord): ServicePrincipalSummary {
  return {
    id: record.id,
    clientId: record.clientId,
    displayName: record.displayName,
    createdAt: record.createdAt,
    secretCreatedAt: record.secretCreatedAt,
    secretExpiresAt: record.secretExpiresAt,
  };
}

export class IdentityService implements Identity, IdentityAdministration {
  private readonly store: IdentityStore;
  private readonly signer: TokenSigner;
  private readonly external: ExternalIssuer | undefined;
  private readonly clock: () => Date;
  /** A hash to verify against when the user is unknown, so that timing does not tell. */
  private decoyHash: Promise<string> | undefined;

  constructor(options: IdentityServiceOptions) {
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
    const issuer = options.issuer ?? 'millrace';
    this.signer = new TokenSigner({
      store: options.store,
      secrets: options.secrets,
      issuer,
      audience: options.audience ?? 'millrace',
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
      keyRotationDays: options.keyRotationDays ?? 30,
      clock: this.clock,
    });
    if (options.external !== undefined && options.external.issuer === issuer) {
      throw new Error(
        `The external issuer ${options.external.issuer} has the same name as this server's issuer; give one of them another.`,
      );
    }
    this.external =
      options.external === undefined ? undefined : new ExternalIssuer(options.external, this.clock);
  }

  private now(): string {
    return this.clock().toISOString();
  }

  // -------------------------------------------------------------------------------------------
  // Tokens

  private async tokenFor(claims: AccessTokenClaims): Promise<TokenResponse> {
    const { token, expiresIn } = await this.signer.sign(claims);
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn };
  }

  /** Verifies `secret` against `hash`, or against a decoy when there is no hash to check. */
  private async secretMatches(secret: string, hash: string | undefined): Promise<boolean> {
    if (hash !== undefined) return verifySecret(secret, hash);
    this.decoyHash ??= hashSecret(randomSecret(16));
    await verifySecret(secret, await this.decoyHash);
    return false;
  }

  async tokenForPassword(userName: string, password: string): Promise<TokenResponse> {
    const user = isUserName(userName) ? await this.store.getUserByName(userName) : undefined;
    if (!(await this.secretMatches(password, user?.passwordHash)) || user === undefined) {
      throw invalidCredentials();
    }
    if (needsRehash(user.passwordHash)) {
      // Hashes made with older parameters are remade while the password is at hand.
      await this.store.setUserPassword(user.id, await hashSecret(password)).catch(() => undefined);
    }
    return this.tokenFor({
      sub: user.id,
      ptype: 'User',
      name: user.name,
      clientId: USER_CLIENT_ID,
    });
  }

  async tokenForClient(clientId: string, clientSecret: string): Promise<TokenResponse> {
    const principal = await this.store.getServicePrincipalByClientId(clientId);
    if (
      !(await this.secretMatches(clientSecret, principal?.secretHash)) ||
      principal === undefined
    ) {
      throw invalidCredentials();
    }
    // Checked after the secret, so that only whoever holds it learns that it expired.
    const expiresAt = principal.secretExpiresAt;
    if (expiresAt !== null && this.clock().getTime() >= Date.parse(expiresAt)) {
      throw new IdentityError(
        'AUTH_SECRET_EXPIRED',
        `The client secret of service principal ${principal.clientId} (${JSON.stringify(principal.displayName)}) expired at ${expiresAt}. An administrator issues a new one with \`millrace service-principals reset-secret ${principal.clientId}\` (or POST /identity/servicePrincipals/${principal.clientId}/rotateSecret); then use the new secret.`,
      );
    }
    return this.tokenFor({
      sub: principal.id,
      ptype: 'ServicePrincipal',
      name: principal.displayName,
      clientId: principal.clientId,
    });
  }

  async authenticate(token: string): Promise<Principal> {
    const external = this.external;
    if (external !== undefined && this.issuerOf(token) === external.issuer) {
      const name = await external.userNameOf(token);
      const user = isUserName(name) ? await this.store.getUserByName(name) : undefined;
      if (user === undefined) {
        throw new IdentityError(
          'AUTH_INVALID_TOKEN',
          `The token from ${external.issuer} names ${JSON.stringify(name)} (claim ${external.userClaim}), who is not a Millrace user. An administrator can add them: \`millrace users add ${name}\`, then grant a role.`,
        );
      }
      return this.principal({ id: user.id, type: 'User', name: user.name });
    }
    const claims = await this.signer.verify(token);
    const principal = await this.loadPrincipal(claims.sub, claims.ptype);
    if (principal === undefined) {
      throw new IdentityError(
        'AUTH_INVALID_TOKEN',
        `The ${claims.ptype === 'User' ? 'user' : 'service principal'} ${JSON.stringify(claims.name)} this token was issued to no longer exists.`,
      );
    }
    return this.principal(principal);
  }

  /** `iss` of a token, read without verifying it (only to pick who verifies it). */
  private issuerOf(token: string): string | undefined {
    try {
      const { iss } = decodeJwt(token);
      return iss;
    } catch {
      return undefined;
    }
  }

  private async loadPrincipal(
    id: string,
    type: PrincipalType,
  ): Promise<ResolvedPrincipal | undefined> {
    if (type === 'User') {
      const user = await this.store.getUser(id);
      return user === undefined ? undefined : { id, type, name: user.name };
    }
    const principal = await this.store.getServicePrincipal(id);
    return principal === undefined ? undefined : { id, type, name: principal.displayName };
  }

  private async principal(resolved: ResolvedPrincipal): Promise<Principal> {
    const assignments = await this.store.listRoleAssignments({ principalId: resolved.id });
    return {
      ...resolved,
      roles: assignments.map(({ role, scope }) => ({ role, scope })),
    };
  }

  isAllowed(principal: Principal, permission: Permission): boolean {
    return isAllowed(principal.roles, permission);
  }

  jwks(): Promise<{ readonly keys: readonly Readonly<Record<string, unknown>>[] }> {
    return this.signer.jwks();
  }

  // -------------------------------------------------------------------------------------------
  // Users

  async addUser(name: string, password?: string): Promise<AddedUser> {
    checkUserName(name);
    const oneTimePassword = password === undefined ? randomSecret(18) : undefined;
    const record: UserRecord = {
      id: randomUUID(),
      name,
      passwordHash: await hashSecret(checkPassword(password ?? oneTimePassword ?? '')),
      createdAt: this.now(),
    };
    try {
      await this.store.createUser(record);
    } catch (error) {
      if (!isStoreError(error, 'STORE_CONFLICT')) throw error;
      throw new IdentityError(
        'IDENTITY_CONFLICT',
        `A user named ${JSON.stringify(name)} exists (names are unique ignoring letter case).`,
      );
    }
    return {
      ...userSummary(record),
      ...(oneTimePassword === undefined ? {} : { oneTimePassword }),
    };
  }

  async listUsers(): Promise<readonly UserSummary[]> {
    return (await this.store.listUsers()).map(userSummary);
  }

  private async requireUser(name: string): Promise<UserRecord> {
    const user = isUserName(name) ? await this.store.getUserByName(name) : undefined;
    if (user === undefined) {
      throw new IdentityError(
        'IDENTITY_NOT_FOUND',
        `There is no user named ${JSON.stringify(name)}; \`millrace users list\` (or GET /identity/users) lists them.`,
      );
    }
    return user;
  }

  async removeUser(name: string): Promise<void> {
    const user = await this.requireUser(name);
    if (!(await this.store.deleteUser(user.id))) await this.requireUser(name);
  }

  async setPassword(name: string, password: string): Promise<void> {
    checkPassword(password);
    const user = await this.requireUser(name);
    await this.store.setUserPassword(user.id, await hashSecret(password));
  }

  // -------------------------------------------------------------------------------------------
  // Service principals

  /** The canonical expiry `options` ask for, or null; refuses one that is not in the future. */
  private secretExpiry(options: SecretExpiryOptions): string | null {
    return options.secretExpiresAt === undefined
      ? null
      : checkSecretExpiry(options.secretExpiresAt, this.clock());
  }

  async addServicePrincipal(
    displayName: string,
    options: SecretExpiryOptions = {},
  ): Promise<AddedServicePrincipal> {
    const checkedName = checkDisplayName(displayName);
    const secretExpiresAt = this.secretExpiry(options);
    const secret = randomSecret(32);
    const now = this.now();
    const record: ServicePrincipalRecord = {
      id: randomUUID(),
      clientId: randomUUID(),
      displayName: checkedName,
      secretHash: await hashSecret(secret),
      secretCreatedAt: now,
      secretExpiresAt,
      createdAt: now,
    };
    await this.store.createServicePrincipal(record);
    return { ...servicePrincipalSummary(record), secret };
  }

  async listServicePrincipals(): Promise<readonly ServicePrincipalSummary[]> {
    return (await this.store.listServicePrincipals()).map(servicePrincipalSummary);
  }

  private async requireServicePrincipal(clientId: string): Promise<ServicePrincipalRecord> {
    const principal = await this.store.getServicePrincipalByClientId(clientId);
    if (principal === undefined) {
      throw new IdentityError(
        'IDENTITY_NOT_FOUND',
        `There is no service principal with client id ${JSON.stringify(clientId)}; \`millrace service-principals list\` lists them.`,
      );
    }
    return principal;
  }

  async removeServicePrincipal(clientId: string): Promise<void> {
    const principal = await this.requireServicePrincipal(clientId);
    if (!(await this.store.deleteServicePrincipal(principal.id))) {
      await this.requireServicePrincipal(clientId);
    }
  }

  async rotateServicePrincipalSecret(
    clientId: string,
    options: SecretExpiryOptions = {},
  ): Promise<ServicePrincipalSecret> {
    const secretExpiresAt = this.secretExpiry(options);
    const principal = await this.requireServicePrincipal(clientId);
    const secret = randomSecret(32);
    const secretCreatedAt = this.now();
    try {
      await this.store.setServicePrincipalSecret(
        principal.id,
        await hashSecret(secret),
        secretCreatedAt,
        secretExpiresAt,
      );
    } catch (error) {
      if (!isStoreError(error, 'STORE_RECORD_NOT_FOUND')) throw error;
      await this.requireServicePrincipal(clientId);
      throw error;
    }
    return { clientId: principal.clientId, secret, secretCreatedAt, secretExpiresAt };
  }

  // -------------------------------------------------------------------------------------------
  // Role assignments

  /** The principal a user name, client id or id names; refuses one that names two. */
  private async resolvePrincipal(reference: string): Promise<ResolvedPrincipal> {
    const [byName, byUserId, byClientId, byPrincipalId] = await Promise.all([
      isUserName(reference) ? this.store.getUserByName(reference) : undefined,
      this.store.getUser(reference),
      this.store.getServicePrincipalByClientId(reference),
      this.store.getServicePrincipal(reference),
    ]);
    const found = new Map<string, ResolvedPrincipal>();
    for (const user of [byName, byUserId]) {
      if (user !== undefined) found.set(user.id, { id: user.id, type: 'User', name: user.name });
    }
    for (const principal of [byClientId, byPrincipalId]) {
      if (principal !== undefined) {
        found.set(principal.id, {
          id: principal.id,
          type: 'ServicePrincipal',
          name: principal.displayName,
        });
      }
    }
    const matches = [...found.values()];
    if (matches.length === 0) {
      throw new IdentityError(
        'IDENTITY_NOT_FOUND',
        `No user is named ${JSON.stringify(reference)} and no service principal has this client id (nor any principal this id); \`millrace users list\` and \`millrace service-principals list\` list them.`,
      );
    }
    if (matches.length > 1) {
      throw new IdentityError(
        'IDENTITY_INVALID_NAME',
        `${JSON.stringify(reference)} names more than one principal (${matches.map((match) => `${match.type} ${match.id}`).join(', ')}); give the id instead.`,
      );
    }
    return matches[0]!;
  }

  async grantRole(principal: string, role: string, scope: string = '*'): Promise<GrantedRole> {
    const record: RoleAssignmentRecord = {
      id: randomUUID(),
      principalId: '',
      principalType: 'User',
      role: parseRole(role),
      scope: parseScope(scope),
      createdAt: this.now(),
    };
    const resolved = await this.resolvePrincipal(principal);
    const stored = await this.store.addRoleAssignment({
      ...record,
      principalId: resolved.id,
      principalType: resolved.type,
    });
    const [view] = await this.views([stored]);
    return { assignment: view!, created: stored.id === record.id };
  }

  async revokeRole(assignmentId: string): Promise<void> {
    if (!(await this.store.removeRoleAssignment(assignmentId))) {
      throw new IdentityError(
        'IDENTITY_NOT_FOUND',
        `There is no role assignment ${JSON.stringify(assignmentId)}; \`millrace roles list\` lists them with their ids.`,
      );
    }
  }

  async listRoleAssignments(
    filter: { readonly principal?: string } = {},
  ): Promise<readonly RoleAssignmentView[]> {
    const principalId =
      filter.principal === undefined
        ? undefined
        : (await this.resolvePrincipal(filter.principal)).id;
    const assignments = await this.store.listRoleAssignments(
      principalId === undefined ? {} : { principalId },
    );
    return this.views(assignments);
  }

  /** Assignments with their principals' names (null for a principal removed meanwhile). */
  private async views(assignments: readonly RoleAssignmentRecord[]): Promise<RoleAssignmentView[]> {
    const [users, principals] = await Promise.all([
      this.store.listUsers(),
      this.store.listServicePrincipals(),
    ]);
    const userNames = new Map(users.map((user) => [user.id, user.name]));
    const servicePrincipals = new Map(principals.map((principal) => [principal.id, principal]));
    return assignments.map((assignment) => {
      const servicePrincipal = servicePrincipals.get(assignment.principalId);
      return {
        id: assignment.id,
        principalId: assignment.principalId,
        principalType: assignment.principalType,
        principalName:
          assignment.principalType === 'User'
            ? (userNames.get(assignment.principalId) ?? null)
            : (servicePrincipal?.displayName ?? null),
        clientId:
          assignment.principalType === 'ServicePrincipal'
            ? (servicePrincipal?.clientId ?? null)
            : null,
        role: assignment.role,
        scope: assignment.scope,
        createdAt: assignment.createdAt,
      };
    });
  }

  // -------------------------------------------------------------------------------------------
  // First start

  async ensureAdmin(): Promise<string | undefined> {
    if ((await this.store.listUsers()).length > 0) return undefined;
    const password = randomSecret(18);
    const now = this.now();
    const user: UserRecord = {
      id: randomUUID(),
      name: ADMIN_USER_NAME,
      passwordHash: await hashSecret(password),
      createdAt: now,
    };
    // The assignment goes in first, so that an admin never exists without Owner, even when this
    // process dies halfway; a process that loses the race for the name takes its own back.
    const assignment = await this.store.addRoleAssignment({
      id: randomUUID(),
      principalId: user.id,
      principalType: 'User',
      role: 'Owner',
      scope: '*',
      createdAt: now,
    });
    try {
      await this.store.createUser(user);
    } catch (error) {
      await this.store.removeRoleAssignment(assignment.id);
      if (isStoreError(error, 'STORE_CONFLICT')) return undefined;
      throw error;
    }
    return password;
  }
}
