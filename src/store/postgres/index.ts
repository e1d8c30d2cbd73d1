/** The PostgreSQL adapter of the store port: for many processes and machines. */
import { sql, type Kysely } from 'kysely';
import { KyselyStore } from '../kysely-store.js';
import type { StoreDatabase } from '../schema.js';
import { StoreError } from '../store-error.js';
import type { Store } from '../store.js';
import {
  createPostgresKysely,
  redactedConnectionString,
  type PostgresConnectionOptions,
} from './connection.js';
import { postgresDialect } from './dialect.js';
import { migratePostgresStore } from './migrations.js';
import { PostgresTransitionStatement } from './transition-statement.js';

export type { PostgresConnectionOptions } from './connection.js';
export { postgresMigrations, migratePostgresStore } from './migrations.js';

/** Connects, checks that the server answers, and brings the schema up to date. */
export async function openPostgresStore(options: PostgresConnectionOptions): Promise<Store> {
  const db = createPostgresKysely(options);
  try {
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      throw new StoreError(
        'STORE_UNAVAILABLE',
        `Cannot connect to PostgreSQL at ${redactedConnectionString(options.connectionString)}: ${(error as Error).message}. Check that the server runs and the URL, user and password are right.`,
        { cause: error },
      );
    }
    await migratePostgresStore(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return postgresRunStore(db);
}

/** The store over a migrated database: commits that fit go in one statement, one round trip. */
export function postgresRunStore(db: Kysely<StoreDatabase>): KyselyStore {
  return new KyselyStore(db, postgresDialect, {
    transitionStatement: new PostgresTransitionStatement(db),
  });
}
