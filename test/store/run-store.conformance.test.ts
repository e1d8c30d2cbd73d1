/**
 * The behaviour every RunStore adapter must have, run against each adapter STORE selects (both by
 * default). Each adapter gets one database for the file; tests keep out of each other's way with
 * fresh ids and, for queries, a lastUpdated window of their own.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/factory/resources.js';
import { isStoreError } from '../../src/store/store-error.js';
import type {
  ActivityRunRecord,
  PipelineRunQuery,
  PipelineRunRecord,
  PipelineRunStatus,
  RunStore,
} from '../../src/store/store.js';
import { newActivityRun, newPipelineRun, T0 } from '../support/run-record-builders.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { createStoreHarness, type StoreHarness } from '../support/store-harness.js';
import { at, expectStoreError } from '../support/store-test-kit.js';

function pipelineRun(overrides: Partial<PipelineRunRecord> = {}): PipelineRunRecord {
  return newPipelineRun({
    pipelineName: 'CopySales',
    factoryName: 'factory-a',
    parameters: { folder: 'in/2026', count: 3 },
    invokedBy: { name: 'Manual', id: randomUUID(), invokedByType: 'Manual' },
    variables: { counter: '0', names: [] },
    definition: {
      name: 'CopySales',
      properties: { activities: [{ name: 'Wait1', type: 'Wait' }] },
    },
    factorySnapshot: { linkedServices: {}, globalParameters: { env: 'test' } },
    ...overrides,
  });
}

function activityRun(
  pipelineRunId: string,
  overrides: Partial<ActivityRunRecord> = {},
): ActivityRunRecord {
  return newActivityRun(pipelineRunId, {
    activityName: 'Wait1',
    activityType: 'Wait',
    input: { waitTimeInSeconds: 1 },
    ...overrides,
  });
}

let windowCounter = 0;

/** A lastUpdated range no other test writes into: a year of its own. */
function queryWindow() {
  windowCounter++;
  const start = new Date(Date.UTC(2100 + windowCounter, 0, 1)).toISOString();
  const end = new Date(Date.UTC(2101 + windowCounter, 0, 1)).toISOString();
  return {
    start,
    end,
    /** An instant inside the window. */
    at: (offsetMs: number) => at(start, offsetMs),
    within: { lastUpdatedAfter: start, lastUpdatedBefore: end } satisfies PipelineRunQuery,
    /** A run id of this window's own. */
    id: (name: string) => `w${windowCounter}-${name}`,
  };
}

/** Every page of a query, following continuation tokens. */
async function allPages(store: RunStore, query: PipelineRunQuery): Promise<PipelineRunRecord[][]> {
  const pages: PipelineRunRecord[][] = [];
  let continuationToken: string | undefined;
  do {
    const page = await store.queryPipelineRuns({ ...query, continuationToken });
    pages.push([...page.value]);
    continuationToken = page.continuationToken;
    expect(pages.length).toBeLessThan(1000);
  } while (continuationToken !== undefined);
  return pages;
}

function ids(runs: readonly PipelineRunRecord[]): string[] {
  return runs.map((run) => run.runId);
}

describe.each(storeAdaptersUnderTest())('RunStore on %s', (adapter) => {
  let harness: StoreHarness;
  let store: RunStore;

  beforeAll(async () => {
    harness = await createStoreHarness(adapter);
    store = await harness.open();
  });

  afterAll(async () => {
    await store?.close();
    await harness?.dispose();
  });

  describe('pipeline runs', () => {
    it('creates a run and reads back every field, with lastUpdated set to the transition instant', async () => {
      const run = pipelineRun({
        runEnd: null,
        parentRunId: 'parent-1',
        parentActivityRunId: 'parent-activity-1',
        referencePipelineRunId: 'earlier-run',
        isLatest: false,
        cancelRequested: true,
        leaseOwner: 'worker-1',
        leaseExpiresAt: '2026-03-01T08:05:00.000Z',
        lastUpdated: '1999-01-01T00:00:00.000Z',
        output: { pipelineReturnValue: { rows: 3 } },
      });
      await store.commit({ at: '2026-03-01T08:00:01.000Z', createRuns: [run] });
      expect(await store.getPipelineRun(run.runId)).toEqual({
        ...run,
        lastUpdated: '2026-03-01T08:00:01.000Z',
      });
    });

    it('returns undefined for a run that does not exist', async () => {
      expect(await store.getPipelineRun(randomUUID())).toBeUndefined();
    });

    it('stores instants in toISOString form, whatever ISO 8601 form they came in', async () => {
      const run = pipelineRun({
        runStart: '2026-03-01T10:00:00+02:00',
        runEnd: '2026-03-01T08:00:05.1234567Z',
        leaseExpiresAt: '2026-03-01T08:10Z',
      });
      await store.commit({ at: '2026-03-01T09:00:00+01:00', createRuns: [run] });
      const stored = await store.getPipelineRun(run.runId);
      expect(stored).toMatchObject({
        runStart: '2026-03-01T08:00:00.000Z',
        runEnd: '2026-03-01T08:00:05.123Z',
        leaseExpiresAt: '2026-03-01T08:10:00.000Z',
        lastUpdated: '2026-03-01T08:00:00.000Z',
      });
    });

    it('refuses an instant that is not ISO 8601 with a zone, and writes nothing', async () => {
      const run = pipelineRun({ runStart: '2026-03-01 08:00:00' });
      await expectStoreError(store.commit({ at: T0, createRuns: [run] }), 'STORE_INVALID_RECORD');
      await expectStoreError(
        store.commit({ at: 'yesterday', createRuns: [pipelineRun()] }),
        'STORE_INVALID_RECORD',
      );
      expect(await store.getPipelineRun(run.runId)).toBeUndefined();
    });

    it('applies a patch: the fields it names change, the others stay', async () => {
      const run = pipelineRun();
      await store.commit({ at: T0, createRuns: [run] });
      await store.commit({
        at: '2026-03-01T08:01:00.000Z',
        updateRuns: [
          {
            runId: run.runId,
            patch: {
              status: 'Succeeded',
              message: 'done',
              runEnd: '2026-03-01T08:01:00.000Z',
              durationInMs: 60_000,
              output: { pipelineReturnValue: { ok: true } },
              variables: { counter: '3', names: ['a', 'b'] },
              cancelRequested: true,
            },
          },
        ],
      });
      expect(await store.getPipelineRun(run.runId)).toEqual({
        ...run,
        status: 'Succeeded',
        message: 'done',
        runEnd: '2026-03-01T08:01:00.000Z',
        durationInMs: 60_000,
        output: { pipelineReturnValue: { ok: true } },
        variables: { counter: '3', names: ['a', 'b'] },
        cancelRequested: true,
        lastUpdated: '2026-03-01T08:01:00.000Z',
      });

      await store.commit({
        at: '2026-03-01T08:02:00.000Z',
        updateRuns: [{ runId: run.runId, patch: { output: null, runEnd: null } }],
      });
      expect(await store.getPipelineRun(run.runId)).toMatchObject({
        status: 'Succeeded',
        output: null,
        runEnd: null,
        durationInMs: 60_000,
        lastUpdated: '2026-03-01T08:02:00.000Z',
      });
    });

    it('lists the child runs of a run, oldest first', async () => {
      const parent = pipelineRun();
      const second = pipelineRun({ parentRunId: parent.runId, runStart: at(T0, 2000) });
      const first = pipelineRun({ parentRunId: parent.runId, runStart: at(T0, 1000) });
      const unrelated = pipelineRun({ parentRunId: randomUUID() });
      await store.commit({ at: T0, createRuns: [parent, second, first, unrelated] });
      expect(ids(await store.listChildRuns(parent.runId))).toEqual([first.runId, second.runId]);
      expect(await store.listChildRuns(first.runId)).toEqual([]);
    });
  });

  describe('activity runs', () => {
    it('creates activity runs with their run and reads back every field', async () => {
      const run = pipelineRun();
      const activity = activityRun(run.runId, {
        scope: 'ForEach1[3]/If1:true',
        activityName: 'Copy data',
        activityType: 'Copy',
        attempt: 2,
        status: 'Failed',
        input: { source: { type: 'DelimitedTextSource' }, items: [1, 2, 3] },
        output: { rowsCopied: 0 },
        error: {
          errorCode: '2200',
          message: 'Failure happened on Sink side.',
          failureType: 'UserError',
          target: 'Copy data',
          details: [{ code: 'x' }],
        },
        activityRunEnd: at(T0, 1500),
        durationInMs: 1500,
        childRunId: 'child-1',
        state: { items: ['a', 'b'], next: 1 },
        copiedFromActivityRunId: 'earlier-activity-run',
      });
      await store.commit({ at: T0, createRuns: [run], createActivityRuns: [activity] });
      expect(await store.listActivityRuns(run.runId)).toEqual([activity]);
    });

    it('lists activity runs by start, then in the order they were created', async () => {
      const run = pipelineRun();
      const late = activityRun(run.runId, { activityName: 'late', activityRunStart: at(T0, 5000) });
      const tieA = activityRun(run.runId, { activityName: 'tieA', activityRunStart: at(T0, 1000) });
      const tieB = activityRun(run.runId, { activityName: 'tieB', activityRunStart: at(T0, 1000) });
      const early = activityRun(run.runId, { activityName: 'early', activityRunStart: T0 });
      await store.commit({ at: T0, createRuns: [run], createActivityRuns: [late, tieA, tieB] });
      const tieC = activityRun(run.runId, { activityName: 'tieC', activityRunStart: at(T0, 1000) });
      await store.commit({ at: T0, createActivityRuns: [tieC, early] });
      const listed = await store.listActivityRuns(run.runId);
      expect(listed.map((activity) => activity.activityName)).toEqual([
        'early',
        'tieA',
        'tieB',
        'tieC',
        'late',
      ]);
    });

    it('lists nothing for a run without activity runs or that does not exist', async () => {
      const run = pipelineRun();
      await store.commit({ at: T0, createRuns: [run] });
      expect(await store.listActivityRuns(run.runId)).toEqual([]);
      expect(await store.listActivityRuns(randomUUID())).toEqual([]);
    });

    it('applies a patch: the fields it names change, the others stay', async () => {
      const run = pipelineRun();
      const activity = activityRun(run.runId, { state: { iteration: 0 } });
      await store.commit({ at: T0, createRuns: [run], createActivityRuns: [activity] });
      const failure = {
        errorCode: 'Timeout',
        message: 'Activity timed out',
        failureType: 'SystemError' as const,
        target: 'Wait1',
      };
      await store.commit({
        at: at(T0, 1000),
        updateActivityRuns: [
          {
            activityRunId: activity.activityRunId,
            patch: {
              status: 'Failed',
              input: { waitTimeInSeconds: 2 },
              output: { detail: 'x' },
              error: failure,
              activityRunStart: at(T0, 10),
              activityRunEnd: at(T0, 1000),
              durationInMs: 990,
              childRunId: 'child-run',
              state: { iteration: 1 },
            },
          },
        ],
      });
      const patched = {
        ...activity,
        status: 'Failed' as const,
        input: { waitTimeInSeconds: 2 },
        output: { detail: 'x' },
        error: failure,
        activityRunStart: at(T0, 10),
        activityRunEnd: at(T0, 1000),
        durationInMs: 990,
        childRunId: 'child-run',
        state: { iteration: 1 },
      };
      expect(await store.listActivityRuns(run.runId)).toEqual([patched]);

      await store.commit({
        at: at(T0, 2000),
        updateActivityRuns: [
          { activityRunId: activity.activityRunId, patch: { error: null, status: 'Succeeded' } },
        ],
      });
      expect(await store.listActivityRuns(run.runId)).toEqual([
        { ...patched, error: null, status: 'Succeeded' },
      ]);
    });

    it('accepts an empty patch: nothing changes but the run is marked as updated', async () => {
      const run = pipelineRun();
      const activity = activityRun(run.runId);
      await store.commit({ at: T0, createRuns: [run], createActivityRuns: [activity] });
      await store.commit({
        at: at(T0, 7000),
        updateActivityRuns: [{ activityRunId: activity.activityRunId, patch: {} }],
      });
      expect(await store.listActivityRuns(run.runId)).toEqual([activity]);
      expect((await store.getPipelineRun(run.runId))?.lastUpdated).toBe(at(T0, 7000));
    });
  });

  describe('lastUpdated', () => {
    it('moves on the run whose activity runs a transition creates or updates, and only there', async () => {
      const run = pipelineRun();
      const bystander = pipelineRun();
      await store.commit({ at: T0, createRuns: [run, bystander] });

      const activity = activityRun(run.runId);
      await store.commit({ at: at(T0, 1000), createActivityRuns: [activity] });
      expect((await store.getPipelineRun(run.runId))?.lastUpdated).toBe(at(T0, 1000));

      await store.commit({
        at: at(T0, 2000),
        updateActivityRuns: [
          { activityRunId: activity.activityRunId, patch: { status: 'Succeeded' } },
        ],
      });
      expect((await store.getPipelineRun(run.runId))?.lastUpdated).toBe(at(T0, 2000));
      expect((await store.getPipelineRun(bystander.runId))?.lastUpdated).toBe(T0);
    });

    it('is the transition instant for every run a transition touches in several ways', async () => {
      const runA = pipelineRun();
      const runB = pipelineRun();
      const activityA = activityRun(runA.runId);
      const activityB = activityRun(runB.runId);
      await store.commit({
        at: T0,
        createRuns: [runA, runB],
        createActivityRuns: [activityA, activityB],
      });
      const runC = pipelineRun({ parentRunId: runA.runId });
      await store.commit({
        at: at(T0, 3000),
        createRuns: [runC],
        updateRuns: [{ runId: runA.runId, patch: { variables: { x: '1' } } }],
        createActivityRuns: [activityRun(runC.runId), activityRun(runA.runId)],
        updateActivityRuns: [
          { activityRunId: activityA.activityRunId, patch: { status: 'Succeeded' } },
          { activityRunId: activityB.activityRunId, patch: { status: 'Failed' } },
        ],
      });
      for (const runId of [runA.runId, runB.runId, runC.runId]) {
        expect((await store.getPipelineRun(runId))?.lastUpdated).toBe(at(T0, 3000));
      }
      expect((await store.getPipelineRun(runA.runId))?.variables).toEqual({ x: '1' });
    });
  });

  describe('atomicity', () => {
    it('changes nothing when an insert fails half-way (duplicate id)', async () => {
      const run = pipelineRun();
      const existing = activityRun(run.runId);
      await store.commit({ at: T0, createRuns: [run], createActivityRuns: [existing] });
      const newRun = pipelineRun();
      await expectStoreError(
        store.commit({
          at: at(T0, 5000),
          createRuns: [newRun],
          updateRuns: [{ runId: run.runId, patch: { status: 'Failed', message: 'boom' } }],
          createActivityRuns: [activityRun(newRun.runId), { ...existing, status: 'Queued' }],
          updateActivityRuns: [
            { activityRunId: existing.activityRunId, patch: { status: 'Succeeded' } },
          ],
        }),
        'STORE_CONFLICT',
      );
      expect(await store.getPipelineRun(newRun.runId)).toBeUndefined();
      expect(await store.getPipelineRun(run.runId)).toEqual({ ...run, lastUpdated: T0 });
      expect(await store.listActivityRuns(run.runId)).toEqual([existing]);
      expect(await store.listActivityRuns(newRun.runId)).toEqual([]);
    });

    it('refuses a run id that exists, or that a transition repeats', async () => {
      const run = pipelineRun();
      await store.commit({ at: T0, createRuns: [run] });
      await expectStoreError(
        store.commit({ at: T0, createRuns: [pipelineRun({ runId: run.runId, status: 'Queued' })] }),
        'STORE_CONFLICT',
      );
      const twin = pipelineRun();
      await expectStoreError(
        store.commit({ at: T0, createRuns: [twin, { ...twin }] }),
        'STORE_CONFLICT',
      );
      expect(await store.getPipelineRun(twin.runId)).toBeUndefined();
      expect((await store.getPipelineRun(run.runId))?.status).toBe('InProgress');
    });

    it('refuses to update records that do not exist, and rolls back what came before', async () => {
      const run = pipelineRun();
      await store.commit({ at: T0, createRuns: [run] });
      await expectStoreError(
        store.commit({
          at: at(T0, 1000),
          updateRuns: [
            { runId: run.runId, patch: { status: 'Failed' } },
            { runId: randomUUID(), patch: { status: 'Failed' } },
          ],
        }),
        'STORE_RECORD_NOT_FOUND',
      );
      await expectStoreError(
        store.commit({
          at: at(T0, 1000),
          updateRuns: [{ runId: run.runId, patch: { status: 'Failed' } }],
          updateActivityRuns: [{ activityRunId: randomUUID(), patch: { status: 'Failed' } }],
        }),
        'STORE_RECORD_NOT_FOUND',
      );
      expect(await store.getPipelineRun(run.runId)).toEqual({ ...run, lastUpdated: T0 });
    });

    it('refuses an activity run whose pipeline run does not exist', async () => {
      const orphan = activityRun(randomUUID());
      await expectStoreError(
        store.commit({ at: T0, createActivityRuns: [orphan] }),
        'STORE_RECORD_NOT_FOUND',
      );
      expect(await store.listActivityRuns(orphan.pipelineRunId)).toEqual([]);
    });

    it('writes nothing when a patch targets a missing record, whatever else the transition does', async () => {
      const run = pipelineRun();
      const existing = activityRun(run.runId);
      await store.commit({ at: T0, createRuns: [run], createActivityRuns: [existing] });
      const newRun = pipelineRun();
      const missingActivityRunId = randomUUID();
      const error = await store
        .commit({
          at: at(T0, 5000),
          createRuns: [newRun],
          updateRuns: [{ runId: run.runId, patch: { status: 'Failed' } }],
          createActivityRuns: [activityRun(newRun.runId), activityRun(run.runId)],
          updateActivityRuns: [
            { activityRunId: existing.activityRunId, patch: { status: 'Succeeded' } },
            { activityRunId: missingActivityRunId, patch: {} },
          ],
        })
        .catch((caught: unknown) => caught);
      expect(isStoreError(error, 'STORE_RECORD_NOT_FOUND')).toBe(true);
      expect((error as Error).message).toContain(missingActivityRunId);

      const missingRunId = randomUUID();
      const second = await store
        .commit({
          at: at(T0, 6000),
          updateRuns: [{ runId: missingRunId, patch: { status: 'Failed' } }],
          createActivityRuns: [activityRun(run.runId)],
          updateActivityRuns: [
            { activityRunId: existing.activityRunId, patch: { status: 'Succeeded' } },
          ],
        })
        .catch((caught: unknown) => caught);
      expect(isStoreError(second, 'STORE_RECORD_NOT_FOUND')).toBe(true);
      expect((second as Error).message).toContain(missingRunId);

      expect(await store.getPipelineRun(newRun.runId)).toBeUndefined();
      expect(await store.getPipelineRun(run.runId)).toEqual({ ...run, lastUpdated: T0 });
      expect(await store.listActivityRuns(run.runId)).toEqual([existing]);
      expect(await store.listActivityRuns(newRun.runId)).toEqual([]);
    });

    it('writes nothing when a created id exists or a new activity run has no run', async () => {
      const run = pipelineRun();
      const existing = activityRun(run.runId);
      await store.commit({ at: T0, createRuns: [run], createActivityRuns: [existing] });
      const other = activityRun(run.runId);
      await store.commit({ at: T0, createActivityRuns: [other] });
      const newRun = pipelineRun();
      await expectStoreError(
        store.commit({
          at: at(T0, 5000),
          createRuns: [newRun],
          updateRuns: [{ runId: run.runId, patch: { status: 'Failed' } }],
          createActivityRuns: [activityRun(newRun.runId), { ...existing, status: 'Queued' }],
          updateActivityRuns: [{ activityRunId: other.activityRunId, patch: { status: 'Failed' } }],
        }),
        'STORE_CONFLICT',
      );
      await expectStoreError(
        store.commit({
          at: at(T0, 6000),
          updateRuns: [{ runId: run.runId, patch: { status: 'Failed' } }],
          createActivityRuns: [activityRun(run.runId), activityRun(randomUUID())],
          updateActivityRuns: [{ activityRunId: other.activityRunId, patch: { status: 'Failed' } }],
        }),
        'STORE_RECORD_NOT_FOUND',
      );
      expect(await store.getPipelineRun(newRun.runId)).toBeUndefined();
      expect(await store.getPipelineRun(run.runId)).toEqual({ ...run, lastUpdated: T0 });
      expect(await store.listActivityRuns(run.runId)).toEqual([existing, other]);
    });
  });

  describe('patches within one transition', () => {
    it('apply in order to records the same transition creates', async () => {
      const run = pipelineRun();
      const activity = activityRun(run.runId);
      await store.commit({
        at: at(T0, 1000),
        createRuns: [run],
        updateRuns: [
          { runId: run.runId, patch: { status: 'Failed', message: 'first' } },
          { runId: run.runId, patch: { message: 'second' } },
        ],
        createActivityRuns: [activity],
        updateActivityRuns: [
          {
            activityRunId: activity.activityRunId,
            patch: { status: 'Succeeded', output: { n: 1 } },
          },
          { activityRunId: activity.activityRunId, patch: { output: { n: 2 } } },
        ],
      });
      expect(await store.getPipelineRun(run.runId)).toEqual({
        ...run,
        status: 'Failed',
        message: 'second',
        lastUpdated: at(T0, 1000),
      });
      expect(await store.listActivityRuns(run.runId)).toEqual([
        { ...activity, status: 'Succeeded', output: { n: 2 } },
      ]);
    });

    it('apply in order to existing records patched twice', async () => {
      const run = pipelineRun();
      const activity = activityRun(run.runId);
      await store.commit({ at: T0, createRuns: [run], createActivityRuns: [activity] });
      await store.commit({
        at: at(T0, 2000),
        updateRuns: [
          { runId: run.runId, patch: { status: 'Failed', message: 'first' } },
          { runId: run.runId, patch: { message: 'second' } },
        ],
        updateActivityRuns: [
          {
            activityRunId: activity.activityRunId,
            patch: { status: 'Succeeded', output: { n: 1 } },
          },
          { activityRunId: activity.activityRunId, patch: { output: { n: 2 } } },
        ],
      });
      expect(await store.getPipelineRun(run.runId)).toEqual({
        ...run,
        status: 'Failed',
        message: 'second',
        lastUpdated: at(T0, 2000),
      });
      expect(await store.listActivityRuns(run.runId)).toEqual([
        { ...activity, status: 'Succeeded', output: { n: 2 } },
      ]);
    });

    it('complete one activity run and start the next, as the engine does in one step', async () => {
      const run = pipelineRun();
      const first = activityRun(run.runId, { scope: 'ForEach1[0]' });
      await store.commit({ at: T0, createRuns: [run], createActivityRuns: [first] });
      const second = activityRun(run.runId, { scope: 'ForEach1[1]', activityRunStart: at(T0, 10) });
      await store.commit({
        at: at(T0, 10),
        createActivityRuns: [second],
        updateActivityRuns: [
          {
            activityRunId: first.activityRunId,
            patch: {
              status: 'Succeeded',
              output: { n: 0 },
              activityRunEnd: at(T0, 10),
              durationInMs: 10,
            },
          },
        ],
      });
      expect(await store.listActivityRuns(run.runId)).toEqual([
        {
          ...first,
          status: 'Succeeded',
          output: { n: 0 },
          activityRunEnd: at(T0, 10),
          durationInMs: 10,
        },
        second,
      ]);
      expect((await store.getPipelineRun(run.runId))?.lastUpdated).toBe(at(T0, 10));
    });
  });

  describe('leases', () => {
    const now = '2026-03-01T09:00:00.000Z';
    const inOneMinute = '2026-03-01T09:01:00.000Z';
    const inTwoMinutes = '2026-03-01T09:02:00.000Z';

    it('goes to the first owner, is renewed by it, and refused to others until it expires', async () => {
      const run = pipelineRun();
      await store.commit({ at: T0, createRuns: [run] });

      expect(await store.acquireLease(run.runId, 'owner-a', now, inOneMinute)).toBe(true);
      expect(await store.getPipelineRun(run.runId)).toMatchObject({
        leaseOwner: 'owner-a',
        leaseExpiresAt: inOneMinute,
        lastUpdated: T0,
      });
      expect(await store.acquireLease(run.runId, 'owner-b', now, inTwoMinutes)).toBe(false);
      expect(await store.acquireLease(run.runId, 'owner-a', now, inTwoMinutes)).toBe(true);
      expect((await store.getPipelineRun(run.runId))?.leaseExpiresAt).toBe(inTwoMinutes);

      // At the instant of expiry the lease still holds; just after, it is up for grabs.
      expect(await store.acquireLease(run.runId, 'owner-b', inTwoMinutes, at(now, 600_000))).toBe(
        false,
      );
      const later = at(inTwoMinutes, 1);
      expect(await store.acquireLease(run.runId, 'owner-b', later, at(later, 60_000))).toBe(true);
      expect((await store.getPipelineRun(run.runId))?.leaseOwner).toBe('owner-b');
    });

    it('refuses a lease on a run that does not exist', async () => {
      expect(await store.acquireLease(randomUUID(), 'owner-a', now, inOneMinute)).toBe(false);
    });

    it('is released only by its owner', async () => {
      const run = pipelineRun();
      await store.commit({ at: T0, createRuns: [run] });
      await store.acquireLease(run.runId, 'owner-a', now, inOneMinute);
      await store.releaseLease(run.runId, 'owner-b');
      expect((await store.getPipelineRun(run.runId))?.leaseOwner).toBe('owner-a');
      await store.releaseLease(run.runId, 'owner-a');
      expect(await store.getPipelineRun(run.runId)).toMatchObject({
        leaseOwner: null,
        leaseExpiresAt: null,
      });
      expect(await store.acquireLease(run.runId, 'owner-b', now, inOneMinute)).toBe(true);
    });

    it("renews every lease of one owner and no one else's", async () => {
      const mine = [pipelineRun(), pipelineRun()];
      const theirs = pipelineRun();
      await store.commit({ at: T0, createRuns: [...mine, theirs] });
      for (const run of mine) await store.acquireLease(run.runId, 'renewer', now, inOneMinute);
      await store.acquireLease(theirs.runId, 'other', now, inOneMinute);
      await store.renewLeases('renewer', inTwoMinutes);
      for (const run of mine) {
        expect((await store.getPipelineRun(run.runId))?.leaseExpiresAt).toBe(inTwoMinutes);
      }
      expect((await store.getPipelineRun(theirs.runId))?.leaseExpiresAt).toBe(inOneMinute);
    });

    it('goes to exactly one of two owners that ask at the same time', async () => {
      const runs = Array.from({ length: 20 }, () => pipelineRun());
      await store.commit({ at: T0, createRuns: runs });
      const outcomes = await Promise.all(
        runs.map((run) =>
          Promise.all([
            store.acquireLease(run.runId, 'racer-a', now, inOneMinute),
            store.acquireLease(run.runId, 'racer-b', now, inOneMinute),
          ]),
        ),
      );
      for (const [index, [a, b]] of outcomes.entries()) {
        expect(a !== b, `run ${index}: exactly one owner wins`).toBe(true);
        const owner = (await store.getPipelineRun(runs[index]?.runId ?? ''))?.leaseOwner;
        expect(owner).toBe(a ? 'racer-a' : 'racer-b');
      }
    });
  });

  describe('orphaned runs', () => {
    it('are the unfinished runs whose lease is missing or expired', async () => {
      const now = '2030-06-01T12:00:00.000Z';
      const expired = '2030-06-01T11:59:59.999Z';
      const live = '2030-06-01T12:00:30.000Z';
      const statuses: readonly PipelineRunStatus[] = [
        'Queued',
        'InProgress',
        'Canceling',
        'Succeeded',
        'Failed',
        'Cancelled',
      ];
      const expected: string[] = [];
      const unexpected: string[] = [];
      const runs: PipelineRunRecord[] = [];
      for (const [index, status] of statuses.entries()) {
        const unfinished = index < 3;
        const noLease = pipelineRun({ status, runStart: at(T0, index * 10) });
        const expiredLease = pipelineRun({
          status,
          runStart: at(T0, index * 10 + 1),
          leaseOwner: 'crashed',
          leaseExpiresAt: expired,
        });
        const liveLease = pipelineRun({
          status,
          runStart: at(T0, index * 10 + 2),
          leaseOwner: 'alive',
          leaseExpiresAt: live,
        });
        const exactlyNow = pipelineRun({
          status,
          runStart: at(T0, index * 10 + 3),
          leaseOwner: 'alive',
          leaseExpiresAt: now,
        });
        runs.push(noLease, expiredLease, liveLease, exactlyNow);
        (unfinished ? expected : unexpected).push(noLease.runId, expiredLease.runId);
        unexpected.push(liveLease.runId, exactlyNow.runId);
      }
      await store.commit({ at: T0, createRuns: runs });
      const orphans = await store.findOrphanedRuns(now);
      // Other tests' runs may be orphans too; these must be in order among them.
      expect(orphans.filter((id) => expected.includes(id))).toEqual(expected);
      for (const id of unexpected) expect(orphans).not.toContain(id);
    });
  });

  describe('queryPipelineRuns', () => {
    /** Runs in a fresh window: runStart i seconds in, runEnd as given (null: not ended). */
    async function seed(
      window: ReturnType<typeof queryWindow>,
      specs: readonly Partial<PipelineRunRecord>[],
    ): Promise<PipelineRunRecord[]> {
      const runs = specs.map((spec, index) =>
        pipelineRun({ runStart: window.at(index * 1000), ...spec }),
      );
      await store.commit({ at: window.at(0), createRuns: runs });
      return runs;
    }

    it('orders by RunStart descending by default, breaking ties by runId', async () => {
      const window = queryWindow();
      const runs = await seed(window, [
        { runId: 'run-b' },
        { runId: 'run-c', runStart: window.at(5000) },
        { runId: 'run-a', runStart: window.at(5000) },
        { runId: 'run-d', runStart: window.at(500) },
      ]);
      const page = await store.queryPipelineRuns(window.within);
      expect(ids(page.value)).toEqual(['run-c', 'run-a', 'run-d', 'run-b']);
      expect(page.continuationToken).toBeUndefined();
      expect(runs).toHaveLength(4);
    });

    it('orders by RunStart ascending', async () => {
      const window = queryWindow();
      await seed(window, [
        { runId: 'x2', runStart: window.at(2000) },
        { runId: 'x1', runStart: window.at(1000) },
        { runId: 'x3', runStart: window.at(2000) },
      ]);
      const page = await store.queryPipelineRuns({
        ...window.within,
        orderBy: { orderBy: 'RunStart', order: 'ASC' },
      });
      expect(ids(page.value)).toEqual(['x1', 'x2', 'x3']);
    });

    it('orders by RunEnd with unfinished runs last ascending and first descending', async () => {
      const window = queryWindow();
      await seed(window, [
        { runId: 'open-2', runEnd: null },
        { runId: 'end-3', runEnd: window.at(30_000) },
        { runId: 'end-1', runEnd: window.at(10_000) },
        { runId: 'open-1', runEnd: null },
        { runId: 'end-2b', runEnd: window.at(20_000) },
        { runId: 'end-2a', runEnd: window.at(20_000) },
      ]);
      const ascending = await store.queryPipelineRuns({
        ...window.within,
        orderBy: { orderBy: 'RunEnd', order: 'ASC' },
      });
      expect(ids(ascending.value)).toEqual([
        'end-1',
        'end-2a',
        'end-2b',
        'end-3',
        'open-1',
        'open-2',
      ]);
      const descending = await store.queryPipelineRuns({
        ...window.within,
        orderBy: { orderBy: 'RunEnd', order: 'DESC' },
      });
      expect(ids(descending.value)).toEqual([
        'open-2',
        'open-1',
        'end-3',
        'end-2b',
        'end-2a',
        'end-1',
      ]);
    });

    it.each([
      { orderBy: 'RunStart', order: 'DESC' },
      { orderBy: 'RunStart', order: 'ASC' },
      { orderBy: 'RunEnd', order: 'DESC' },
      { orderBy: 'RunEnd', order: 'ASC' },
    ] as const)('pages through every run once, ordered by $orderBy $order', async (orderBy) => {
      const window = queryWindow();
      // Ties on both keys and unfinished runs, so that pages split inside groups.
      const specs: Partial<PipelineRunRecord>[] = [];
      for (let index = 0; index < 23; index++) {
        specs.push({
          runId: window.id(`page-${String(index).padStart(2, '0')}`),
          runStart: window.at(Math.floor(index / 3) * 1000),
          runEnd: index % 4 === 0 ? null : window.at(50_000 - Math.floor(index / 2) * 1000),
        });
      }
      await seed(window, specs);
      const everything = await store.queryPipelineRuns({ ...window.within, orderBy });
      expect(everything.value).toHaveLength(23);
      const pages = await allPages(store, { ...window.within, orderBy, limit: 4 });
      expect(pages.map((page) => page.length)).toEqual([4, 4, 4, 4, 4, 3]);
      expect(ids(pages.flat())).toEqual(ids(everything.value));
    });

    it('ends without a token when the last page is exactly full', async () => {
      const window = queryWindow();
      await seed(window, [{}, {}, {}, {}]);
      const pages = await allPages(store, { ...window.within, limit: 2 });
      expect(pages.map((page) => page.length)).toEqual([2, 2]);
    });

    it('keeps pages stable when runs are added between them', async () => {
      const window = queryWindow();
      await seed(window, [{ runId: 'k1' }, { runId: 'k2' }, { runId: 'k3' }, { runId: 'k4' }]);
      const query = {
        ...window.within,
        orderBy: { orderBy: 'RunStart', order: 'ASC' },
        limit: 2,
      } as const;
      const first = await store.queryPipelineRuns(query);
      expect(ids(first.value)).toEqual(['k1', 'k2']);
      // A run that sorts before the cursor must not shift the next page.
      await store.commit({
        at: window.at(0),
        createRuns: [pipelineRun({ runId: 'k0', runStart: window.at(-1) })],
      });
      const second = await store.queryPipelineRuns({
        ...query,
        continuationToken: first.continuationToken,
      });
      expect(ids(second.value)).toEqual(['k3', 'k4']);
    });

    it('returns at most 100 runs by default and at most 1000 whatever the limit', async () => {
      const window = queryWindow();
      await seed(
        window,
        Array.from({ length: 1001 }, () => ({})),
      );
      const byDefault = await store.queryPipelineRuns(window.within);
      expect(byDefault.value).toHaveLength(100);
      expect(byDefault.continuationToken).toBeDefined();
      const capped = await store.queryPipelineRuns({ ...window.within, limit: 5000 });
      expect(capped.value).toHaveLength(1000);
      const rest = await store.queryPipelineRuns({
        ...window.within,
        limit: 5000,
        continuationToken: capped.continuationToken,
      });
      expect(rest.value).toHaveLength(1);
      expect(rest.continuationToken).toBeUndefined();
    });

    it('takes runs updated at or after lastUpdatedAfter and before lastUpdatedBefore', async () => {
      const window = queryWindow();
      const first = pipelineRun();
      const second = pipelineRun();
      const third = pipelineRun();
      await store.commit({ at: window.at(1000), createRuns: [first] });
      await store.commit({ at: window.at(2000), createRuns: [second] });
      await store.commit({ at: window.at(3000), createRuns: [third] });
      const page = await store.queryPipelineRuns({
        lastUpdatedAfter: window.at(2000),
        lastUpdatedBefore: window.at(3000),
      });
      expect(ids(page.value)).toEqual([second.runId]);
      const after = await store.queryPipelineRuns({ lastUpdatedAfter: window.at(2000) });
      expect(ids(after.value)).toContain(third.runId);
      expect(ids(after.value)).not.toContain(first.runId);
      const before = await store.queryPipelineRuns({
        lastUpdatedBefore: window.at(2000),
        lastUpdatedAfter: window.start,
      });
      expect(ids(before.value)).toEqual([first.runId]);

      // An update moves a run into a later window.
      await store.commit({
        at: window.at(9000),
        updateRuns: [{ runId: first.runId, patch: { message: 'touched' } }],
      });
      const moved = await store.queryPipelineRuns({ lastUpdatedAfter: window.at(9000) });
      expect(ids(moved.value)).toContain(first.runId);
    });

    describe('filters', () => {
      let window: ReturnType<typeof queryWindow>;
      let runs: PipelineRunRecord[];

      beforeAll(async () => {
        window = queryWindow();
        runs = await seed(window, [
          { runId: 'f-1', pipelineName: 'Alpha', status: 'Succeeded', runGroupId: 'g-1' },
          { runId: 'f-2', pipelineName: 'Beta', status: 'Failed', runGroupId: 'g-1' },
          { runId: 'f-3', pipelineName: 'Alpha', status: 'InProgress', runGroupId: 'g-2' },
          { runId: 'f-4', pipelineName: 'Gamma', status: 'Succeeded', runGroupId: 'g-3' },
          { runId: 'f-5', pipelineName: 'Beta', status: 'Cancelled', runGroupId: 'g-2' },
        ]);
      });

      async function matching(filters: PipelineRunQuery['filters']): Promise<string[]> {
        const page = await store.queryPipelineRuns({
          ...window.within,
          filters,
          orderBy: { orderBy: 'RunStart', order: 'ASC' },
        });
        return ids(page.value);
      }

      it.each([
        ['PipelineName', 'Equals', ['Alpha'], ['f-1', 'f-3']],
        ['PipelineName', 'NotEquals', ['Alpha'], ['f-2', 'f-4', 'f-5']],
        ['PipelineName', 'In', ['Beta', 'Gamma'], ['f-2', 'f-4', 'f-5']],
        ['PipelineName', 'NotIn', ['Beta', 'Gamma'], ['f-1', 'f-3']],
        ['Status', 'Equals', ['Succeeded'], ['f-1', 'f-4']],
        ['Status', 'NotEquals', ['Succeeded'], ['f-2', 'f-3', 'f-5']],
        ['Status', 'In', ['Failed', 'Cancelled'], ['f-2', 'f-5']],
        ['Status', 'NotIn', ['Failed', 'Cancelled'], ['f-1', 'f-3', 'f-4']],
        ['RunGroupId', 'Equals', ['g-2'], ['f-3', 'f-5']],
        ['RunGroupId', 'NotEquals', ['g-2'], ['f-1', 'f-2', 'f-4']],
        ['RunGroupId', 'In', ['g-1', 'g-3'], ['f-1', 'f-2', 'f-4']],
        ['RunGroupId', 'NotIn', ['g-1', 'g-3'], ['f-3', 'f-5']],
        ['RunId', 'Equals', ['f-4'], ['f-4']],
        ['RunId', 'NotEquals', ['f-4'], ['f-1', 'f-2', 'f-3', 'f-5']],
        ['RunId', 'In', ['f-1', 'f-5', 'nope'], ['f-1', 'f-5']],
        ['RunId', 'NotIn', ['f-1', 'f-5'], ['f-2', 'f-3', 'f-4']],
        ['RunId', 'In', [], []],
        ['RunId', 'NotIn', [], ['f-1', 'f-2', 'f-3', 'f-4', 'f-5']],
      ] as const)('%s %s %j', async (operand, operator, values, expected) => {
        expect(await matching([{ operand, operator, values }])).toEqual(expected);
      });

      it('combines filters with AND', async () => {
        expect(
          await matching([
            { operand: 'PipelineName', operator: 'In', values: ['Alpha', 'Beta'] },
            { operand: 'Status', operator: 'NotEquals', values: ['Failed'] },
            { operand: 'RunGroupId', operator: 'Equals', values: ['g-2'] },
          ]),
        ).toEqual(['f-3', 'f-5']);
        expect(runs).toHaveLength(5);
      });

      it('pages through filtered runs', async () => {
        const pages = await allPages(store, {
          ...window.within,
          filters: [{ operand: 'PipelineName', operator: 'NotEquals', values: ['Gamma'] }],
          limit: 1,
        });
        expect(ids(pages.flat())).toEqual(['f-5', 'f-3', 'f-2', 'f-1']);
      });
    });

    it('refuses an invalid limit, instant, operand or operator', async () => {
      for (const limit of [0, -1, 2.5, Number.NaN]) {
        await expectStoreError(store.queryPipelineRuns({ limit }), 'STORE_INVALID_QUERY');
      }
      await expectStoreError(
        store.queryPipelineRuns({ lastUpdatedAfter: 'last tuesday' }),
        'STORE_INVALID_QUERY',
      );
      await expectStoreError(
        store.queryPipelineRuns({
          filters: [{ operand: 'Nope' as 'RunId', operator: 'Equals', values: ['x'] }],
        }),
        'STORE_INVALID_QUERY',
      );
      await expectStoreError(
        store.queryPipelineRuns({
          filters: [{ operand: 'RunId', operator: 'Like' as 'Equals', values: ['x'] }],
        }),
        'STORE_INVALID_QUERY',
      );
      await expectStoreError(
        store.queryPipelineRuns({
          orderBy: { orderBy: 'LastUpdated' as 'RunStart', order: 'ASC' },
        }),
        'STORE_INVALID_QUERY',
      );
    });

    it('refuses a malformed continuation token, or one from another order', async () => {
      const window = queryWindow();
      await seed(window, [{}, {}, {}]);
      const first = await store.queryPipelineRuns({ ...window.within, limit: 1 });
      const token = first.continuationToken;
      expect(token).toBeDefined();
      const malformed = [
        'not a token!',
        Buffer.from('not json').toString('base64url'),
        Buffer.from('[1,2]').toString('base64url'),
        Buffer.from('{"o":"RunStart","d":"DESC","k":"yesterday","r":"x"}').toString('base64url'),
        Buffer.from('{"o":"RunStart","d":"DESC","k":null,"r":"x"}').toString('base64url'),
        `${token ?? ''}x`,
      ];
      for (const continuationToken of malformed) {
        await expectStoreError(
          store.queryPipelineRuns({ ...window.within, limit: 1, continuationToken }),
          'STORE_INVALID_CONTINUATION_TOKEN',
        );
      }
      await expectStoreError(
        store.queryPipelineRuns({
          ...window.within,
          limit: 1,
          continuationToken: token,
          orderBy: { orderBy: 'RunEnd', order: 'DESC' },
        }),
        'STORE_INVALID_CONTINUATION_TOKEN',
      );
    });
  });

  describe('values', () => {
    it('keeps big JSON values intact', async () => {
      const rows = Array.from({ length: 20_000 }, (_, index) => ({
        id: index,
        name: `row ${index}`,
        price: index / 7,
        tags: ['a', 'b'],
        nested: { ok: index % 2 === 0, none: null },
      }));
      let deep: JsonObject = { leaf: 'bottom' };
      for (let level = 0; level < 100; level++) deep = { level, child: deep };
      const run = pipelineRun({
        definition: { name: 'Big', properties: { rows } },
        variables: { deep, numbers: [0, -1, 1.5, 1e-7, 2 ** 53 - 1, -(2 ** 53 - 1), 1e21] },
      });
      const activity = activityRun(run.runId, { output: { value: rows }, state: { deep } });
      await store.commit({ at: T0, createRuns: [run], createActivityRuns: [activity] });
      const stored = await store.getPipelineRun(run.runId);
      expect(JSON.stringify(run.definition).length).toBeGreaterThan(1_500_000);
      expect(stored?.definition).toEqual(run.definition);
      expect(stored?.variables).toEqual(run.variables);
      expect(await store.listActivityRuns(run.runId)).toEqual([activity]);
    });

    it('keeps unicode intact in ids, names, messages and JSON', async () => {
      const text = 'Zürich – 東京 – مرحبا – 👩🏽‍💻 – e\u0301 – "quoted" \\ back\\slash \n tab\t';
      const run = pipelineRun({
        runId: `run-${text.slice(0, 20)}-${randomUUID()}`,
        pipelineName: 'Pipeline_東京_👩🏽‍💻',
        message: text,
        parameters: { [text]: text, emoji: '🚀', '': 'empty key' },
      });
      const activity = activityRun(run.runId, {
        activityName: 'Étape 1 – 東京',
        scope: 'ForEach1[0]/Switch:"ünï"',
        output: { text, list: [text, '🚀'] },
      });
      await store.commit({ at: T0, createRuns: [run], createActivityRuns: [activity] });
      expect(await store.getPipelineRun(run.runId)).toEqual({ ...run, lastUpdated: T0 });
      expect(await store.listActivityRuns(run.runId)).toEqual([activity]);
      const page = await store.queryPipelineRuns({
        filters: [{ operand: 'PipelineName', operator: 'Equals', values: [run.pipelineName] }],
      });
      expect(ids(page.value)).toEqual([run.runId]);
    });

    it('keeps JSON scalars and empty containers as themselves', async () => {
      const run = pipelineRun({ output: 'just a string', parameters: {}, variables: {} });
      const activities = [
        activityRun(run.runId, { output: 0, input: false }),
        activityRun(run.runId, { output: [], input: '', activityRunStart: at(T0, 1) }),
        activityRun(run.runId, { output: 'null', input: null, activityRunStart: at(T0, 2) }),
      ];
      await store.commit({ at: T0, createRuns: [run], createActivityRuns: activities });
      expect((await store.getPipelineRun(run.runId))?.output).toBe('just a string');
      expect(await store.listActivityRuns(run.runId)).toEqual(activities);
    });
  });

  describe('schema', () => {
    it('opens an existing database again without migrating twice, and sees its data', async () => {
      const run = pipelineRun();
      await store.commit({ at: T0, createRuns: [run] });
      const again = await harness.open();
      try {
        expect(await again.getPipelineRun(run.runId)).toEqual({ ...run, lastUpdated: T0 });
        const another = pipelineRun();
        await again.commit({ at: T0, createRuns: [another] });
        expect(await store.getPipelineRun(another.runId)).toBeDefined();
      } finally {
        await again.close();
      }
    });
  });
});
