/**
 * One database per adapter for a test file: a SQLite file in a temporary folder, or a PostgreSQL
 * database cloned from the run's template. `open()` may be called more than once (to check that
 * reopening migrates nothing twice); `dispose()` removes the database once every store is closed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/store.js';
import { createTestDatabase } from './create-test-database.js';
import type { StoreAdapterName } from './store-adapters.js';

export interface StoreHarness {
  readonly adapter: StoreAdapterName;
  /** Where the database is: a file path or a connection string. */
  readonly location: string;
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

export async function createStoreHarness(adapter: StoreAdapterName): Promise<StoreHarness> {
  if (adapter === 'sqlite') {
    const folder = await mkdtemp(join(tmpdir(), 'millrace-store-'));
    const file = join(folder, 'millrace.db');
    return {
      adapter,
      location: file,
      open: () => openSqliteStore({ file }),
      dispose: () => rm(folder, { recursive: true, force: true }),
    };
  }
  const database = await createTestDatabase();
  return {
    adapter,
    location: database.connectionString,
    open: () => openPostgresStore({ connectionString: database.connectionString }),
    dispose: () => database.drop(),
  };
}
