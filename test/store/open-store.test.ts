/**
 * Opening stores: which adapter a URL selects, the default location, and the coded errors for a
 * database that cannot be reached or was migrated by a newer Millrace.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { isStoreError, type StoreErrorCode } from '../../src/store/store-error.js';
import type { PipelineRunRecord, RunStore } from '../../src/store/store.js';
import { createTestDatabase, type TestDatabase } from '../support/create-test-database.js';
import { newPipelineRun } from '../support/run-record-builders.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';

const run: PipelineRunRecord = newPipelineRun({ runId: 'open-store-run', status: 'Queued' });

async function roundTrip(store: RunStore): Promise<void> {
  try {
    await store.commit({ at: run.lastUpdated, createRuns: [run] });
    expect(await store.getPipelineRun(run.runId)).toEqual(run);
  } finally {
    await store.close();
  }
}

async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<Error> {
  const error = await promise.then(
    (value) => {
      if (value !== null && typeof value === 'object' && 'close' in value) {
        void (value as RunStore).close();
      }
      return undefined;
    },
    (caught: unknown) => caught,
  );
  if (!isStoreError(error, code)) {
    throw new Error(`expected StoreError ${code}, got ${String(error)}`, { cause: error });
  }
  return error;
}

/** A loopback port that nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

describe('openStore on SQLite', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'millrace-open-store-'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('creates MILLRACE_HOME and millrace.db in it when given no URL', async () => {
    const home = join(folder, 'home', 'nested');
    await roundTrip(await openStore(undefined, { MILLRACE_HOME: home }));
    expect(existsSync(join(home, 'millrace.db'))).toBe(true);
  });

  it('opens a sqlite:/// URL and a plain path as the same file', async () => {
    const file = join(folder, 'by url.db');
    await roundTrip(await openStore(`sqlite://${encodeURI(file)}`));
    const again = await openStore(file);
    try {
      expect(await again.getPipelineRun(run.runId)).toEqual(run);
    } finally {
      await again.close();
    }
  });

  it('leaves the file in WAL mode', async () => {
    const file = join(folder, 'pragmas.db');
    await (await openSqliteStore({ file })).close();
    const database = new Database(file, { readonly: true });
    try {
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      database.close();
    }
  });

  it('reports a file it cannot open as STORE_UNAVAILABLE', async () => {
    const error = await expectStoreError(
      openStore(join(folder, 'missing-folder', 'millrace.db')),
      'STORE_UNAVAILABLE',
    );
    expect(error.message).toContain('missing-folder');
  });

  it('refuses a database migrated by a newer Millrace with STORE_MIGRATION_FAILED', async () => {
    const file = join(folder, 'newer.db');
    await (await openSqliteStore({ file })).close();
    const database = new Database(file);
    database
      .prepare('insert into store_migration (name, timestamp) values (?, ?)')
      .run('9999_from_the_future', new Date().toISOString());
    database.close();
    const error = await expectStoreError(openSqliteStore({ file }), 'STORE_MIGRATION_FAILED');
    expect(error.message).toContain('9999_from_the_future');
  });

  it('refuses an unknown scheme with STORE_UNSUPPORTED_URL', async () => {
    await expectStoreError(openStore('mysql://localhost/millrace'), 'STORE_UNSUPPORTED_URL');
  });
});

// Only when STORE selects PostgreSQL (the default), like the conformance suite.
const postgresSuites = storeAdaptersUnderTest().filter((adapter) => adapter === 'postgres');

describe.each(postgresSuites)('openStore on %s', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('opens a postgres:// URL', async () => {
    await roundTrip(await openStore(database.connectionString));
    const again = await openStore(database.connectionString.replace(/^postgres:/, 'postgresql:'));
    try {
      expect(await again.getPipelineRun(run.runId)).toEqual(run);
    } finally {
      await again.close();
    }
  });

  it('reports a server it cannot reach as STORE_UNAVAILABLE, without the password', async () => {
    const port = await closedPort();
    const error = await expectStoreError(
      openPostgresStore({ connectionString: `postgres://me:hunter2@127.0.0.1:${port}/millrace` }),
      'STORE_UNAVAILABLE',
    );
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a database migrated by a newer Millrace with STORE_MIGRATION_FAILED', async () => {
    const client = new pg.Client({ connectionString: database.connectionString });
    await client.connect();
    try {
      await client.query('insert into store_migration (name, timestamp) values ($1, $2)', [
        '9999_from_the_future',
        new Date().toISOString(),
      ]);
    } finally {
      await client.end();
    }
    await expectStoreError(
      openPostgresStore({ connectionString: database.connectionString }),
      'STORE_MIGRATION_FAILED',
    );
  });
});
