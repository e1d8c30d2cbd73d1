/**
 * The {@link IdentityStore} port over Kysely, shared by the SQLite and PostgreSQL adapters next to
 * `KyselyRunStore` and `KyselyMlStore`. Names are unique ignoring case (a unique index on
 * `lower(name)`), client ids are unique, and a (principal, role, scope) is stored once; races
 * between processes are settled by those indexes, never by reading first.
 */
import type { Kysely } from 'kysely';
import type {
  IdentityStore,
  RoleAssignmentRecord,
  ServicePrincipalRecord,
  SigningKeyRecord,
  UserRecord,
} from '../identity/identity.js';
import { guardDriverErrors, type IntegrityMessages } from './driver-errors.js';
import {
  roleAssignmentRecord,
  roleAssignmentRow,
  servicePrincipalRecord,
  servicePrincipalRow,
  signingKeyRecord,
  signingKeyRow,
  userRecord,
  userRow,
} from './identity-record-mapping.js';
import { canonicalInstant } from './instants.js';
import type { StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { StoreError } from './store-error.js';

type Db = Kysely<StoreDatabase>;

function notFound(what: string): StoreError {
  return new StoreError('STORE_RECORD_NOT_FOUND', `${what} does not exist.`);
}

export class KyselyIdentityStore implements IdentityStore {
  constructor(
    private readonly db: Db,
    private readonly dialect: StoreDialect,
  ) {}

  /** Runs `work` with driver errors turned into coded errors (`messages` for integrity ones). */
  private guarded<T>(messages: IntegrityMessages | undefined, work: () => Promise<T>): Promise<T> {
    return guardDriverErrors(this.dialect, messages, work);
  }

  // -------------------------------------------------------------------------------------------
  // Users

  async createUser(record: UserRecord): Promise<void> {
    const row = userRow(record);
    await this.guarded(
      {
        conflict: `Cannot create user ${JSON.stringify(record.name)}: a user with this name (in any letter case) or this id exists.`,
        missingReference: `Cannot create user ${JSON.stringify(record.name)}: it refers to a record that does not exist.`,
      },
      () => this.db.insertInto('users').values(row).execute(),
    );
  }

  async getUserByName(name: string): Promise<UserRecord | undefined> {
    // lower() on both sides, as in the unique index, so that the index finds it.
    const row = await this.guarded(undefined, () =>
      this.db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['name']), '=', eb.fn('lower', [eb.val(name)])))
        .executeTakeFirst(),
    );
    return row === undefined ? undefined : userRecord(row);
  }

  async getUser(id: string): Promise<UserRecord | undefined> {
    const row = await this.guarded(undefined, () =>
      this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
    );
    return row === undefined ? undefined : userRecord(row);
  }

  async listUsers(): Promise<readonly UserRecord[]> {
    const rows = await this.guarded(undefined, () =>
      this.db
        .selectFrom('users')
        .selectAll()
        .orderBy((eb) => eb.fn('lower', ['name']), 'asc')
        .orderBy('id', 'asc')
        .execute(),
    );
    return rows.map(userRecord);
  }

  async setUserPassword(id: string, passwordHash: string): Promise<void> {
    const result = await this.guarded(undefined, () =>
      this.db
        .updateTable('users')
        .set({ password_hash: passwordHash })
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    if (result.numUpdatedRows === 0n) throw notFound(`User ${id}`);
  }

  async deleteUser(id: string): Promise<boolean> {
    return this.deletePrincipal('users', id);
  }

  /** Deletes a principal and its role assignments in one transaction. */
  private deletePrincipal(table: 'users' | 'service_principals', id: string): Promise<boolean> {
    return this.guarded(undefined, () =>
      this.db.transaction().execute(async (trx) => {
        // The write comes first so that SQLite takes its write lock at once (see kysely-ml-store).
        const deleted = await trx.deleteFrom(table).where('id', '=', id).executeTakeFirst();
        await trx.deleteFrom('role_assignments').where('principal_id', '=', id).execute();
        return deleted.numDeletedRows > 0n;
      }),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Service principals

  async createServicePrincipal(record: ServicePrincipalRecord): Promise<void> {
    const row = servicePrincipalRow(record);
    await this.guarded(
      {
        conflict: `Cannot create service principal ${JSON.stringify(record.displayName)}: its id or client id ${record.clientId} exists.`,
        missingReference: `Cannot create service principal ${JSON.stringify(record.displayName)}: it refers to a record that does not exist.`,
      },
      () => this.db.insertInto('service_principals').values(row).execute(),
    );
  }

  async getServicePrincipalByClientId(
    clientId: string,
  ): Promise<ServicePrincipalRecord | undefined> {
    const row = await this.guarded(undefined, () =>
      this.db
        .selectFrom('service_principals')
        .selectAll()
        .where('client_id', '=', clientId)
        .executeTakeFirst(),
    );
    return row === undefined ? undefined : servicePrincipalRecord(row);
  }

  async getServicePrincipal(id: string): Promise<ServicePrincipalRecord | undefined> {
    const row = await this.guarded(undefined, () =>
      this.db.selectFrom('service_principals').selectAll().where('id', '=', id).executeTakeFirst(),
    );
    return row === undefined ? undefined : servicePrincipalRecord(row);
  }

  async listServicePrincipals(): Promise<readonly ServicePrincipalRecord[]> {
    const rows = await this.guarded(undefined, () =>
      this.db
        .selectFrom('service_principals')
        .selectAll()
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .execute(),
    );
    return rows.map(servicePrincipalRecord);
  }

  async setServicePrincipalSecret(
    id: string,
    secretHash: string,
    at: string,
    expiresAt: string | null,
  ): Promise<void> {
    const secretCreatedAt = canonicalInstant(at, 'at', 'STORE_INVALID_RECORD');
    const secretExpiresAt =
      expiresAt === null ? null : canonicalInstant(expiresAt, 'expiresAt', 'STORE_INVALID_RECORD');
    const result = await this.guarded(undefined, () =>
      this.db
        .updateTable('service_principals')
        .set({
          secret_hash: secretHash,
          secret_created_at: secretCreatedAt,
          secret_expires_at: secretExpiresAt,
        })
        .where('id', '=', id)
        .executeTakeFirst(),
    );
    if (result.numUpdatedRows === 0n) throw notFound(`Service principal ${id}`);
  }

  async deleteServicePrincipal(id: string): Promise<boolean> {
    return this.deletePrincipal('service_principals', id);
  }

  // -------------------------------------------------------------------------------------------
  // Role assignments

  async addRoleAssignment(record: RoleAssignmentRecord): Promise<RoleAssignmentRecord> {
    const row = roleAssignmentRow(record);
    return this.guarded(
      {
        conflict: `Cannot add role assignment ${record.id}: an assignment with this id exists.`,
        missingReference: `Cannot add role assignment ${record.id}: it refers to a record that does not exist.`,
      },
      async () => {
        // Whoever inserts first wins; the others insert nothing and read the winner's row.
        await this.db
          .insertInto('role_assignments')
          .values(row)
          .onConflict((conflict) => conflict.columns(['principal_id', 'role', 'scope']).doNothing())
          .execute();
        const stored = await this.db
          .selectFrom('role_assignments')
          .selectAll()
          .where('principal_id', '=', record.principalId)
          .where('role', '=', record.role)
          .where('scope', '=', record.scope)
          .executeTakeFirst();
        // Only a concurrent removal between the two statements leaves nothing to read.
        if (stored === undefined) throw notFound(`Role assignment ${record.id}`);
        return roleAssignmentRecord(stored);
      },
    );
  }

  async removeRoleAssignment(id: string): Promise<boolean> {
    const result = await this.guarded(undefined, () =>
      this.db.deleteFrom('role_assignments').where('id', '=', id).executeTakeFirst(),
    );
    return result.numDeletedRows > 0n;
  }

  async listRoleAssignments(
    filter: { readonly principalId?: string } = {},
  ): Promise<readonly RoleAssignmentRecord[]> {
    let select = this.db.selectFrom('role_assignments').selectAll();
    if (filter.principalId !== undefined) {
      select = select.where('principal_id', '=', filter.principalId);
    }
    const rows = await this.guarded(undefined, () =>
      select.orderBy('created_at', 'asc').orderBy('id', 'asc').execute(),
    );
    return rows.map(roleAssignmentRecord);
  }

  // -------------------------------------------------------------------------------------------
  // Signing keys

  async addSigningKey(record: SigningKeyRecord): Promise<void> {
    const row = signingKeyRow(record);
    await this.guarded(
      {
        conflict: `Cannot add signing key ${record.kid}: a key with this kid exists.`,
        missingReference: `Cannot add signing key ${record.kid}: it refers to a record that does not exist.`,
      },
      () => this.db.insertInto('signing_keys').values(row).execute(),
    );
  }

  async listSigningKeys(): Promise<readonly SigningKeyRecord[]> {
    const rows = await this.guarded(undefined, () =>
      this.db
        .selectFrom('signing_keys')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('kid', 'desc')
        .execute(),
    );
    return rows.map((row) => signingKeyRecord(row, this.dialect));
  }

  /** Retirement can be brought forward, never put off: an earlier stored instant stays. */
  async retireSigningKey(kid: string, at: string): Promise<void> {
    const retiredAt = canonicalInstant(at, 'at', 'STORE_INVALID_RECORD');
    await this.guarded(undefined, async () => {
      const result = await this.db
        .updateTable('signing_keys')
        .set({ retired_at: retiredAt })
        .where('kid', '=', kid)
        .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', retiredAt)]))
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) return;
      const exists = await this.db
        .selectFrom('signing_keys')
        .select('kid')
        .where('kid', '=', kid)
        .executeTakeFirst();
      if (exists === undefined) throw notFound(`Signing key ${kid}`);
    });
  }
}
