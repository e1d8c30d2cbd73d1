/**
 * The engine's contract: each folder under test/fixtures/pipelines holds a pipeline and the status
 * every activity and the run must end with.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityRunRecord } from '../../src/store/store.js';
import {
  createTestEngine,
  loadGoldenCase,
  openTestStore,
  type TestStore,
} from '../support/engine-harness.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/pipelines/', import.meta.url));
const cases = readdirSync(FIXTURES).sort();

describe.each(storeAdaptersUnderTest())('golden pipelines (%s)', (adapter) => {
  let testStore: TestStore;
  beforeAll(async () => {
    testStore = await openTestStore(adapter);
  });
  afterAll(async () => {
    await testStore.dispose();
  });

  it.each(cases)('%s', async (name) => {
    const { factory, pipelineName, expected } = await loadGoldenCase(join(FIXTURES, name));
    const engine = createTestEngine(testStore.store);
    const run = await engine.run({ factory, pipelineName, parameters: expected.parameters ?? {} });
    await engine.close();
    const records = await testStore.store.listActivityRuns(run.runId);
    const latest = new Map<string, ActivityRunRecord>();
    const attempts = new Map<string, number>();
    for (const record of records) {
      const key =
        record.scope === '' ? record.activityName : `${record.scope}/${record.activityName}`;
      const seen = latest.get(key);
      if (!seen || seen.attempt <= record.attempt) latest.set(key, record);
      attempts.set(key, Math.max(attempts.get(key) ?? 0, record.attempt));
    }
    const statuses = Object.fromEntries([...latest].map(([key, record]) => [key, record.status]));
    expect({ status: run.status, activities: statuses }).toEqual({
      status: expected.status,
      activities: expected.activities,
    });
    for (const [key, code] of Object.entries(expected.errors ?? {}))
      expect(latest.get(key)?.error?.errorCode, key).toBe(code);
    for (const [key, count] of Object.entries(expected.attempts ?? {}))
      expect(attempts.get(key), key).toBe(count);
    if (expected.output !== undefined) expect(run.output).toEqual(expected.output);
    if (expected.message !== undefined) expect(run.message).toBe(expected.message);
    if (expected.childRuns !== undefined) {
      const children = await testStore.store.listChildRuns(run.runId);
      expect(children).toHaveLength(expected.childRuns);
      for (const child of children) {
        expect(['Succeeded', 'Failed']).toContain(child.status);
        expect(child.parentRunId).toBe(run.runId);
      }
    }
    for (const record of records) {
      expect(
        ['Succeeded', 'Failed', 'Skipped', 'Cancelled'],
        `${record.activityName} ended`,
      ).toContain(record.status);
    }
  });
});
