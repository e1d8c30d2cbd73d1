/**
 * Vitest global setup: ONE PostgreSQL server for the whole run (or MILLRACE_TEST_DATABASE_URL's),
 * with a template database migrated once. Test files clone it with `createTestDatabase()`
 * (graphile-worker's way: `CREATE DATABASE … TEMPLATE` costs milliseconds, migrating does not).
 * Skipped entirely when STORE selects only SQLite.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migratePostgresStore } from '../../src/store/postgres/migrations.js';
import {
  createDatabase,
  databaseUrl,
  dropDatabase,
  provisionPostgresServer,
  uniqueDatabaseName,
} from './postgres-server.js';
import { storeAdaptersUnderTest } from './store-adapters.js';

export interface PostgresTestContext {
  readonly adminUrl: string;
  readonly templateDatabase: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Null when STORE selects only SQLite. */
    postgresTest: PostgresTestContext | null;
  }
}

async function migrateTemplate(connectionString: string): Promise<void> {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 1 }) }),
  });
  try {
    await migratePostgresStore(db);
  } finally {
    await db.destroy();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!storeAdaptersUnderTest().includes('postgres')) {
    project.provide('postgresTest', null);
    return () => Promise.resolve();
  }
  const server = await provisionPostgresServer();
  const templateDatabase = uniqueDatabaseName('millrace_template');
  try {
    await createDatabase(server.adminUrl, templateDatabase);
    await migrateTemplate(databaseUrl(server.adminUrl, templateDatabase));
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide('postgresTest', { adminUrl: server.adminUrl, templateDatabase });
  return async () => {
    try {
      await dropDatabase(server.adminUrl, templateDatabase);
    } finally {
      await server.stop();
    }
  };
}
