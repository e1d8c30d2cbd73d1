/** Stores for benchmarks: SQLite in a temporary folder, PostgreSQL on a throwaway durable server. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from '../src/store/postgres/index.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import type { RunStore } from '../src/store/store.js';
import {
  createDatabase,
  databaseUrl,
  dropDatabase,
  findPostgresBinaries,
  provisionPostgresServer,
  TEST_DATABASE_URL_VARIABLE,
  uniqueDatabaseName,
} from '../test/support/postgres-server.js';

export interface BenchStore {
  readonly name: string;
  readonly store: RunStore;
  dispose(): Promise<void>;
}

export async function sqliteBenchStore(): Promise<BenchStore> {
  const folder = await mkdtemp(join(tmpdir(), 'millrace-bench-'));
  const store = await openSqliteStore({ file: join(folder, 'bench.db') });
  return {
    name: 'sqlite',
    store,
    dispose: async () => {
      await store.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

export async function postgresBenchStore(): Promise<BenchStore | undefined> {
  if (!process.env[TEST_DATABASE_URL_VARIABLE] && findPostgresBinaries() === undefined) {
    process.stderr.write(
      `store bench: PostgreSQL is not installed and ${TEST_DATABASE_URL_VARIABLE} is not set; measuring SQLite only.\n`,
    );
    return undefined;
  }
  const server = await provisionPostgresServer({ durable: true });
  const database = uniqueDatabaseName('millrace_bench');
  await createDatabase(server.adminUrl, database);
  const store = await openPostgresStore({
    connectionString: databaseUrl(server.adminUrl, database),
  });
  return {
    name: 'postgres',
    store,
    dispose: async () => {
      await store.close();
      await dropDatabase(server.adminUrl, database);
      await server.stop();
    },
  };
}
