/**
 * A PostgreSQL database of its own for one test file, cloned from the template that
 * `postgres-global-setup.ts` migrated: call it in `beforeAll`, and `drop()` in `afterAll` after
 * closing every pool that uses it.
 */
import { inject } from 'vitest';
import {
  createDatabase,
  databaseUrl,
  dropDatabase,
  uniqueDatabaseName,
} from './postgres-server.js';

export interface TestDatabase {
  readonly connectionString: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const context = inject('postgresTest');
  if (context === null || context === undefined) {
    throw new Error(
      'No PostgreSQL server was started for this run: STORE selects only SQLite, or vitest.config.ts lost its globalSetup (test/support/postgres-global-setup.ts).',
    );
  }
  const name = uniqueDatabaseName('millrace_test');
  await createDatabase(context.adminUrl, name, context.templateDatabase);
  return {
    connectionString: databaseUrl(context.adminUrl, name),
    drop: () => dropDatabase(context.adminUrl, name),
  };
}
