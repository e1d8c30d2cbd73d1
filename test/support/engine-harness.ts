/**
 * Runs pipelines for tests the way the CLI does: a real store, the built-in executors, and the
 * engine wired to them. Factories are built from JSON files on disk.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createBuiltinExecutors } from '../../src/activities/builtin-executors.js';
import { parseStoredPipeline } from '../../src/cli/engine-setup.js';
import type { EnginePorts, FactorySnapshot } from '../../src/engine/engine-ports.js';
import { snapshotFactory } from '../../src/engine/factory-snapshot.js';
import { PipelineEngine } from '../../src/engine/pipeline-engine.js';
import { buildFactory, type ResourceDocument } from '../../src/factory/factory-builder.js';
import type { JsonValue } from '../../src/factory/resources.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { createTestDatabase } from './create-test-database.js';
import type { StoreAdapterName } from './store-adapters.js';
import type { RunStore, Store } from '../../src/store/store.js';

export interface TestStore {
  readonly store: Store;
  readonly url: string;
  dispose(): Promise<void>;
}

/** A SQLite store in a fresh temporary folder. */
export async function openTestSqliteStore(): Promise<TestStore> {
  const folder = await mkdtemp(join(tmpdir(), 'millrace-store-'));
  const file = join(folder, 'millrace.db');
  const store = await openSqliteStore({ file });
  return {
    store,
    url: file,
    async dispose() {
      await store.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** A fresh database of its own: a PostgreSQL database cloned from the migrated template. */
export async function openTestPostgresStore(): Promise<TestStore> {
  const database = await createTestDatabase();
  const store = await openPostgresStore({ connectionString: database.connectionString });
  return {
    store,
    url: database.connectionString,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
}

export function openTestStore(adapter: StoreAdapterName): Promise<TestStore> {
  return adapter === 'postgres' ? openTestPostgresStore() : openTestSqliteStore();
}

export function createTestEngine(
  store: RunStore,
  overrides: Partial<EnginePorts> = {},
): PipelineEngine {
  return new PipelineEngine({
    store,
    executors: createBuiltinExecutors({}),
    parsePipeline: parseStoredPipeline,
    cancelPollMs: 50,
    ...overrides,
  });
}

/** A factory from pipeline JSON files (`{ name, properties }`). */
export async function factoryFromFiles(files: readonly string[]): Promise<FactorySnapshot> {
  const resources: ResourceDocument[] = [];
  for (const file of files) {
    resources.push({
      kind: 'pipeline',
      json: JSON.parse(await readFile(file, 'utf8')) as JsonValue,
      source: { file, pointer: '' },
    });
  }
  const { factory, problems } = buildFactory({ name: 'test-factory', resources });
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new Error(`fixture does not load: ${JSON.stringify(errors)}`);
  return snapshotFactory(factory);
}

/** A golden case folder: `pipeline.json`, optional `children/*.json`, `expected.json`. */
export async function loadGoldenCase(
  folder: string,
): Promise<{ factory: FactorySnapshot; pipelineName: string; expected: GoldenExpectation }> {
  const childFolder = join(folder, 'children');
  const children = await readdir(childFolder).catch(() => [] as string[]);
  const main = join(folder, 'pipeline.json');
  const factory = await factoryFromFiles([
    main,
    ...children.filter((name) => name.endsWith('.json')).map((name) => join(childFolder, name)),
  ]);
  const pipelineName = (JSON.parse(await readFile(main, 'utf8')) as { name: string }).name;
  const expected = JSON.parse(
    await readFile(join(folder, 'expected.json'), 'utf8'),
  ) as GoldenExpectation;
  return { factory, pipelineName, expected };
}

export interface GoldenExpectation {
  readonly status: string;
  /** `scope/name` → status of its last attempt. */
  readonly activities: Readonly<Record<string, string>>;
  readonly errors?: Readonly<Record<string, string>>;
  readonly attempts?: Readonly<Record<string, number>>;
  readonly output?: JsonValue;
  readonly message?: string;
  readonly parameters?: Readonly<Record<string, JsonValue>>;
  readonly childRuns?: number;
}

export function caseName(folder: string): string {
  return basename(folder);
}
