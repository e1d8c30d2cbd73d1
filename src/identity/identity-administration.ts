/**
 * Managing who may call: users, service principals and role assignments. `IdentityService`
 * implements it; the admin API (`/identity/…`) and the `millrace users|service-principals|roles`
 * commands call it. Nothing here returns a password hash or a stored secret; the only secrets
 * returned are new ones, once, to the caller who created them.
 */
import type { PrincipalType } from './identity.js';
import type { RoleName, Scope } from './permissions.js';

export interface UserSummary {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface AddedUser extends UserSummary {
  /** The generated password when none was given: shown once, stored only as a hash. */
  readonly oneTimePassword?: string;
}

export interface ServicePrincipalSummary {
  readonly id: string;
  readonly clientId: string;
  readonly displayName: string;
  readonly createdAt: string;
  readonly secretCreatedAt: string;
  /** When the secret stops getting tokens; null: never. */
  readonly secretExpiresAt: string | null;
}

export interface ServicePrincipalSecret {
  readonly clientId: string;
  /** Shown once; stored only as a hash. */
  readonly secret: string;
  readonly secretCreatedAt: string;
  /** When the secret stops getting tokens; null: never. */
  readonly secretExpiresAt: string | null;
}

/** How long a new client secret is valid. */
export interface SecretExpiryOptions {
  /**
   * An ISO 8601 instant with a time zone, later than now, after which the secret gets no token
   * (`AUTH_SECRET_EXPIRED`). (Default: never expires)
   */
  readonly secretExpiresAt?: string;
}

export type AddedServicePrincipal = ServicePrincipalSummary & ServicePrincipalSecret;

export interface RoleAssignmentView {
  readonly id: string;
  readonly principalId: string;
  readonly principalType: PrincipalType;
  /** User name or service principal display name (null: the principal no longer exists). */
  readonly principalName: string | null;
  /** The service principal's client id; null for users. */
  readonly clientId: string | null;
  readonly role: RoleName;
  readonly scope: Scope;
  readonly createdAt: string;
}

export interface GrantedRole {
  readonly assignment: RoleAssignmentView;
  /** False when the principal already had this role on this scope. */
  readonly created: boolean;
}

export interface IdentityAdministration {
  /** Adds a user; without a password, generates a one-time one. */
  addUser(name: string, password?: string): Promise<AddedUser>;
  listUsers(): Promise<readonly UserSummary[]>;
  /** Removes the user (any letter case) and its role assignments. */
  removeUser(name: string): Promise<void>;
  setPassword(name: string, password: string): Promise<void>;
  addServicePrincipal(
    displayName: string,
    options?: SecretExpiryOptions,
  ): Promise<AddedServicePrincipal>;
  listServicePrincipals(): Promise<readonly ServicePrincipalSummary[]>;
  removeServicePrincipal(clientId: string): Promise<void>;
  /** A new secret (expiring as `options` say); the old one stops working at once. */
  rotateServicePrincipalSecret(
    clientId: string,
    options?: SecretExpiryOptions,
  ): Promise<ServicePrincipalSecret>;
  /**
   * Grants `role` on `scope` to a principal named by user name, client id or id. Roles and scopes
   * are matched ignoring letter case. (Default scope: '*')
   */
  grantRole(principal: string, role: string, scope?: string): Promise<GrantedRole>;
  revokeRole(assignmentId: string): Promise<void>;
  /** Every assignment, or those of one principal (by user name, client id or id). */
  listRoleAssignments(filter?: {
    readonly principal?: string;
  }): Promise<readonly RoleAssignmentView[]>;
  /**
   * When there is no user at all, adds `admin` with Owner on `*` and returns its one-time
   * password; otherwise (or when another process just did it) returns undefined.
   */
  ensureAdmin(): Promise<string | undefined>;
}
