/** Opens a node-postgres pool for the store and wraps it in Kysely. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { StoreDatabase } from '../schema.js';

export interface PostgresConnectionOptions {
  /** `postgres://user:password@host:port/database?…`, as libpq and node-postgres read it. */
  readonly connectionString: string;
  /** Connections the pool may open (Default: 10). */
  readonly maxConnections?: number;
}

export function createPostgresKysely(options: PostgresConnectionOptions): Kysely<StoreDatabase> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    application_name: 'millrace',
  });
  // An idle connection that the server drops (restart, failover) is an 'error' event; without a
  // listener it would end the process. The pool discards that connection and opens another.
  pool.on('error', () => undefined);
  return new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
}

/** The connection string without its password, for messages. */
export function redactedConnectionString(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return '(an unparseable connection string)';
  }
}
