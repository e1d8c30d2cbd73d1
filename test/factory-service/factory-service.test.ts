/**
 * The factory service on each store adapter STORE selects, with the real engine and executors:
 * resources (validation with JSON pointers, references, etags, secrets), imports, runs (create,
 * query, activity runs, cancel, reruns) and watching runs executed by another process.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotFactory } from '../../src/engine/factory-snapshot.js';
import { buildFactory } from '../../src/factory/factory-builder.js';
import type { JsonObject } from '../../src/factory/resources.js';
import { importFactoryFolder } from '../../src/factory-service/factory-import.js';
import {
  isFactoryServiceError,
  type FactoryServiceErrorCode,
} from '../../src/factory-service/factory-service-errors.js';
import type { FactoryService } from '../../src/factory-service/factory-service.js';
import type { RunFilterParameters } from '../../src/factory-service/run-filter-parameters.js';
import type { FactoryRunEvent } from '../../src/factory-service/run-watch.js';
import { openResourceSecrets, SECRET_MASK } from '../../src/secrets/secret-fields.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import {
  executePipeline,
  fileMustExist,
  noOp,
  openFactoryHarness,
  pipeline,
  runEnded,
  until,
  waitActivity,
  type FactoryHarness,
} from './factory-harness.js';

const GETTING_STARTED = join(import.meta.dirname, '../../examples/getting-started');

async function refusal(
  promise: Promise<unknown>,
  code: FactoryServiceErrorCode,
): Promise<{ message: string; target: string | undefined; details: readonly unknown[] }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isFactoryServiceError(error, code))
    throw new Error(`expected FactoryServiceError ${code}, got ${String(error)}`, { cause: error });
  return { message: error.message, target: error.target, details: error.details ?? [] };
}

const lake = {
  properties: {
    type: 'AzureBlobStorage',
    typeProperties: {
      connectionString: { type: 'SecureString', value: 'AccountKey=lake-secret' },
    },
  },
};

function dataset(linkedService: string): JsonObject {
  return {
    properties: {
      type: 'DelimitedText',
      linkedServiceName: { referenceName: linkedService, type: 'LinkedServiceReference' },
    },
  };
}

function lookup(name: string, datasetName: string): JsonObject {
  return {
    name,
    type: 'Lookup',
    typeProperties: {
      source: { type: 'DelimitedTextSource' },
      dataset: { referenceName: datasetName, type: 'DatasetReference' },
    },
  };
}

async function allRuns(service: FactoryService, parameters: RunFilterParameters) {
  const runs = [];
  let continuationToken: string | undefined;
  let pages = 0;
  do {
    const page = await service.queryPipelineRuns({
      ...parameters,
      ...(continuationToken === undefined ? {} : { continuationToken }),
    });
    runs.push(...page.value);
    continuationToken = page.continuationToken;
    pages += 1;
  } while (continuationToken !== undefined);
  return { runs, pages };
}

describe.each(storeAdaptersUnderTest())('FactoryService on %s', { timeout: 60_000 }, (adapter) => {
  let harness: FactoryHarness;
  let service: FactoryService;
  let folder: string;

  beforeAll(async () => {
    harness = await openFactoryHarness(adapter, { runPageSize: 2, activityRunPageSize: 3 });
    service = harness.service;
    folder = await mkdtemp(join(tmpdir(), 'millrace-factory-service-'));
  });

  afterAll(async () => {
    await harness?.dispose();
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  describe('resources', () => {
    it('refuses a pipeline that refers to a missing dataset with the JSON pointer, and writes nothing', async () => {
      const refused = await refusal(
        service.putResource(
          'pipeline',
          'ReadsNothing',
          pipeline('ReadsNothing', { activities: [lookup('Read', 'Missing')] }),
        ),
        'FACTORY_INVALID_RESOURCE',
      );
      expect(refused.target).toBe('/properties/activities/0/typeProperties/dataset/referenceName');
      expect(refused.message).toContain('Missing');
      expect(refused.details).toEqual([
        expect.objectContaining({
          code: 'FACTORY_UNKNOWN_DATASET',
          target: '/properties/activities/0/typeProperties/dataset/referenceName',
        }),
      ]);
      await refusal(service.getResource('pipeline', 'ReadsNothing'), 'FACTORY_RESOURCE_NOT_FOUND');
    });

    it('refuses bad names, a body named otherwise, and a body without properties', async () => {
      const badName = await refusal(
        service.putResource('dataset', 'a/b', dataset('Lake')),
        'FACTORY_INVALID_RESOURCE_NAME',
      );
      expect(badName.message).toContain('a/b');
      const renamed = await refusal(
        service.putResource('dataset', 'One', { name: 'Two', ...dataset('Lake') }),
        'FACTORY_INVALID_RESOURCE',
      );
      expect(renamed.target).toBe('/name');
      const empty = await refusal(
        service.putResource('linkedService', 'Empty', { name: 'Empty' }),
        'FACTORY_INVALID_RESOURCE',
      );
      expect(empty.target).toBe('/properties');
      const untyped = await refusal(
        service.putResource('linkedService', 'Untyped', { properties: { typeProperties: {} } }),
        'FACTORY_INVALID_RESOURCE',
      );
      expect(untyped.target).toBe('/properties/type');
    });

    it('creates resources, reads them in any letter case, returns warnings, and protects referenced ones from deletion', async () => {
      const created = await service.putResource('linkedService', 'Lake', lake);
      expect(created.created).toBe(true);
      await service.putResource('dataset', 'Sales', dataset('Lake'));
      const reader = await service.putResource(
        'pipeline',
        'ReadSales',
        pipeline('readsales', { activities: [lookup('Read', 'Sales')] }),
      );
      expect(reader.resource.name).toBe('ReadSales');
      expect(reader.warnings.map((warning) => [warning.code, warning.target])).toEqual([
        ['FACTORY_ACTIVITY_TYPE_NOT_EXECUTABLE', '/properties/activities/0/type'],
      ]);
      expect((await service.getResource('pipeline', 'READSALES')).properties).toEqual({
        activities: [lookup('Read', 'Sales')],
      });
      expect((await service.listResources('dataset')).map((resource) => resource.name)).toContain(
        'Sales',
      );

      const referenced = await refusal(
        service.deleteResource('dataset', 'sales'),
        'FACTORY_RESOURCE_REFERENCED',
      );
      expect(referenced.message).toContain("pipeline 'ReadSales'");
      expect(referenced.details).toEqual([
        expect.objectContaining({
          code: 'FACTORY_UNKNOWN_DATASET',
          target:
            'pipelines/ReadSales#/properties/activities/0/typeProperties/dataset/referenceName',
        }),
      ]);
      const lakeReferenced = await refusal(
        service.deleteResource('linkedService', 'Lake'),
        'FACTORY_RESOURCE_REFERENCED',
      );
      expect(lakeReferenced.message).toContain("dataset 'Sales'");

      expect(await service.deleteResource('pipeline', 'ReadSales')).toBe(true);
      expect(await service.deleteResource('dataset', 'Sales')).toBe(true);
      expect(await service.deleteResource('dataset', 'Sales')).toBe(false);
      await refusal(service.getResource('dataset', 'Sales'), 'FACTORY_RESOURCE_NOT_FOUND');
    });

    it('updates with a matching etag or *, and refuses a stale one', async () => {
      const first = await service.putResource(
        'pipeline',
        'Tagged',
        pipeline('Tagged', { activities: [noOp('A')] }),
      );
      const second = await service.putResource(
        'pipeline',
        'Tagged',
        pipeline('Tagged', { activities: [noOp('A'), noOp('B', 'A')] }),
        { ifMatch: first.resource.etag },
      );
      expect(second.created).toBe(false);
      expect(second.resource.etag).not.toBe(first.resource.etag);
      const stale = await refusal(
        service.putResource('pipeline', 'Tagged', pipeline('Tagged', { activities: [] }), {
          ifMatch: first.resource.etag,
        }),
        'FACTORY_ETAG_MISMATCH',
      );
      expect(stale.target).toBe('If-Match');
      expect((await service.getResource('pipeline', 'Tagged')).etag).toBe(second.resource.etag);
      await refusal(
        service.putResource('pipeline', 'NotThere', pipeline('NotThere', { activities: [] }), {
          ifMatch: first.resource.etag,
        }),
        'FACTORY_ETAG_MISMATCH',
      );
      const any = await service.putResource(
        'pipeline',
        'Tagged',
        pipeline('Tagged', { activities: [] }),
        {
          ifMatch: '*',
        },
      );
      expect(any.created).toBe(false);
    });

    it('masks SecureString values and keeps the stored secret when the masked value comes back', async () => {
      await service.putResource('linkedService', 'Vaulted', lake);
      const read = await service.getResource('linkedService', 'Vaulted');
      expect(JSON.stringify(read)).not.toContain('lake-secret');
      expect(read.properties.typeProperties).toEqual({
        connectionString: { type: 'SecureString', value: SECRET_MASK },
      });
      const listed = await service.listResources('linkedService');
      expect(JSON.stringify(listed)).not.toContain('lake-secret');

      const updated = await service.putResource('linkedService', 'Vaulted', {
        name: 'Vaulted',
        properties: { ...read.properties, description: 'edited after reading' },
      });
      expect(JSON.stringify(updated)).not.toContain('lake-secret');
      const stored = await harness.store.getFactoryResource({
        factoryName: 'test-factory',
        kind: 'linkedService',
        name: 'Vaulted',
      });
      // Sealed at rest, and the stored secret is the one first written.
      expect(JSON.stringify(stored)).not.toContain('lake-secret');
      expect(JSON.stringify(stored)).toContain('msv1:');
      expect(openResourceSecrets(stored!.json, harness.secrets.box).properties).toEqual({
        ...lake.properties,
        description: 'edited after reading',
      });
    });

    it('serves only its own factory name, ignoring case', async () => {
      expect(() => service.assertFactory('TEST-Factory')).not.toThrow();
      expect(() => service.assertFactory('other')).toThrow(/hosts factory 'test-factory'/);
    });
  });

  describe('runs', () => {
    it('imports examples/getting-started and runs CountLoanRows to success with real activities', async () => {
      const imported = await importFactoryFolder(service, GETTING_STARTED);
      expect(imported.loadedName).toBe('getting-started');
      expect(imported.imported.pipelines).toBe(1);
      const { runId } = await service.createRun('countloanrows');
      const run = await runEnded(service, runId);
      expect(run).toMatchObject({ status: 'Succeeded', pipelineName: 'CountLoanRows' });
      expect((run.output as JsonObject).files).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: 'loans-sample.csv' }),
          expect.objectContaining({ file: 'churn-sample.csv' }),
        ]),
      );
      const activities = [];
      let continuationToken: string | undefined;
      do {
        const page = await service.queryActivityRuns(runId, {
          ...(continuationToken === undefined ? {} : { continuationToken }),
        });
        expect(page.value.length).toBeLessThanOrEqual(3);
        activities.push(...page.value);
        continuationToken = page.continuationToken;
      } while (continuationToken !== undefined);
      expect(activities.filter((activity) => activity.activityName === 'CountRows')).toHaveLength(
        2,
      );
      expect(new Set(activities.map((activity) => activity.pipelineName))).toEqual(
        new Set(['CountLoanRows']),
      );
      const failedOrSkipped = await service.queryActivityRuns(runId, {
        filters: [{ operand: 'Status', operator: 'NotIn', values: ['Succeeded'] }],
      });
      expect(failedOrSkipped.value).toEqual([]);
    });

    it('refuses an import with errors, naming the file and pointer, and writes nothing', async () => {
      const broken = join(folder, 'broken');
      await writeFile(
        `${broken}.json`,
        JSON.stringify(pipeline('Broken', { activities: [noOp('A', 'Nowhere')] })),
      );
      const refused = await refusal(
        importFactoryFolder(service, `${broken}.json`),
        'FACTORY_IMPORT_INVALID',
      );
      expect(refused.target).toBe(`${broken}.json#/properties/activities/0/dependsOn/0/activity`);
      await refusal(service.getResource('pipeline', 'Broken'), 'FACTORY_RESOURCE_NOT_FOUND');
    });

    it('refuses unknown pipelines, parameters that do not fit and rerun options without a run', async () => {
      await refusal(service.createRun('NoSuchPipeline'), 'FACTORY_RESOURCE_NOT_FOUND');
      const parameters = await refusal(
        service.createRun('CountLoanRows', { nope: 1 }),
        'FACTORY_INVALID_RUN_REQUEST',
      );
      expect(parameters.details).toEqual([
        expect.objectContaining({ code: 'RUN_UNKNOWN_PARAMETER', target: 'parameters/nope' }),
      ]);
      const recovery = await refusal(
        service.createRun('CountLoanRows', {}, { isRecovery: true }),
        'FACTORY_INVALID_RUN_REQUEST',
      );
      expect(recovery.target).toBe('referencePipelineRunId');
      await refusal(service.getPipelineRun('no-such-run'), 'FACTORY_RUN_NOT_FOUND');
    });

    it('queries runs by pipeline name in any case, status and window, ordered and in pages', async () => {
      await service.putResource(
        'pipeline',
        'Quick',
        pipeline('Quick', { activities: [noOp('Only')] }),
      );
      await service.putResource(
        'pipeline',
        'Other',
        pipeline('Other', { activities: [noOp('Only')] }),
      );
      const since = new Date().toISOString();
      const quick = [];
      for (let index = 0; index < 3; index++) {
        const { runId } = await service.createRun('Quick');
        quick.push(runId);
        await runEnded(service, runId);
      }
      await runEnded(service, (await service.createRun('Other')).runId);
      // A run of another factory in the same store is not this factory's.
      const elsewhere = await harness.session.engine.run({
        factory: snapshotFactory(
          buildFactory({
            name: 'elsewhere',
            resources: [
              {
                kind: 'pipeline',
                json: pipeline('Quick', { activities: [noOp('Only')] }),
                source: { file: 'x', pointer: '' },
              },
            ],
          }).factory,
        ),
        pipelineName: 'Quick',
      });

      const ascending = await allRuns(service, {
        lastUpdatedAfter: since,
        filters: [
          { operand: 'PipelineName', operator: 'Equals', values: ['QUICK'] },
          { operand: 'Status', operator: 'In', values: ['Succeeded'] },
        ],
        orderBy: [{ orderBy: 'RunStart', order: 'ASC' }],
      });
      expect(ascending.runs.map((run) => run.runId)).toEqual(quick);
      expect(ascending.pages).toBe(2);
      const descending = await allRuns(service, {
        lastUpdatedAfter: since,
        filters: [{ operand: 'PipelineName', operator: 'In', values: ['Quick', 'Other'] }],
      });
      expect(descending.runs).toHaveLength(4);
      expect(descending.runs[0]?.pipelineName).toBe('Other');
      expect(descending.runs.map((run) => run.runId)).not.toContain(elsewhere.runId);
      await refusal(service.getPipelineRun(elsewhere.runId), 'FACTORY_RUN_NOT_FOUND');

      const future = await service.queryPipelineRuns({
        lastUpdatedAfter: new Date(Date.now() + 3_600_000).toISOString(),
      });
      expect(future.value).toEqual([]);
      await refusal(
        service.queryPipelineRuns({ continuationToken: 'not-a-token' }),
        'FACTORY_INVALID_QUERY',
      );
      await refusal(
        service.queryPipelineRuns({ lastUpdatedAfter: 'yesterday' }),
        'FACTORY_INVALID_QUERY',
      );
    });

    it('cancels a run waiting in a Wait activity of its ExecutePipeline child, recursively', async () => {
      await service.putResource(
        'pipeline',
        'Sleeper',
        pipeline('Sleeper', { activities: [waitActivity('Nap', 60)] }),
      );
      await service.putResource(
        'pipeline',
        'Caller',
        pipeline('Caller', { activities: [executePipeline('CallSleeper', 'Sleeper')] }),
      );
      const { runId } = await service.createRun('Caller');
      const call = await until(
        () => service.queryActivityRuns(runId),
        (page) => page.value.some((activity) => activity.childRunId !== undefined),
        'the child run to start',
      );
      const childRunId = call.value.find((activity) => activity.childRunId)?.childRunId ?? '';
      await until(
        () => service.queryActivityRuns(childRunId),
        (page) => page.value.some((activity) => activity.status === 'InProgress'),
        'the Wait activity to start',
      );

      await service.cancelPipelineRun(runId, true);
      expect((await runEnded(service, runId)).status).toBe('Cancelled');
      expect((await runEnded(service, childRunId)).status).toBe('Cancelled');
      const nap = (await service.queryActivityRuns(childRunId)).value;
      expect(nap.map((activity) => [activity.activityName, activity.status])).toEqual([
        ['Nap', 'Cancelled'],
      ]);
    });

    it('reruns from failure in the same group keeping what succeeded, and from an activity', async () => {
      const flag = join(folder, 'flag');
      await service.putResource(
        'pipeline',
        'Flaky',
        pipeline('Flaky', {
          activities: [
            noOp('Prepare'),
            fileMustExist('Check', flag, 'Prepare'),
            noOp('Finish', 'Check'),
          ],
        }),
      );
      const { runId: failedId } = await service.createRun('Flaky');
      const failed = await runEnded(service, failedId);
      expect(failed.status).toBe('Failed');
      await writeFile(flag, 'now it exists');

      await refusal(
        service.createRun(
          'Flaky',
          {},
          { referencePipelineRunId: failedId, startFromFailure: true },
        ),
        'FACTORY_INVALID_RUN_REQUEST',
      );
      await refusal(
        service.createRun('Quick', {}, { referencePipelineRunId: failedId, isRecovery: true }),
        'FACTORY_INVALID_RUN_REQUEST',
      );
      await refusal(
        service.createRun(
          'Flaky',
          {},
          {
            referencePipelineRunId: failedId,
            isRecovery: true,
            startActivityName: 'NoSuchActivity',
          },
        ),
        'FACTORY_INVALID_RUN_REQUEST',
      );

      const { runId: rerunId } = await service.createRun(
        'Flaky',
        { ignored: true },
        {
          referencePipelineRunId: failedId,
          isRecovery: true,
          startFromFailure: true,
        },
      );
      const rerun = await runEnded(service, rerunId);
      expect(rerun).toMatchObject({
        status: 'Succeeded',
        runGroupId: failed.runGroupId,
        referencePipelineRunId: failedId,
        isLatest: true,
      });
      expect((await service.getPipelineRun(failedId)).isLatest).toBe(false);
      const rerunActivities = (await service.queryActivityRuns(rerunId)).value;
      const prepare = rerunActivities.find((activity) => activity.activityName === 'Prepare');
      expect(prepare?.copiedFromActivityRunId).toBeDefined();
      expect(rerunActivities.map((activity) => [activity.activityName, activity.status])).toEqual([
        ['Prepare', 'Succeeded'],
        ['Check', 'Succeeded'],
        ['Finish', 'Succeeded'],
      ]);

      const { runId: fromCheckId } = await service.createRun(
        'Flaky',
        {},
        {
          referencePipelineRunId: rerunId,
          isRecovery: true,
          startActivityName: 'Check',
        },
      );
      expect((await runEnded(service, fromCheckId)).status).toBe('Succeeded');
      const fromCheck = (await service.queryActivityRuns(fromCheckId)).value;
      expect(
        fromCheck.map((activity) => [
          activity.activityName,
          activity.copiedFromActivityRunId !== undefined,
        ]),
      ).toEqual([
        ['Prepare', true],
        ['Check', false],
        ['Finish', false],
      ]);

      // Without isRecovery the reference only lends its parameters: a new run group.
      const { runId: freshId } = await service.createRun(
        'Flaky',
        {},
        { referencePipelineRunId: failedId },
      );
      const fresh = await runEnded(service, freshId);
      expect(fresh.runGroupId).toBe(freshId);
      expect(fresh.referencePipelineRunId).toBeNull();
    });

    it('watches a run another process executes by reading the store, in order, until it ends', async () => {
      const other = await harness.openOther();
      await service.putResource(
        'pipeline',
        'Remote',
        pipeline('Remote', { activities: [waitActivity('Pause', 1), noOp('After', 'Pause')] }),
      );
      const { runId } = await other.service.createRun('Remote');
      const events: FactoryRunEvent[] = [];
      const ended = new Promise<void>((resolve, reject) => {
        service
          .watchRun(runId, { onEvent: (event) => events.push(event), onEnd: resolve })
          .catch(reject);
      });
      await ended;
      const runStatuses = events.flatMap((event) =>
        event.kind === 'pipelineRun' ? [event.run.status] : [],
      );
      expect(runStatuses.at(-1)).toBe('Succeeded');
      expect(new Set(runStatuses).size).toBe(runStatuses.length);
      const activityEvents = events.flatMap((event) =>
        event.kind === 'activityRun'
          ? [[event.activityRun.activityName, event.activityRun.status]]
          : [],
      );
      expect(activityEvents).toContainEqual(['Pause', 'Succeeded']);
      expect(activityEvents.at(-1)).toEqual(['After', 'Succeeded']);
      // The run's end comes after every activity's.
      expect(events.at(-1)?.kind).toBe('pipelineRun');
    });
  });
});
