/** The SQLite adapter of the store port: one file, embedded, the default for one machine. */
import { KyselyStore } from '../kysely-store.js';
import type { Store } from '../store.js';
import { createSqliteKysely, type SqliteConnectionOptions } from './connection.js';
import { sqliteDialect } from './dialect.js';
import { migrateSqliteStore } from './migrations.js';

export type { SqliteConnectionOptions } from './connection.js';
export { sqliteMigrations, migrateSqliteStore } from './migrations.js';

/** Opens (creating if needed) the SQLite file and brings its schema up to date. */
export async function openSqliteStore(options: SqliteConnectionOptions): Promise<Store> {
  const db = createSqliteKysely(options);
  try {
    await migrateSqliteStore(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyStore(db, sqliteDialect);
}
