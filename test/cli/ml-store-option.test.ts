/**
 * `millrace ml … --db <url>` on every store adapter (SQLite file, PostgreSQL): the CLI and the
 * detached worker it starts both use that store, never the home's default one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { createStoreHarness, type StoreHarness } from '../support/store-harness.js';
import { CLI_PIPELINE, createMlCliHome, type MlCliHome, type RunJson } from './ml-cli-harness.js';

const TERMINAL = ['Completed', 'Failed', 'Canceled'];

describe.each(storeAdaptersUnderTest())(
  'millrace ml with --db on %s',
  { timeout: 60_000 },
  (adapter) => {
    let cli: MlCliHome;
    let harness: StoreHarness;

    beforeAll(async () => {
      cli = await createMlCliHome();
      harness = await createStoreHarness(adapter);
    });
    afterAll(async () => {
      await cli?.dispose();
      await harness?.dispose();
    });

    it('publishes, runs with --watch and in a detached worker, all in that store', async () => {
      const db = ['--db', harness.location];
      const { id } = await cli.json<{ id: string }>([
        'ml',
        'publish',
        CLI_PIPELINE,
        '--json',
        ...db,
      ]);
      const watched = await cli.millrace([
        'ml',
        'submit',
        id,
        '--experiment',
        'db',
        '--watch',
        '--json',
        ...db,
      ]);
      expect(watched.code, watched.stderr).toBe(0);
      const first = JSON.parse(watched.stdout) as RunJson;
      expect(first.status).toBe('Completed');

      const submitted = await cli.json<RunJson>([
        'ml',
        'submit',
        id,
        '--experiment',
        'db',
        '--json',
        ...db,
      ]);
      const second = await cli.waitForRun(submitted.id, (r) => TERMINAL.includes(r.status), db);
      expect(second.status).toBe('Completed');
      expect(second.steps.every((s) => s.reused && s.reusedFromRunId === first.id)).toBe(true);

      // The home's own store never saw any of it.
      const home = await cli.json<{ value: unknown[] }>(['ml', 'pipelines', '--json']);
      expect(home.value).toEqual([]);
    });
  },
);
