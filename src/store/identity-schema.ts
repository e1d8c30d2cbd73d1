/**
 * The identity tables as Kysely sees them (migrations `0003_identity` and
 * `0005_service_principal_secret_expiry`); part of `StoreDatabase`
 * (`schema.ts`). `identity-record-mapping.ts` maps their rows to the records of
 * `src/identity/identity.ts`.
 */
import type { PrincipalType, SigningKeyRecord } from '../identity/identity.js';
import type { RoleName, Scope } from '../identity/permissions.js';
import type { InstantColumn, JsonColumn, NullableInstantColumn } from './schema.js';

export interface UsersTable {
  id: string;
  /** Unique ignoring case (a unique index on `lower(name)`). */
  name: string;
  password_hash: string;
  created_at: InstantColumn;
}

export interface ServicePrincipalsTable {
  id: string;
  /** Unique. */
  client_id: string;
  display_name: string;
  secret_hash: string;
  secret_created_at: InstantColumn;
  /** Null: the secret never expires. */
  secret_expires_at: NullableInstantColumn;
  created_at: InstantColumn;
}

export interface RoleAssignmentsTable {
  id: string;
  /** A user's or a service principal's id (no foreign key: it may be either). */
  principal_id: string;
  principal_type: PrincipalType;
  role: RoleName;
  scope: Scope;
  created_at: InstantColumn;
}

export interface SigningKeysTable {
  kid: string;
  algorithm: SigningKeyRecord['algorithm'];
  private_key_sealed: string;
  public_jwk: JsonColumn;
  created_at: InstantColumn;
  retired_at: NullableInstantColumn;
}

export interface IdentityTables {
  users: UsersTable;
  service_principals: ServicePrincipalsTable;
  role_assignments: RoleAssignmentsTable;
  signing_keys: SigningKeysTable;
}
