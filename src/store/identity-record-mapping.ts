/**
 * Identity records ↔ rows: instants written in canonical ISO form, JSON as text; reads accept
 * what either driver returns (see `schema.ts`).
 */
import type { Insertable, Selectable } from 'kysely';
import type {
  RoleAssignmentRecord,
  ServicePrincipalRecord,
  SigningKeyRecord,
  UserRecord,
} from '../identity/identity.js';
import type {
  RoleAssignmentsTable,
  ServicePrincipalsTable,
  SigningKeysTable,
  UsersTable,
} from './identity-schema.js';
import { readInstant, readNullableInstant } from './instants.js';
import { writeInstant, writeNullableInstant } from './record-mapping.js';
import type { StoreDialect } from './store-dialect.js';

export type UserRow = Selectable<UsersTable>;
export type ServicePrincipalRow = Selectable<ServicePrincipalsTable>;
export type RoleAssignmentRow = Selectable<RoleAssignmentsTable>;
export type SigningKeyRow = Selectable<SigningKeysTable>;

export function userRow(record: UserRecord): Insertable<UsersTable> {
  return {
    id: record.id,
    name: record.name,
    password_hash: record.passwordHash,
    created_at: writeInstant(record.createdAt, `createdAt of user ${record.id}`),
  };
}

export function userRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    name: row.name,
    passwordHash: row.password_hash,
    createdAt: readInstant(row.created_at),
  };
}

export function servicePrincipalRow(
  record: ServicePrincipalRecord,
): Insertable<ServicePrincipalsTable> {
  const where = `service principal ${record.id}`;
  return {
    id: record.id,
    client_id: record.clientId,
    display_name: record.displayName,
    secret_hash: record.secretHash,
    secret_created_at: writeInstant(record.secretCreatedAt, `secretCreatedAt of ${where}`),
    secret_expires_at: writeNullableInstant(record.secretExpiresAt, `secretExpiresAt of ${where}`),
    created_at: writeInstant(record.createdAt, `createdAt of ${where}`),
  };
}

export function servicePrincipalRecord(row: ServicePrincipalRow): ServicePrincipalRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    displayName: row.display_name,
    secretHash: row.secret_hash,
    secretCreatedAt: readInstant(row.secret_created_at),
    secretExpiresAt: readNullableInstant(row.secret_expires_at),
    createdAt: readInstant(row.created_at),
  };
}

export function roleAssignmentRow(record: RoleAssignmentRecord): Insertable<RoleAssignmentsTable> {
  return {
    id: record.id,
    principal_id: record.principalId,
    principal_type: record.principalType,
    role: record.role,
    scope: record.scope,
    created_at: writeInstant(record.createdAt, `createdAt of role assignment ${record.id}`),
  };
}

export function roleAssignmentRecord(row: RoleAssignmentRow): RoleAssignmentRecord {
  return {
    id: row.id,
    principalId: row.principal_id,
    principalType: row.principal_type,
    role: row.role,
    scope: row.scope,
    createdAt: readInstant(row.created_at),
  };
}

export function signingKeyRow(record: SigningKeyRecord): Insertable<SigningKeysTable> {
  const where = `signing key ${record.kid}`;
  return {
    kid: record.kid,
    algorithm: record.algorithm,
    private_key_sealed: record.privateKeySealed,
    public_jwk: JSON.stringify(record.publicJwk),
    created_at: writeInstant(record.createdAt, `createdAt of ${where}`),
    retired_at: writeNullableInstant(record.retiredAt, `retiredAt of ${where}`),
  };
}

export function signingKeyRecord(row: SigningKeyRow, dialect: StoreDialect): SigningKeyRecord {
  return {
    kid: row.kid,
    algorithm: row.algorithm,
    privateKeySealed: row.private_key_sealed,
    publicJwk: dialect.readJson(row.public_jwk) as Record<string, unknown>,
    createdAt: readInstant(row.created_at),
    retiredAt: readNullableInstant(row.retired_at),
  };
}
