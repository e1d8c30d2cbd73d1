/**
 * The behaviour every MlWorkspaceStore adapter must have, run against each adapter STORE selects
 * (both by default). Each adapter gets one database for the file; tests keep out of each other's
 * way with fresh ids, names and experiments, and look only at their own records in listings.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  MlPublishedPipelineRecord,
  MlRunPatch,
  MlRunQuery,
  MlRunRecord,
  MlRunStatus,
  MlStepRunPatch,
  MlStepRunRecord,
} from '../../src/store/ml-store.js';
import type { Store } from '../../src/store/store.js';
import {
  newEndpoint,
  newMlRun,
  newPublishedPipeline,
  newStepRun,
} from '../support/ml-record-builders.js';
import { newPipelineRun, T0 } from '../support/run-record-builders.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { createStoreHarness, type StoreHarness } from '../support/store-harness.js';
import { at, expectStoreError } from '../support/store-test-kit.js';

/** The records of `listed` whose id is in `ours`, in the listing's order. */
function only<Record extends { readonly id: string }>(
  listed: readonly Record[],
  ours: readonly { readonly id: string }[],
): string[] {
  const ids = new Set(ours.map((record) => record.id));
  return listed.filter((record) => ids.has(record.id)).map((record) => record.id);
}

describe.each(storeAdaptersUnderTest())('MlWorkspaceStore on %s', (adapter) => {
  let harness: StoreHarness;
  let store: Store;

  beforeAll(async () => {
    harness = await createStoreHarness(adapter);
    store = await harness.open();
  });

  afterAll(async () => {
    await store?.close();
    await harness?.dispose();
  });

  /** A published pipeline stored with these fields. */
  async function publish(
    overrides: Partial<MlPublishedPipelineRecord> = {},
  ): Promise<MlPublishedPipelineRecord> {
    const pipeline = newPublishedPipeline(overrides);
    await store.createPublishedPipeline(pipeline);
    return pipeline;
  }

  /** A fresh experiment's name. */
  async function experiment(): Promise<string> {
    const name = `exp-${randomUUID()}`;
    await store.ensureExperiment(name, T0);
    return name;
  }

  describe('published pipelines', () => {
    it('are stored and read back field by field, instants in toISOString form', async () => {
      const pipeline = newPublishedPipeline({
        name: 'score-batch',
        description: 'Scores the day’s files',
        version: '2.1',
        snapshotHash: 'sha256-abc',
        definition: {
          steps: [{ name: 'score', type: 'command', inputs: { data: '${{parent.inputs.x}}' } }],
          settings: { continue_on_step_failure: true, nested: { list: [1, 'two', null, false] } },
        },
        interface: {
          parameters: [
            {
              name: 'threshold',
              type: 'Double',
              defaultValue: '0.5',
              isOptional: true,
              description: 'cut-off',
            },
            { name: 'label', type: 'String', defaultValue: null, isOptional: false },
          ],
          dataPathParameters: [
            {
              name: 'input_data',
              dataType: 'uri_folder',
              defaultValue: { datastore: 'workspaceblobstore', path: 'in/2026' },
              isOptional: false,
            },
          ],
        },
        continueOnStepFailure: true,
        createdBy: 'ana@example.com',
        createdAt: '2026-03-01T10:00:00+02:00',
        lastModified: '2026-03-01T08:00:05.1234Z',
      });
      await store.createPublishedPipeline(pipeline);
      expect(await store.getPublishedPipeline(pipeline.id)).toEqual({
        ...pipeline,
        createdAt: '2026-03-01T08:00:00.000Z',
        lastModified: '2026-03-01T08:00:05.123Z',
      });
    });

    it('read back nulls and false as such', async () => {
      const pipeline = await publish({ createdBy: null, continueOnStepFailure: false });
      expect(await store.getPublishedPipeline(pipeline.id)).toEqual(pipeline);
    });

    it('are undefined when unknown', async () => {
      expect(await store.getPublishedPipeline(randomUUID())).toBeUndefined();
    });

    it('refuse a second pipeline with the same id (STORE_CONFLICT)', async () => {
      const pipeline = await publish({ name: 'first' });
      await expectStoreError(
        store.createPublishedPipeline({ ...pipeline, name: 'second' }),
        'STORE_CONFLICT',
      );
      expect((await store.getPublishedPipeline(pipeline.id))?.name).toBe('first');
    });

    it('refuse an instant without a zone (STORE_INVALID_RECORD)', async () => {
      const pipeline = newPublishedPipeline({ createdAt: '2026-03-01T10:00:00' });
      await expectStoreError(store.createPublishedPipeline(pipeline), 'STORE_INVALID_RECORD');
      expect(await store.getPublishedPipeline(pipeline.id)).toBeUndefined();
    });

    it('are listed newest first, all or only the active ones', async () => {
      const older = await publish({ createdAt: at(T0, 1_000) });
      const deprecated = await publish({ createdAt: at(T0, 2_000), status: 'Deprecated' });
      const disabled = await publish({ createdAt: at(T0, 3_000), status: 'Disabled' });
      const newest = await publish({ createdAt: at(T0, 4_000) });
      const ours = [older, deprecated, disabled, newest];
      expect(only(await store.listPublishedPipelines({ activeOnly: false }), ours)).toEqual([
        newest.id,
        disabled.id,
        deprecated.id,
        older.id,
      ]);
      expect(only(await store.listPublishedPipelines({ activeOnly: true }), ours)).toEqual([
        newest.id,
        older.id,
      ]);
    });

    it('change status, and lastModified with it, and back', async () => {
      const pipeline = await publish();
      await store.setPublishedPipelineStatus(pipeline.id, 'Disabled', '2026-04-01T12:00:00+01:00');
      expect(await store.getPublishedPipeline(pipeline.id)).toEqual({
        ...pipeline,
        status: 'Disabled',
        lastModified: '2026-04-01T11:00:00.000Z',
      });
      expect(only(await store.listPublishedPipelines({ activeOnly: true }), [pipeline])).toEqual(
        [],
      );
      await store.setPublishedPipelineStatus(pipeline.id, 'Active', '2026-04-02T00:00:00.000Z');
      expect(only(await store.listPublishedPipelines({ activeOnly: true }), [pipeline])).toEqual([
        pipeline.id,
      ]);
    });

    it('refuse a status change of an unknown pipeline (STORE_RECORD_NOT_FOUND)', async () => {
      await expectStoreError(
        store.setPublishedPipelineStatus(randomUUID(), 'Disabled', T0),
        'STORE_RECORD_NOT_FOUND',
      );
    });
  });

  describe('pipeline endpoints', () => {
    let pipelineA: MlPublishedPipelineRecord;
    let pipelineB: MlPublishedPipelineRecord;

    beforeAll(async () => {
      pipelineA = await publish({ name: 'a' });
      pipelineB = await publish({ name: 'b' });
    });

    it('are stored with their versions and found by id and by name in any case', async () => {
      const endpoint = newEndpoint(pipelineA.id, {
        name: `Nightly-${randomUUID()}`,
        description: 'The nightly scoring',
        status: 'Disabled',
        defaultVersion: '1',
        versions: [
          { version: '0', pipelineId: pipelineA.id, addedAt: '2026-03-01T09:00:00+01:00' },
          { version: '1', pipelineId: pipelineB.id, addedAt: '2026-03-02T08:00:00.000Z' },
        ],
        createdAt: '2026-03-01T09:00:00+01:00',
        lastModified: '2026-03-02T08:00:00.000Z',
      });
      await store.createEndpoint(endpoint);
      const expected = {
        ...endpoint,
        versions: [
          { version: '0', pipelineId: pipelineA.id, addedAt: '2026-03-01T08:00:00.000Z' },
          { version: '1', pipelineId: pipelineB.id, addedAt: '2026-03-02T08:00:00.000Z' },
        ],
        createdAt: '2026-03-01T08:00:00.000Z',
      };
      expect(await store.getEndpoint(endpoint.id)).toEqual(expected);
      expect(await store.getEndpointByName(endpoint.name)).toEqual(expected);
      expect(await store.getEndpointByName(endpoint.name.toUpperCase())).toEqual(expected);
      expect(await store.getEndpointByName(endpoint.name.toLowerCase())).toEqual(expected);
      expect(await store.getEndpoint(randomUUID())).toBeUndefined();
      expect(await store.getEndpointByName(`missing-${randomUUID()}`)).toBeUndefined();
    });

    it('have names unique ignoring case, and ids unique (STORE_CONFLICT)', async () => {
      const endpoint = newEndpoint(pipelineA.id, { name: `scoring-${randomUUID()}` });
      await store.createEndpoint(endpoint);
      const sameNameOtherCase = newEndpoint(pipelineB.id, { name: endpoint.name.toUpperCase() });
      await expectStoreError(store.createEndpoint(sameNameOtherCase), 'STORE_CONFLICT');
      expect(await store.getEndpoint(sameNameOtherCase.id)).toBeUndefined();
      await expectStoreError(
        store.createEndpoint({ ...endpoint, name: `other-${randomUUID()}` }),
        'STORE_CONFLICT',
      );
      expect((await store.getEndpoint(endpoint.id))?.name).toBe(endpoint.name);
    });

    it('refuse a version of a pipeline that does not exist, creating nothing', async () => {
      const endpoint = newEndpoint(randomUUID());
      await expectStoreError(store.createEndpoint(endpoint), 'STORE_RECORD_NOT_FOUND');
      expect(await store.getEndpoint(endpoint.id)).toBeUndefined();
      expect(await store.getEndpointByName(endpoint.name)).toBeUndefined();
    });

    it('refuse versions not numbered "0", "1", … and a default that is not a version', async () => {
      const misnumbered = newEndpoint(pipelineA.id, {
        versions: [{ version: '1', pipelineId: pipelineA.id, addedAt: T0 }],
        defaultVersion: '1',
      });
      await expectStoreError(store.createEndpoint(misnumbered), 'STORE_INVALID_RECORD');
      const badDefault = newEndpoint(pipelineA.id, { defaultVersion: '1' });
      await expectStoreError(store.createEndpoint(badDefault), 'STORE_CONSTRAINT_VIOLATED');
      const noVersionsBadDefault = newEndpoint(pipelineA.id, {
        versions: [],
        defaultVersion: '3',
      });
      await expectStoreError(
        store.createEndpoint(noVersionsBadDefault),
        'STORE_CONSTRAINT_VIOLATED',
      );
      for (const endpoint of [misnumbered, badDefault, noVersionsBadDefault]) {
        expect(await store.getEndpoint(endpoint.id)).toBeUndefined();
      }
    });

    it('number added versions after the last one, "0" first, and may make them the default', async () => {
      const endpoint = newEndpoint(pipelineA.id, { versions: [], defaultVersion: '0' });
      await store.createEndpoint(endpoint);
      expect(await store.getEndpoint(endpoint.id)).toMatchObject({ versions: [] });

      const addedAt = '2026-03-05T10:00:00+01:00';
      expect(
        await store.addEndpointVersion(endpoint.id, pipelineA.id, {
          makeDefault: false,
          at: addedAt,
        }),
      ).toEqual({ version: '0', pipelineId: pipelineA.id, addedAt: '2026-03-05T09:00:00.000Z' });
      expect(
        await store.addEndpointVersion(endpoint.id, pipelineB.id, {
          makeDefault: false,
          at: at(T0, 2),
        }),
      ).toMatchObject({ version: '1' });
      expect(await store.getEndpoint(endpoint.id)).toMatchObject({
        defaultVersion: '0',
        lastModified: at(T0, 2),
      });
      expect(
        await store.addEndpointVersion(endpoint.id, pipelineA.id, {
          makeDefault: true,
          at: at(T0, 3),
        }),
      ).toEqual({ version: '2', pipelineId: pipelineA.id, addedAt: at(T0, 3) });
      expect(await store.getEndpoint(endpoint.id)).toEqual({
        ...endpoint,
        defaultVersion: '2',
        lastModified: at(T0, 3),
        versions: [
          { version: '0', pipelineId: pipelineA.id, addedAt: '2026-03-05T09:00:00.000Z' },
          { version: '1', pipelineId: pipelineB.id, addedAt: at(T0, 2) },
          { version: '2', pipelineId: pipelineA.id, addedAt: at(T0, 3) },
        ],
      });
    });

    it('give concurrent adds distinct consecutive versions', async () => {
      const endpoint = newEndpoint(pipelineA.id);
      await store.createEndpoint(endpoint);
      const added = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          store.addEndpointVersion(endpoint.id, index % 2 === 0 ? pipelineA.id : pipelineB.id, {
            makeDefault: index === 4,
            at: at(T0, index + 1),
          }),
        ),
      );
      const numbers = added.map((version) => Number(version.version)).sort((a, b) => a - b);
      expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const stored = await store.getEndpoint(endpoint.id);
      expect(stored?.versions.map((version) => version.version)).toEqual(
        Array.from({ length: 11 }, (_, index) => String(index)),
      );
      // Each add stored the pipeline it was given under the number it returned.
      for (const version of added) {
        expect(stored?.versions[Number(version.version)]).toEqual(version);
      }
      expect(stored?.defaultVersion).toBe(added[4]?.version);
    });

    it('refuse a version for an unknown endpoint or pipeline, adding nothing', async () => {
      await expectStoreError(
        store.addEndpointVersion(randomUUID(), pipelineA.id, { makeDefault: false, at: T0 }),
        'STORE_RECORD_NOT_FOUND',
      );
      const endpoint = newEndpoint(pipelineA.id);
      await store.createEndpoint(endpoint);
      await expectStoreError(
        store.addEndpointVersion(endpoint.id, randomUUID(), { makeDefault: true, at: at(T0, 9) }),
        'STORE_RECORD_NOT_FOUND',
      );
      expect(await store.getEndpoint(endpoint.id)).toEqual(endpoint);
    });

    it('are updated field by field, with lastModified', async () => {
      const endpoint = newEndpoint(pipelineA.id);
      await store.createEndpoint(endpoint);
      await store.addEndpointVersion(endpoint.id, pipelineB.id, { makeDefault: false, at: T0 });
      const renamed = `renamed-${randomUUID()}`;
      await store.updateEndpoint(
        endpoint.id,
        { name: renamed, description: 'now described', status: 'Disabled', defaultVersion: '1' },
        '2026-05-01T00:00:00.000Z',
      );
      expect(await store.getEndpoint(endpoint.id)).toMatchObject({
        name: renamed,
        description: 'now described',
        status: 'Disabled',
        defaultVersion: '1',
        lastModified: '2026-05-01T00:00:00.000Z',
      });
      await store.updateEndpoint(endpoint.id, { status: 'Active' }, '2026-05-02T00:00:00.000Z');
      expect(await store.getEndpoint(endpoint.id)).toMatchObject({
        name: renamed,
        description: 'now described',
        status: 'Active',
        defaultVersion: '1',
      });
      // A change of letter case is not a conflict with itself.
      await store.updateEndpoint(endpoint.id, { name: renamed.toUpperCase() }, T0);
      expect((await store.getEndpointByName(renamed))?.name).toBe(renamed.toUpperCase());
    });

    it('refuse a default that is not one of their versions, changing nothing', async () => {
      const endpoint = newEndpoint(pipelineA.id);
      await store.createEndpoint(endpoint);
      for (const version of ['1', '01', 'v0', '-1', '']) {
        await expectStoreError(
          store.updateEndpoint(
            endpoint.id,
            { defaultVersion: version, description: 'must not stick' },
            at(T0, 5),
          ),
          'STORE_CONSTRAINT_VIOLATED',
        );
      }
      expect(await store.getEndpoint(endpoint.id)).toEqual(endpoint);
    });

    it('refuse a rename to another endpoint’s name in any case (STORE_CONFLICT)', async () => {
      const first = newEndpoint(pipelineA.id, { name: `first-${randomUUID()}` });
      const second = newEndpoint(pipelineA.id);
      await store.createEndpoint(first);
      await store.createEndpoint(second);
      await expectStoreError(
        store.updateEndpoint(second.id, { name: first.name.toUpperCase() }, at(T0, 1)),
        'STORE_CONFLICT',
      );
      expect(await store.getEndpoint(second.id)).toEqual(second);
    });

    it('refuse an update of an unknown endpoint (STORE_RECORD_NOT_FOUND)', async () => {
      await expectStoreError(
        store.updateEndpoint(randomUUID(), { description: 'x', defaultVersion: '0' }, T0),
        'STORE_RECORD_NOT_FOUND',
      );
    });

    it('are listed newest first with their versions, all or only the active ones', async () => {
      const older = newEndpoint(pipelineA.id, { createdAt: at(T0, 10) });
      const disabled = newEndpoint(pipelineB.id, { createdAt: at(T0, 20), status: 'Disabled' });
      const newest = newEndpoint(pipelineA.id, { createdAt: at(T0, 30) });
      for (const endpoint of [older, disabled, newest]) await store.createEndpoint(endpoint);
      await store.addEndpointVersion(newest.id, pipelineB.id, { makeDefault: true, at: T0 });
      const all = await store.listEndpoints({ activeOnly: false });
      expect(only(all, [older, disabled, newest])).toEqual([newest.id, disabled.id, older.id]);
      expect(all.find((endpoint) => endpoint.id === newest.id)).toEqual({
        ...newest,
        defaultVersion: '1',
        versions: [...newest.versions, { version: '1', pipelineId: pipelineB.id, addedAt: T0 }],
      });
      expect(all.find((endpoint) => endpoint.id === disabled.id)).toEqual(disabled);
      const active = await store.listEndpoints({ activeOnly: true });
      expect(only(active, [older, disabled, newest])).toEqual([newest.id, older.id]);
    });
  });

  describe('experiments', () => {
    it('are created on first use and returned unchanged after', async () => {
      const name = `exp-${randomUUID()}`;
      const first = await store.ensureExperiment(name, '2026-03-01T09:00:00+01:00');
      expect(first).toEqual({ id: first.id, name, createdAt: '2026-03-01T08:00:00.000Z' });
      expect(first.id.length).toBeGreaterThan(0);
      expect(await store.ensureExperiment(name, at(T0, 60_000))).toEqual(first);
    });

    it('are created once when many ask at the same time', async () => {
      const name = `exp-${randomUUID()}`;
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) => store.ensureExperiment(name, at(T0, index))),
      );
      expect(new Set(results.map((result) => result.id)).size).toBe(1);
      expect(results.every((result) => result.name === name)).toBe(true);
      const listed = (await store.listExperiments()).filter((listedOne) => listedOne.name === name);
      expect(listed).toEqual([results[0]]);
    });

    it('are listed by name', async () => {
      const prefix = `list-${randomUUID()}`;
      for (const suffix of ['c', 'a', 'b']) await store.ensureExperiment(`${prefix}-${suffix}`, T0);
      const names = (await store.listExperiments())
        .map((listed) => listed.name)
        .filter((name) => name.startsWith(prefix));
      expect(names).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
    });
  });

  describe('ML runs and step runs', () => {
    let pipeline: MlPublishedPipelineRecord;
    let experimentName: string;

    beforeAll(async () => {
      pipeline = await publish({ name: `pipe-${randomUUID()}` });
      experimentName = await experiment();
    });

    function run(overrides: Partial<MlRunRecord> = {}): MlRunRecord {
      return newMlRun(pipeline, experimentName, overrides);
    }

    it('are created together and read back field by field', async () => {
      const mlRun = run({
        pipelineEndpointId: 'endpoint-1',
        endpointVersion: '3',
        description: 'nightly',
        runSource: 'DataFactory',
        status: 'Running',
        parameters: { threshold: 0.5, label: 'x', enabled: true, count: 3 },
        dataPaths: { input_data: { datastore: 'workspaceblobstore', path: 'in/2026' } },
        continueOnStepFailure: true,
        regenerateOutputs: true,
        parentRunId: 'parent-run',
        tags: { adfPipelineRunId: 'adf-1', team: 'ml' },
        createdBy: 'ana',
        createdAt: '2026-03-01T10:00:00+02:00',
        startTime: '2026-03-01T08:00:01.5Z',
        endTime: '2026-03-01T08:10:00.000Z',
        error: {
          code: 'StepFailed',
          message: 'Step train failed.',
          failureType: 'UserError',
          details: { steps: [{ name: 'train', exitCode: 2 }] },
        },
        cancelRequested: true,
        lastModified: '2026-03-01T08:10:00.000Z',
        leaseOwner: 'worker-1',
        leaseExpiresAt: '2026-03-01T08:15Z',
      });
      const full = newStepRun(mlRun.id, {
        stepName: 'train',
        stepType: 'parallel',
        status: 'Failed',
        attempt: 2,
        attempts: [
          {
            attempt: 1,
            startTime: '2026-03-01T09:00:00+01:00',
            endTime: '2026-03-01T08:01:00.000Z',
            exitCode: 1,
            error: { code: 'ExitCode', message: 'exit 1', failureType: 'UserError' },
          },
          {
            attempt: 2,
            startTime: '2026-03-01T08:02:00.000Z',
            endTime: null,
            exitCode: null,
            error: null,
          },
        ],
        reused: false,
        rerunReason: 'the code changed',
        reuseKey: 'key-full',
        reuseComponents: { code: 'sha256-1', parameters: { threshold: 0.5 } },
        outputs: { model: { datastore: 'workspaceblobstore', path: 'runs/1/model' } },
        logs: { stdout: { datastore: 'logs', path: 'runs/1/train/stdout.txt' } },
        metrics: {
          accuracy: [
            { value: 0.91, loggedAt: '2026-03-01T08:03:00.000Z' },
            { value: 0.93, loggedAt: '2026-03-01T09:04:00+01:00' },
          ],
          phase: [{ value: 'warmup', loggedAt: '2026-03-01T08:03:00.000Z' }],
          converged: [{ value: false, loggedAt: '2026-03-01T08:05:00.000Z' }],
        },
        tags: { gpu: 'yes' },
        progress: { miniBatches: { total: 10, done: 4 }, items: { failed: 1 } },
        exitCode: 137,
        startTime: '2026-03-01T08:00:30.000Z',
        endTime: '2026-03-01T08:09:00.000Z',
        durationMs: 510_000,
        error: { code: 'ExitCode', message: 'killed', failureType: 'SystemError', details: null },
      });
      const reused = newStepRun(mlRun.id, {
        stepName: 'extract',
        status: 'Completed',
        reused: true,
        reusedFromRunId: 'earlier-run',
        reusedFromStepRunId: 'earlier-step-run',
      });
      const plain = newStepRun(mlRun.id, { stepName: 'score' });
      await store.createMlRun(mlRun, [full, reused, plain]);

      expect(await store.getMlRun(mlRun.id)).toEqual({
        ...mlRun,
        createdAt: '2026-03-01T08:00:00.000Z',
        startTime: '2026-03-01T08:00:01.500Z',
        leaseExpiresAt: '2026-03-01T08:15:00.000Z',
      });
      const expectedFull: MlStepRunRecord = {
        ...full,
        attempts: [
          { ...full.attempts[0]!, startTime: '2026-03-01T08:00:00.000Z' },
          full.attempts[1]!,
        ],
        metrics: {
          ...full.metrics,
          accuracy: [
            { value: 0.91, loggedAt: '2026-03-01T08:03:00.000Z' },
            { value: 0.93, loggedAt: '2026-03-01T08:04:00.000Z' },
          ],
        },
      };
      // In the order they were created, whatever their names.
      expect(await store.listStepRuns(mlRun.id)).toEqual([expectedFull, reused, plain]);
      expect(await store.getStepRun(full.id)).toEqual(expectedFull);
      expect(await store.getStepRun(plain.id)).toEqual(plain);
      expect(await store.getStepRun(randomUUID())).toBeUndefined();
      expect(await store.getMlRun(randomUUID())).toBeUndefined();
      expect(await store.listStepRuns(randomUUID())).toEqual([]);
    });

    it('create nothing when one step run id is repeated or exists (STORE_CONFLICT)', async () => {
      const mlRun = run();
      const first = newStepRun(mlRun.id, {
        stepName: 'a',
        metrics: { m: [{ value: 1, loggedAt: T0 }] },
      });
      await expectStoreError(
        store.createMlRun(mlRun, [first, newStepRun(mlRun.id, { id: first.id, stepName: 'b' })]),
        'STORE_CONFLICT',
      );
      expect(await store.getMlRun(mlRun.id)).toBeUndefined();
      expect(await store.getStepRun(first.id)).toBeUndefined();

      const existing = run();
      const existingStep = newStepRun(existing.id);
      await store.createMlRun(existing, [existingStep]);
      const another = run();
      await expectStoreError(
        store.createMlRun(another, [
          newStepRun(another.id),
          { ...existingStep, runId: another.id },
        ]),
        'STORE_CONFLICT',
      );
      expect(await store.getMlRun(another.id)).toBeUndefined();
      expect(await store.listStepRuns(another.id)).toEqual([]);
      expect(await store.getStepRun(existingStep.id)).toEqual(existingStep);
      await expectStoreError(store.createMlRun(existing, []), 'STORE_CONFLICT');
    });

    it('refuse a run of an unknown experiment or pipeline (STORE_RECORD_NOT_FOUND)', async () => {
      const noExperiment = newMlRun(pipeline, `missing-${randomUUID()}`);
      await expectStoreError(store.createMlRun(noExperiment, []), 'STORE_RECORD_NOT_FOUND');
      const noPipeline = newMlRun({ id: randomUUID(), name: 'p' }, experimentName);
      await expectStoreError(store.createMlRun(noPipeline, []), 'STORE_RECORD_NOT_FOUND');
      expect(await store.getMlRun(noExperiment.id)).toBeUndefined();
      expect(await store.getMlRun(noPipeline.id)).toBeUndefined();
    });

    it('refuse a step run of another run, and bad instants (STORE_INVALID_RECORD)', async () => {
      const mlRun = run();
      await expectStoreError(
        store.createMlRun(mlRun, [newStepRun(randomUUID())]),
        'STORE_INVALID_RECORD',
      );
      await expectStoreError(
        store.createMlRun(mlRun, [newStepRun(mlRun.id, { startTime: 'yesterday' })]),
        'STORE_INVALID_RECORD',
      );
      await expectStoreError(
        store.createMlRun({ ...mlRun, createdAt: '2026-03-01' }, []),
        'STORE_INVALID_RECORD',
      );
      expect(await store.getMlRun(mlRun.id)).toBeUndefined();
    });

    describe('commitMlRun', () => {
      it('writes nothing and answers false when requireRunStatusIn does not match', async () => {
        const mlRun = run({ status: 'Completed' });
        const step = newStepRun(mlRun.id, { stepName: 'only' });
        await store.createMlRun(mlRun, [step]);
        const written = await store.commitMlRun({
          at: at(T0, 9_000_000),
          runId: mlRun.id,
          runPatch: { status: 'CancelRequested', cancelRequested: true },
          updateStepRuns: [{ id: step.id, patch: { status: 'Canceled' } }],
          requireRunStatusIn: ['Queued', 'Running'],
        });
        expect(written).toBe(false);
        expect((await store.getMlRun(mlRun.id))?.status).toBe('Completed');
        expect((await store.getStepRun(step.id))?.status).toBe(step.status);
        const running = run({ status: 'Running' });
        await store.createMlRun(running, []);
        expect(
          await store.commitMlRun({
            at: at(T0, 9_000_000),
            runId: running.id,
            runPatch: { status: 'CancelRequested' },
            requireRunStatusIn: ['Queued', 'Running'],
          }),
        ).toBe(true);
        expect((await store.getMlRun(running.id))?.status).toBe('CancelRequested');
      });

      it('patches the run and its step runs at once, lastModified set to the instant', async () => {
        const mlRun = run({ status: 'Queued' });
        const train = newStepRun(mlRun.id, {
          stepName: 'train',
          metrics: { loss: [{ value: 3, loggedAt: T0 }] },
        });
        const score = newStepRun(mlRun.id, { stepName: 'score' });
        await store.createMlRun(mlRun, [train, score]);

        await store.commitMlRun({
          at: '2026-03-01T09:30:00+01:00',
          runId: mlRun.id,
          runPatch: {
            status: 'Running',
            startTime: '2026-03-01T08:29:00.000Z',
            cancelRequested: true,
            error: { code: 'X', message: 'y', failureType: 'SystemError' },
          },
          updateStepRuns: [
            {
              id: train.id,
              patch: {
                status: 'Running',
                attempt: 1,
                attempts: [
                  {
                    attempt: 1,
                    startTime: '2026-03-01T09:29:00+01:00',
                    endTime: null,
                    exitCode: null,
                    error: null,
                  },
                ],
                reuseKey: 'k',
                reuseComponents: { code: 'abc' },
                outputs: { model: { datastore: 'd', path: 'p' } },
                progress: { done: 1 },
                startTime: '2026-03-01T08:29:00.000Z',
                metrics: { accuracy: [{ value: 0.5, loggedAt: at(T0, 1) }] },
              },
            },
          ],
        });
        expect(await store.getMlRun(mlRun.id)).toEqual({
          ...mlRun,
          status: 'Running',
          startTime: '2026-03-01T08:29:00.000Z',
          cancelRequested: true,
          error: { code: 'X', message: 'y', failureType: 'SystemError' },
          lastModified: '2026-03-01T08:30:00.000Z',
        });
        expect(await store.listStepRuns(mlRun.id)).toEqual([
          {
            ...train,
            status: 'Running',
            attempt: 1,
            attempts: [
              {
                attempt: 1,
                startTime: '2026-03-01T08:29:00.000Z',
                endTime: null,
                exitCode: null,
                error: null,
              },
            ],
            reuseKey: 'k',
            reuseComponents: { code: 'abc' },
            outputs: { model: { datastore: 'd', path: 'p' } },
            progress: { done: 1 },
            startTime: '2026-03-01T08:29:00.000Z',
            // A patch's metrics replace the step run's.
            metrics: { accuracy: [{ value: 0.5, loggedAt: at(T0, 1) }] },
          },
          score,
        ]);

        // Patching back to nulls, and a transition without patches, still move lastModified.
        await store.commitMlRun({
          at: at(T0, 7_200_000),
          runId: mlRun.id,
          runPatch: { error: null, leaseOwner: null },
          updateStepRuns: [
            { id: score.id, patch: {} },
            { id: train.id, patch: { progress: null } },
          ],
        });
        expect(await store.getMlRun(mlRun.id)).toMatchObject({
          error: null,
          lastModified: at(T0, 7_200_000),
        });
        expect((await store.getStepRun(train.id))?.progress).toBeNull();
        await store.commitMlRun({ at: at(T0, 7_300_000), runId: mlRun.id });
        expect((await store.getMlRun(mlRun.id))?.lastModified).toBe(at(T0, 7_300_000));
      });

      it('changes nothing when a step run does not exist or is another run’s', async () => {
        const mlRun = run();
        const step = newStepRun(mlRun.id);
        await store.createMlRun(mlRun, [step]);
        const other = run();
        const otherStep = newStepRun(other.id);
        await store.createMlRun(other, [otherStep]);

        for (const missingId of [randomUUID(), otherStep.id]) {
          await expectStoreError(
            store.commitMlRun({
              at: at(T0, 5_000),
              runId: mlRun.id,
              runPatch: { status: 'Running' },
              updateStepRuns: [
                { id: step.id, patch: { status: 'Running', metrics: {} } },
                { id: missingId, patch: { status: 'Failed' } },
              ],
            }),
            'STORE_RECORD_NOT_FOUND',
          );
        }
        await expectStoreError(
          store.commitMlRun({
            at: at(T0, 5_000),
            runId: mlRun.id,
            updateStepRuns: [{ id: randomUUID(), patch: {} }],
          }),
          'STORE_RECORD_NOT_FOUND',
        );
        expect(await store.getMlRun(mlRun.id)).toEqual(mlRun);
        expect(await store.listStepRuns(mlRun.id)).toEqual([step]);
        expect(await store.getStepRun(otherStep.id)).toEqual(otherStep);
      });

      it('changes only what a patch may change, even when handed a wider object', async () => {
        const mlRun = run();
        const step = newStepRun(mlRun.id);
        await store.createMlRun(mlRun, [step]);
        // A whole record is assignable to a patch type; its other fields must not be written.
        const wider = { ...mlRun, id: 'other', pipelineName: 'x', status: 'Queued' as const };
        const widerRunPatch: MlRunPatch = wider;
        const widerStep = { ...step, runId: 'other', stepName: 'x', attempt: 1 };
        const widerStepPatch: MlStepRunPatch = widerStep;
        await store.commitMlRun({
          at: at(T0, 1),
          runId: mlRun.id,
          runPatch: widerRunPatch,
          updateStepRuns: [{ id: step.id, patch: widerStepPatch }],
        });
        expect(await store.getMlRun(mlRun.id)).toEqual({
          ...mlRun,
          status: 'Queued',
          lastModified: at(T0, 1),
        });
        expect(await store.listStepRuns(mlRun.id)).toEqual([{ ...step, attempt: 1 }]);
      });

      it('refuses an unknown run (STORE_RECORD_NOT_FOUND) and a bad instant', async () => {
        await expectStoreError(
          store.commitMlRun({ at: T0, runId: randomUUID(), runPatch: { status: 'Failed' } }),
          'STORE_RECORD_NOT_FOUND',
        );
        const mlRun = run();
        await store.createMlRun(mlRun, []);
        await expectStoreError(
          store.commitMlRun({ at: 'now', runId: mlRun.id }),
          'STORE_INVALID_RECORD',
        );
        await expectStoreError(
          store.commitMlRun({
            at: T0,
            runId: mlRun.id,
            runPatch: { endTime: '2026-13-01T00:00Z' },
          }),
          'STORE_INVALID_RECORD',
        );
        expect(await store.getMlRun(mlRun.id)).toEqual(mlRun);
      });
    });

    describe('appendStepMetrics', () => {
      it('appends values in the order logged, keeping every value of a metric', async () => {
        const mlRun = run();
        const step = newStepRun(mlRun.id, {
          metrics: { loss: [{ value: 2.5, loggedAt: T0 }] },
        });
        await store.createMlRun(mlRun, [step]);
        await store.appendStepMetrics(step.id, {
          loss: [
            { value: 1.5, loggedAt: at(T0, 1) },
            { value: 1.5, loggedAt: at(T0, 2) },
          ],
          note: [{ value: 'epoch 1', loggedAt: '2026-03-01T09:00:00.003+01:00' }],
        });
        await store.appendStepMetrics(step.id, {
          loss: [{ value: 0.25, loggedAt: at(T0, 4) }],
          done: [{ value: true, loggedAt: at(T0, 4) }],
          // A metric named like an Object property stays a metric.
          ['__proto__']: [{ value: 1, loggedAt: at(T0, 5) }],
        });
        await store.appendStepMetrics(step.id, {});
        const stored = await store.getStepRun(step.id);
        expect(stored?.metrics).toEqual(
          Object.fromEntries([
            [
              'loss',
              [
                { value: 2.5, loggedAt: T0 },
                { value: 1.5, loggedAt: at(T0, 1) },
                { value: 1.5, loggedAt: at(T0, 2) },
                { value: 0.25, loggedAt: at(T0, 4) },
              ],
            ],
            ['note', [{ value: 'epoch 1', loggedAt: at(T0, 3) }]],
            ['done', [{ value: true, loggedAt: at(T0, 4) }]],
            ['__proto__', [{ value: 1, loggedAt: at(T0, 5) }]],
          ]),
        );
        expect(Object.keys(stored?.metrics ?? {})).toContain('__proto__');
        expect((await store.listStepRuns(mlRun.id))[0]?.metrics).toEqual(stored?.metrics);
      });

      it('refuses an unknown step run and values that are not finite, appending nothing', async () => {
        await expectStoreError(
          store.appendStepMetrics(randomUUID(), { m: [{ value: 1, loggedAt: T0 }] }),
          'STORE_RECORD_NOT_FOUND',
        );
        await expectStoreError(store.appendStepMetrics(randomUUID(), {}), 'STORE_RECORD_NOT_FOUND');
        const mlRun = run();
        const step = newStepRun(mlRun.id);
        await store.createMlRun(mlRun, [step]);
        await expectStoreError(
          store.appendStepMetrics(step.id, {
            ok: [{ value: 1, loggedAt: T0 }],
            bad: [{ value: Number.NaN, loggedAt: T0 }],
          }),
          'STORE_INVALID_RECORD',
        );
        await expectStoreError(
          store.appendStepMetrics(step.id, { m: [{ value: 1, loggedAt: 'soon' }] }),
          'STORE_INVALID_RECORD',
        );
        expect((await store.getStepRun(step.id))?.metrics).toEqual({});
      });
    });

    describe('queryMlRuns', () => {
      /** Every page of a query, following continuation tokens. */
      async function allPages(query: MlRunQuery): Promise<MlRunRecord[][]> {
        const pages: MlRunRecord[][] = [];
        let continuationToken: string | undefined;
        do {
          const page = await store.queryMlRuns({ ...query, continuationToken });
          pages.push([...page.value]);
          continuationToken = page.continuationToken;
          expect(pages.length).toBeLessThan(100);
        } while (continuationToken !== undefined);
        return pages;
      }

      it('pages newest first, ties by id, across many runs', async () => {
        const name = await experiment();
        const runs = Array.from({ length: 23 }, (_, index) =>
          // Pairs of runs created at the same instant: the id breaks the tie.
          newMlRun(pipeline, name, { createdAt: at(T0, Math.floor(index / 2) * 1000) }),
        );
        for (const mlRun of runs) await store.createMlRun(mlRun, []);
        const expected = [...runs]
          .sort((a, b) =>
            a.createdAt === b.createdAt
              ? b.id < a.id
                ? -1
                : 1
              : Date.parse(b.createdAt) - Date.parse(a.createdAt),
          )
          .map((mlRun) => mlRun.id);

        const pages = await allPages({ experimentName: name, limit: 5 });
        expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 3]);
        expect(pages.flat().map((mlRun) => mlRun.id)).toEqual(expected);
        expect(pages.flat()[0]).toEqual(runs.find((mlRun) => mlRun.id === expected[0]));

        // A page that ends exactly at the last run has no token after it.
        const exact = await store.queryMlRuns({ experimentName: name, limit: 23 });
        expect(exact.value).toHaveLength(23);
        expect(exact.continuationToken).toBeUndefined();
        const defaultLimit = await store.queryMlRuns({ experimentName: name });
        expect(defaultLimit.value.map((mlRun) => mlRun.id)).toEqual(expected);

        // Runs added after the first page do not shift the following pages.
        const first = await store.queryMlRuns({ experimentName: name, limit: 10 });
        await store.createMlRun(newMlRun(pipeline, name, { createdAt: at(T0, 999_999) }), []);
        const second = await store.queryMlRuns({
          experimentName: name,
          limit: 10,
          continuationToken: first.continuationToken,
        });
        expect(second.value.map((mlRun) => mlRun.id)).toEqual(expected.slice(10, 20));
      });

      it('filters by experiment, pipeline, endpoint and statuses together', async () => {
        const name = await experiment();
        const otherName = await experiment();
        const otherPipeline = await publish({ name: pipeline.name });
        const statuses: MlRunStatus[] = ['Running', 'Completed', 'Failed'];
        const runs: MlRunRecord[] = [];
        for (const [index, status] of statuses.entries()) {
          runs.push(
            newMlRun(pipeline, name, { status, createdAt: at(T0, index * 10) }),
            newMlRun(otherPipeline, name, {
              status,
              createdAt: at(T0, index * 10 + 1),
              pipelineEndpointId: 'endpoint-x',
              endpointVersion: '0',
            }),
            newMlRun(pipeline, otherName, { status, createdAt: at(T0, index * 10 + 2) }),
          );
        }
        for (const mlRun of runs) await store.createMlRun(mlRun, []);
        const idsOf = async (query: MlRunQuery) =>
          (await store.queryMlRuns(query)).value.map((mlRun) => mlRun.id);
        const expectIds = (predicate: (mlRun: MlRunRecord) => boolean) =>
          runs
            .filter(predicate)
            .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
            .map((mlRun) => mlRun.id);

        expect(await idsOf({ experimentName: name })).toEqual(
          expectIds((mlRun) => mlRun.experimentName === name),
        );
        expect(await idsOf({ experimentName: name, pipelineId: pipeline.id })).toEqual(
          expectIds((mlRun) => mlRun.experimentName === name && mlRun.pipelineId === pipeline.id),
        );
        expect(await idsOf({ pipelineId: otherPipeline.id })).toEqual(
          expectIds((mlRun) => mlRun.pipelineId === otherPipeline.id),
        );
        expect(
          await idsOf({ pipelineId: otherPipeline.id, pipelineEndpointId: 'endpoint-x' }),
        ).toEqual(expectIds((mlRun) => mlRun.pipelineId === otherPipeline.id));
        expect(
          await idsOf({ experimentName: otherName, statuses: ['Completed', 'Failed'] }),
        ).toEqual(
          expectIds(
            (mlRun) =>
              mlRun.experimentName === otherName &&
              (mlRun.status === 'Completed' || mlRun.status === 'Failed'),
          ),
        );
        expect(await idsOf({ experimentName: name, statuses: ['Running'] })).toHaveLength(2);
        expect(await idsOf({ experimentName: name, statuses: [] })).toEqual([]);
        expect(await idsOf({ experimentName: `missing-${randomUUID()}` })).toEqual([]);
      });

      it('refuses a bad limit and a token it did not issue', async () => {
        await expectStoreError(store.queryMlRuns({ limit: 0 }), 'STORE_INVALID_QUERY');
        await expectStoreError(store.queryMlRuns({ limit: 2.5 }), 'STORE_INVALID_QUERY');
        await expectStoreError(
          store.queryMlRuns({ continuationToken: 'not a token' }),
          'STORE_INVALID_CONTINUATION_TOKEN',
        );
        // A pipeline-run token belongs to another order.
        const pipelineRuns = [newPipelineRun(), newPipelineRun()];
        await store.commit({ at: T0, createRuns: pipelineRuns });
        const page = await store.queryPipelineRuns({ limit: 1 });
        expect(page.continuationToken).toBeDefined();
        await expectStoreError(
          store.queryMlRuns({ continuationToken: page.continuationToken }),
          'STORE_INVALID_CONTINUATION_TOKEN',
        );
      });
    });

    describe('reuse lookups', () => {
      it('findReusableStepRun gives the newest Completed step run with the key', async () => {
        const key = `key-${randomUUID()}`;
        const make = async (status: MlRunStatus, reuseKey: string | null = key) => {
          const mlRun = run();
          const step = newStepRun(mlRun.id, {
            status,
            reuseKey,
            outputs: { out: { datastore: 'd', path: `runs/${mlRun.id}` } },
          });
          await store.createMlRun(mlRun, [step]);
          return step;
        };
        expect(await store.findReusableStepRun(key)).toBeUndefined();
        await make('Failed');
        expect(await store.findReusableStepRun(key)).toBeUndefined();
        await make('Completed');
        const newest = await make('Completed');
        await make('Running');
        await make('Canceled');
        await make('Completed', `other-${randomUUID()}`);
        expect(await store.findReusableStepRun(key)).toEqual(newest);
      });

      it('findPreviousStepRun gives the newest step of that name in runs of that pipeline name', async () => {
        const name = `pipe-${randomUUID()}`;
        const version1 = await publish({ name });
        const version2 = await publish({ name });
        const elsewhere = await publish({ name: `other-${randomUUID()}` });
        const make = async (
          published: MlPublishedPipelineRecord,
          stepName: string,
          reuseComponents: MlStepRunRecord['reuseComponents'],
        ) => {
          const mlRun = newMlRun(published, experimentName);
          const step = newStepRun(mlRun.id, { stepName, reuseComponents, status: 'Failed' });
          await store.createMlRun(mlRun, [newStepRun(mlRun.id, { stepName: 'other' }), step]);
          return step;
        };
        expect(await store.findPreviousStepRun(name, 'train', randomUUID())).toBeUndefined();
        await make(version1, 'train', { code: '1' });
        const previous = await make(version2, 'train', { code: '2' });
        await make(version1, 'train', {}); // no components: nothing to compare with
        await make(version2, 'score', { code: '3' });
        await make(elsewhere, 'train', { code: '4' });
        const current = await make(version1, 'train', { code: '5' });
        expect(await store.findPreviousStepRun(name, 'train', current.runId)).toEqual(previous);
        expect(await store.findPreviousStepRun(name, 'train', randomUUID())).toEqual(current);
        expect(await store.findPreviousStepRun(name, 'missing', current.runId)).toBeUndefined();
      });
    });

    describe('leases', () => {
      const now = '2026-03-01T09:00:00.000Z';
      const inOneMinute = '2026-03-01T09:01:00.000Z';
      const inTwoMinutes = '2026-03-01T09:02:00.000Z';

      async function created(overrides: Partial<MlRunRecord> = {}): Promise<MlRunRecord> {
        const mlRun = run(overrides);
        await store.createMlRun(mlRun, []);
        return mlRun;
      }

      it('goes to the first owner, is renewed by it, and refused to others until it expires', async () => {
        const mlRun = await created();
        expect(await store.acquireMlRunLease(mlRun.id, 'owner-a', now, inOneMinute)).toBe(true);
        expect(await store.getMlRun(mlRun.id)).toMatchObject({
          leaseOwner: 'owner-a',
          leaseExpiresAt: inOneMinute,
          lastModified: T0,
        });
        expect(await store.acquireMlRunLease(mlRun.id, 'owner-b', now, inTwoMinutes)).toBe(false);
        expect(await store.acquireMlRunLease(mlRun.id, 'owner-a', now, inTwoMinutes)).toBe(true);
        expect((await store.getMlRun(mlRun.id))?.leaseExpiresAt).toBe(inTwoMinutes);
        // At the instant of expiry the lease still holds; just after, it is up for grabs.
        expect(
          await store.acquireMlRunLease(mlRun.id, 'owner-b', inTwoMinutes, at(now, 600_000)),
        ).toBe(false);
        const later = at(inTwoMinutes, 1);
        expect(await store.acquireMlRunLease(mlRun.id, 'owner-b', later, at(later, 60_000))).toBe(
          true,
        );
        expect((await store.getMlRun(mlRun.id))?.leaseOwner).toBe('owner-b');
      });

      it('refuses a lease on a run that does not exist', async () => {
        expect(await store.acquireMlRunLease(randomUUID(), 'owner-a', now, inOneMinute)).toBe(
          false,
        );
      });

      it('is released only by its owner', async () => {
        const mlRun = await created();
        await store.acquireMlRunLease(mlRun.id, 'owner-a', now, inOneMinute);
        await store.releaseMlRunLease(mlRun.id, 'owner-b');
        expect((await store.getMlRun(mlRun.id))?.leaseOwner).toBe('owner-a');
        await store.releaseMlRunLease(mlRun.id, 'owner-a');
        expect(await store.getMlRun(mlRun.id)).toMatchObject({
          leaseOwner: null,
          leaseExpiresAt: null,
        });
        expect(await store.acquireMlRunLease(mlRun.id, 'owner-b', now, inOneMinute)).toBe(true);
      });

      it("renews every lease of one owner and no one else's", async () => {
        const mine = [await created(), await created()];
        const theirs = await created();
        const renewer = `renewer-${randomUUID()}`;
        for (const mlRun of mine)
          await store.acquireMlRunLease(mlRun.id, renewer, now, inOneMinute);
        await store.acquireMlRunLease(theirs.id, 'other', now, inOneMinute);
        await store.renewMlRunLeases(renewer, '2026-03-01T10:02:00+01:00');
        for (const mlRun of mine) {
          expect((await store.getMlRun(mlRun.id))?.leaseExpiresAt).toBe(inTwoMinutes);
        }
        expect((await store.getMlRun(theirs.id))?.leaseExpiresAt).toBe(inOneMinute);
      });

      it('goes to exactly one of two owners that ask at the same time', async () => {
        const runs: MlRunRecord[] = [];
        for (let index = 0; index < 20; index++) runs.push(await created());
        const outcomes = await Promise.all(
          runs.map((mlRun) =>
            Promise.all([
              store.acquireMlRunLease(mlRun.id, 'racer-a', now, inOneMinute),
              store.acquireMlRunLease(mlRun.id, 'racer-b', now, inOneMinute),
            ]),
          ),
        );
        for (const [index, [a, b]] of outcomes.entries()) {
          expect(a !== b, `run ${index}: exactly one owner wins`).toBe(true);
          const owner = (await store.getMlRun(runs[index]?.id ?? ''))?.leaseOwner;
          expect(owner).toBe(a ? 'racer-a' : 'racer-b');
        }
      });

      it('finds the unfinished runs whose lease is missing or expired: orphans', async () => {
        const orphanNow = '2030-06-01T12:00:00.000Z';
        const expired = '2030-06-01T11:59:59.999Z';
        const live = '2030-06-01T12:00:30.000Z';
        const statuses: readonly MlRunStatus[] = [
          'NotStarted',
          'Queued',
          'Preparing',
          'Running',
          'Finalizing',
          'CancelRequested',
          'Completed',
          'Failed',
          'Canceled',
        ];
        const expected: string[] = [];
        const unexpected: string[] = [];
        for (const [index, status] of statuses.entries()) {
          const unfinished = index < 6;
          const base = at(T0, index * 10);
          const noLease = await created({ status, createdAt: base });
          const expiredLease = await created({
            status,
            createdAt: at(base, 1),
            leaseOwner: 'crashed',
            leaseExpiresAt: expired,
          });
          const liveLease = await created({
            status,
            createdAt: at(base, 2),
            leaseOwner: 'alive',
            leaseExpiresAt: live,
          });
          const exactlyNow = await created({
            status,
            createdAt: at(base, 3),
            leaseOwner: 'alive',
            leaseExpiresAt: orphanNow,
          });
          (unfinished ? expected : unexpected).push(noLease.id, expiredLease.id);
          unexpected.push(liveLease.id, exactlyNow.id);
        }
        const orphans = await store.findOrphanedMlRuns(orphanNow);
        // Other tests' runs may be orphans too; these must be in order among them.
        expect(orphans.filter((id) => expected.includes(id))).toEqual(expected);
        for (const id of unexpected) expect(orphans).not.toContain(id);
        await expectStoreError(store.findOrphanedMlRuns('noon'), 'STORE_INVALID_QUERY');
      });
    });
  });
});
