/**
 * Opens a SQLite file for the store: WAL (readers never block the writer), `synchronous=NORMAL`
 * (durable at checkpoints, safe from corruption; a power cut may lose the last commits),
 * `busy_timeout` (other processes' writes are waited for, not failed), foreign keys on. Kysely's
 * driver prepares every query it runs; we hand it a database whose `prepare` reuses statements,
 * since the store runs the same few SQL texts over and over.
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import type { StoreDatabase } from '../schema.js';
import { StoreError } from '../store-error.js';

export interface SqliteConnectionOptions {
  /** The database file; created if missing (its folder must exist). */
  readonly file: string;
  /** How long a statement waits for another process's write lock, in ms (Default: 5000). */
  readonly busyTimeoutMs?: number;
}

/** Prepared statements kept per SQL text, oldest dropped first beyond this many. */
const STATEMENT_CACHE_SIZE = 256;

function withStatementCache(database: Database.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

export function openSqliteDatabase(options: SqliteConnectionOptions): Database.Database {
  let database: Database.Database | undefined;
  try {
    database = new Database(options.file);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    database.pragma('foreign_keys = ON');
    return database;
  } catch (error) {
    database?.close();
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `Cannot open the SQLite database ${options.file}: ${(error as Error).message}. Check that its folder exists and is writable.`,
      { cause: error },
    );
  }
}

export function createSqliteKysely(options: SqliteConnectionOptions): Kysely<StoreDatabase> {
  const database = openSqliteDatabase(options);
  return new Kysely<StoreDatabase>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
  });
}
