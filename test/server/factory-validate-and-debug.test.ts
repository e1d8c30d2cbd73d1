/**
 * Validate without saving (`POST …/{collection}/{name}/validate`) and debug runs of unsaved
 * pipelines (`POST …/pipelines/{name}/debugRun`) over real HTTP on 127.0.0.1, on each store
 * adapter STORE selects: results with PUT's pointers, nothing stored, masked secrets, debug runs
 * marked and filtered, reruns of debug runs, and who may call them on the real server.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServer, type ServerSession } from '../../src/cli/server-setup.js';
import type { JsonObject } from '../../src/factory/resources.js';
import { openResourceSecrets, SECRET_MASK } from '../../src/secrets/secret-fields.js';
import {
  executePipeline,
  fileMustExist,
  noOp,
  openFactoryHarness,
  pipeline,
  until,
  type FactoryHarness,
} from '../factory-service/factory-harness.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { createStoreHarness, type StoreHarness } from '../support/store-harness.js';
import {
  API_VERSION,
  startFactoryServer,
  type FactoryServer,
  type HttpAnswer,
} from './factory-server-harness.js';

const OTHER_FACTORY =
  '/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.DataFactory/factories/other-factory';

const lake = {
  properties: {
    type: 'AzureBlobStorage',
    typeProperties: {
      connectionString: { type: 'SecureString', value: 'AccountKey=lake-validate-secret' },
    },
  },
};

const salesDataset = {
  properties: {
    type: 'DelimitedText',
    linkedServiceName: { referenceName: 'Lake', type: 'LinkedServiceReference' },
  },
};

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

/** Runs `matched` when `expression` holds, else fails the run with `errorCode`. */
function ifElseFail(
  name: string,
  expression: string,
  matched: JsonObject,
  errorCode: string,
): JsonObject {
  return {
    name,
    type: 'IfCondition',
    typeProperties: {
      expression: { value: expression, type: 'Expression' },
      ifTrueActivities: [matched],
      ifFalseActivities: [
        {
          name: `${name}Failed`,
          type: 'Fail',
          typeProperties: { message: 'the condition did not hold', errorCode },
        },
      ],
    },
  };
}

describe.each(storeAdaptersUnderTest())(
  'validate and debug runs over HTTP on %s',
  { timeout: 60_000 },
  (adapter) => {
    let harness: FactoryHarness;
    let server: FactoryServer;
    let folder: string;

    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'millrace-debug-runs-'));
      harness = await openFactoryHarness(adapter);
      server = await startFactoryServer(harness.service);
      expect((await server.request('PUT', 'linkedservices/Lake', { body: lake })).status).toBe(200);
      expect((await server.request('PUT', 'datasets/Sales', { body: salesDataset })).status).toBe(
        200,
      );
      const child = pipeline('Child', { activities: [noOp('StoredChildStep')] });
      expect((await server.request('PUT', 'pipelines/Child', { body: child })).status).toBe(200);
    });

    afterAll(async () => {
      await server?.close();
      await harness?.dispose();
      if (folder !== undefined) await rm(folder, { recursive: true, force: true });
    });

    /** Every stored resource with its etag: a write anywhere changes this. */
    async function storedVersions(): Promise<string[]> {
      const records = await harness.store.snapshotFactoryResources('test-factory');
      return records.map((record) => `${record.kind}/${record.name}@${record.etag}`).sort();
    }

    async function runEnded(runId: string): Promise<HttpAnswer> {
      return until(
        () => server.request('GET', `pipelineruns/${runId}`),
        (answer) => ['Succeeded', 'Failed', 'Cancelled'].includes(answer.json?.status),
        `run ${runId} to end`,
      );
    }

    async function activityRuns(runId: string): Promise<string[][]> {
      const answer = await server.request('POST', `pipelineruns/${runId}/queryActivityruns`, {
        body: {},
      });
      expect(answer.status).toBe(200);
      return answer.json.value.map((run: { activityName: string; status: string }) => [
        run.activityName,
        run.status,
      ]);
    }

    async function runIds(filters: readonly JsonObject[]): Promise<string[]> {
      const answer = await server.request('POST', 'queryPipelineRuns', { body: { filters } });
      expect(answer.status).toBe(200);
      return answer.json.value.map((run: { runId: string }) => run.runId);
    }

    describe('validate', () => {
      it('answers a valid body with its warnings and stores nothing', async () => {
        const before = await storedVersions();
        const body = pipeline('Draft', { activities: [lookup('Read', 'Sales')] });
        const validated = await server.request('POST', 'pipelines/Draft/validate', { body });
        expect(validated.status).toBe(200);
        expect(validated.json).toEqual({
          valid: true,
          errors: [],
          warnings: [
            {
              code: 'FACTORY_ACTIVITY_TYPE_NOT_EXECUTABLE',
              message: expect.stringContaining('Lookup'),
              target: '/properties/activities/0/type',
            },
          ],
        });
        expect((await server.request('GET', 'pipelines/Draft')).status).toBe(404);
        expect(await storedVersions()).toEqual(before);

        // PUT says the same of the same body.
        const put = await server.request('PUT', 'pipelines/Draft', { body });
        expect(put.status).toBe(200);
        expect(put.json.warnings).toEqual(validated.json.warnings);
        expect((await server.request('DELETE', 'pipelines/Draft')).status).toBe(200);
      });

      it('reports the errors PUT refuses with, the same pointers, against the other resources', async () => {
        const before = await storedVersions();
        const body = pipeline('Broken', {
          activities: [noOp('A', 'Nowhere'), lookup('Read', 'NoSuchDataset')],
        });
        const validated = await server.request('POST', 'pipelines/Broken/validate', { body });
        expect(validated.status).toBe(200);
        expect(validated.json.valid).toBe(false);
        expect(
          validated.json.errors.map((error: { code: string; target: string }) => [
            error.code,
            error.target,
          ]),
        ).toEqual([
          ['FACTORY_UNKNOWN_DEPENDENCY', '/properties/activities/0/dependsOn/0/activity'],
          [
            'FACTORY_UNKNOWN_DATASET',
            '/properties/activities/1/typeProperties/dataset/referenceName',
          ],
        ]);
        const put = await server.request('PUT', 'pipelines/Broken', { body });
        expect(put.status).toBe(400);
        expect(put.json.error.code).toBe('FACTORY_INVALID_RESOURCE');
        expect(put.json.error.details).toEqual(validated.json.errors);
        expect(await storedVersions()).toEqual(before);

        // References are checked against the factory as stored: Child exists, Missing does not.
        const parent = (child: string) =>
          pipeline('Parent', { activities: [executePipeline('Call', child)] });
        const calling = await server.request('POST', 'pipelines/Parent/validate', {
          body: parent('Child'),
        });
        expect(calling.json).toMatchObject({ valid: true, errors: [] });
        const dangling = await server.request('POST', 'pipelines/Parent/validate', {
          body: parent('Missing'),
        });
        expect(dangling.json.valid).toBe(false);
        expect(dangling.json.errors[0].target).toBe(
          '/properties/activities/0/typeProperties/pipeline/referenceName',
        );
      });

      it('validates linked services and datasets, and reports body and name problems as errors', async () => {
        const dataset = (linkedService: string) => ({
          properties: {
            type: 'DelimitedText',
            linkedServiceName: { referenceName: linkedService, type: 'LinkedServiceReference' },
          },
        });
        const good = await server.request('POST', 'datasets/Rows/validate', {
          body: dataset('Lake'),
        });
        expect(good.json).toEqual({ valid: true, errors: [], warnings: [] });
        const bad = await server.request('POST', 'datasets/Rows/validate', {
          body: dataset('NoLake'),
        });
        expect(bad.json.valid).toBe(false);
        expect(bad.json.errors[0].target).toBe('/properties/linkedServiceName/referenceName');
        const untyped = await server.request('POST', 'linkedservices/Plain/validate', {
          body: { properties: { typeProperties: {} } },
        });
        expect(untyped.json.valid).toBe(false);
        expect(untyped.json.errors[0].target).toBe('/properties/type');

        const noProperties = await server.request('POST', 'pipelines/Empty/validate', {
          body: {},
        });
        expect(noProperties.status).toBe(200);
        expect(noProperties.json).toMatchObject({
          valid: false,
          errors: [{ code: 'FACTORY_INVALID_RESOURCE', target: '/properties' }],
          warnings: [],
        });
        const otherName = await server.request('POST', 'pipelines/Empty/validate', {
          body: pipeline('Different', { activities: [] }),
        });
        expect(otherName.json.errors).toEqual([
          expect.objectContaining({ code: 'FACTORY_INVALID_RESOURCE', target: '/name' }),
        ]);
        const badName = await server.request('POST', 'pipelines/Bad.Name/validate', {
          body: { properties: { activities: [] } },
        });
        expect(badName.json).toMatchObject({
          valid: false,
          errors: [{ code: 'FACTORY_INVALID_RESOURCE_NAME', target: 'name' }],
        });
        // A body that does not fit the route's schema is refused like PUT refuses it.
        const schema = await server.request('POST', 'datasets/Rows/validate', {
          body: { properties: 3 },
        });
        expect(schema.status).toBe(400);
        expect(schema.json.error.code).toBe('FACTORY_INVALID_REQUEST');
      });

      it('validates a body with masked secrets as PUT does, keeping the stored ones', async () => {
        const got = await server.request('GET', 'linkedservices/Lake');
        expect(got.json.properties.typeProperties.connectionString.value).toBe(SECRET_MASK);
        const before = await storedVersions();
        const validated = await server.request('POST', 'linkedservices/Lake/validate', {
          body: { name: 'Lake', properties: got.json.properties },
        });
        expect(validated.json).toEqual({ valid: true, errors: [], warnings: [] });
        expect(validated.text).not.toContain('lake-validate-secret');
        expect(await storedVersions()).toEqual(before);
        const stored = await harness.store.getFactoryResource({
          factoryName: 'test-factory',
          kind: 'linkedService',
          name: 'Lake',
        });
        expect(openResourceSecrets(stored!.json, harness.secrets.box).properties).toMatchObject(
          lake.properties,
        );
      });

      it('answers 404 for another factory', async () => {
        const answer = await server.request('POST', `${OTHER_FACTORY}/pipelines/Draft/validate`, {
          body: { properties: { activities: [] } },
        });
        expect(answer.status).toBe(404);
        expect(answer.json.error.code).toBe('FACTORY_NOT_FOUND');
        const debug = await server.request('POST', `${OTHER_FACTORY}/pipelines/Draft/debugRun`, {
          body: { properties: { activities: [] } },
        });
        expect(debug.status).toBe(404);
        expect(debug.json.error.code).toBe('FACTORY_NOT_FOUND');
      });
    });

    describe('debugRun', () => {
      it('runs an unsaved pipeline with its parameters to the end; ExecutePipeline runs the stored child', async () => {
        const before = await storedVersions();
        const started = await server.request('POST', 'pipelines/Sketch/debugRun', {
          body: {
            properties: {
              parameters: { greeting: { type: 'String' } },
              activities: [
                ifElseFail(
                  'Check',
                  "@equals(pipeline().parameters.greeting, 'hello')",
                  noOp('Greeted'),
                  'WrongGreeting',
                ),
                executePipeline('RunChild', 'Child'),
              ],
            },
            parameters: { greeting: 'hello' },
          },
        });
        expect(started.status).toBe(200);
        const { runId } = started.json as { runId: string };
        const run = (await runEnded(runId)).json;
        expect(run).toMatchObject({
          runId,
          pipelineName: 'Sketch',
          parameters: { greeting: 'hello' },
          status: 'Succeeded',
          invokedBy: { name: 'Debug', invokedByType: 'Debug' },
        });
        expect((await activityRuns(runId)).sort()).toEqual(
          [
            ['Check', 'Succeeded'],
            ['Greeted', 'Succeeded'],
            ['RunChild', 'Succeeded'],
          ].sort(),
        );
        const children = await server.request('POST', 'queryPipelineRuns', {
          body: { filters: [{ operand: 'PipelineName', operator: 'Equals', values: ['Child'] }] },
        });
        const child = children.json.value.find(
          (candidate: { invokedBy: { pipelineRunId?: string } }) =>
            candidate.invokedBy.pipelineRunId === runId,
        );
        expect(child).toMatchObject({
          status: 'Succeeded',
          invokedBy: { invokedByType: 'PipelineActivity' },
        });
        expect(await activityRuns(child.runId)).toEqual([['StoredChildStep', 'Succeeded']]);

        // Nothing was stored: the pipeline does not exist and no resource changed.
        expect((await server.request('GET', 'pipelines/Sketch')).status).toBe(404);
        expect(await storedVersions()).toEqual(before);
      });

      it('runs the given definition of a stored pipeline, its masked secrets the stored ones', async () => {
        const guarded = pipeline('Guarded', {
          parameters: { token: { type: 'SecureString', defaultValue: 'stored-token-secret' } },
          activities: [
            ifElseFail(
              'Check',
              "@equals(pipeline().parameters.token, 'stored-token-secret')",
              noOp('StoredVersion'),
              'WrongToken',
            ),
          ],
        });
        expect((await server.request('PUT', 'pipelines/Guarded', { body: guarded })).status).toBe(
          200,
        );
        const got = await server.request('GET', 'pipelines/Guarded');
        expect(got.json.properties.parameters.token.defaultValue).toBe(SECRET_MASK);
        const validated = await server.request('POST', 'pipelines/Guarded/validate', {
          body: { properties: got.json.properties },
        });
        expect(validated.json).toMatchObject({ valid: true, errors: [] });

        // The editor's version: the same check, another activity in the true branch.
        const edited = structuredClone(got.json.properties) as {
          activities: { typeProperties: { ifTrueActivities: JsonObject[] } }[];
        };
        edited.activities[0]!.typeProperties.ifTrueActivities = [noOp('EditedVersion')];
        const started = await server.request('POST', 'pipelines/guarded/debugRun', {
          body: { properties: edited },
        });
        expect(started.status).toBe(200);
        const run = (await runEnded(started.json.runId)).json;
        expect(run).toMatchObject({ status: 'Succeeded', pipelineName: 'Guarded' });
        expect(run.parameters.token).toBe(SECRET_MASK);
        expect((await activityRuns(run.runId)).sort()).toEqual([
          ['Check', 'Succeeded'],
          ['EditedVersion', 'Succeeded'],
        ]);
        const stored = await server.request('GET', 'pipelines/Guarded');
        expect(stored.json.etag).toBe(got.json.etag);
        expect(stored.json.properties).toEqual(got.json.properties);

        // The monitor draws what the run executed: the edited version, its secret still masked.
        const executed = await server.request('GET', `pipelineruns/${run.runId}/pipeline`);
        expect(executed.status).toBe(200);
        expect(executed.json.name).toBe('Guarded');
        expect(executed.json.properties.activities[0].typeProperties.ifTrueActivities).toEqual([
          noOp('EditedVersion'),
        ]);
        expect(executed.json.properties.parameters.token.defaultValue).toBe(SECRET_MASK);
        expect(executed.text).not.toContain('stored-token-secret');
        expect((await server.request('GET', 'pipelineruns/no-such-run/pipeline')).status).toBe(404);
      });

      it('refuses an invalid definition with the pointers of validate, and starts nothing', async () => {
        const runsBefore = await runIds([]);
        const body = pipeline('Broken', { activities: [noOp('A', 'Nowhere')] });
        const refused = await server.request('POST', 'pipelines/Broken/debugRun', {
          body: { ...body, parameters: {} },
        });
        expect(refused.status).toBe(400);
        expect(refused.json.error).toMatchObject({
          code: 'FACTORY_INVALID_RESOURCE',
          target: '/properties/activities/0/dependsOn/0/activity',
        });
        const validated = await server.request('POST', 'pipelines/Broken/validate', { body });
        expect(refused.json.error.details).toEqual(validated.json.errors);

        const noProperties = await server.request('POST', 'pipelines/Broken/debugRun', {
          body: { parameters: {} },
        });
        expect(noProperties.status).toBe(400);
        expect(noProperties.json.error).toMatchObject({
          code: 'FACTORY_INVALID_RESOURCE',
          target: '/properties',
        });
        const unknownParameter = await server.request('POST', 'pipelines/Fine/debugRun', {
          body: { properties: { activities: [noOp('A')] }, parameters: { nope: 1 } },
        });
        expect(unknownParameter.status).toBe(400);
        expect(unknownParameter.json.error.code).toBe('FACTORY_INVALID_RUN_REQUEST');
        expect(unknownParameter.json.error.details[0].target).toBe('parameters/nope');

        expect(await runIds([])).toEqual(runsBefore);
        expect((await server.request('GET', 'pipelines/Broken')).status).toBe(404);
      });

      it('marks debug runs so that queryPipelineRuns keeps them or leaves them out', async () => {
        const triggered = await server.request('POST', 'pipelines/Child/createRun', { body: {} });
        const debugged = await server.request('POST', 'pipelines/Child/debugRun', {
          body: { properties: { activities: [noOp('DebugStep')] } },
        });
        const triggeredId = triggered.json.runId as string;
        const debugId = debugged.json.runId as string;
        await runEnded(triggeredId);
        await runEnded(debugId);

        const debugOnly = await runIds([
          { operand: 'InvokedByType', operator: 'Equals', values: ['Debug'] },
        ]);
        expect(debugOnly).toContain(debugId);
        expect(debugOnly).not.toContain(triggeredId);
        const answer = await server.request('POST', 'queryPipelineRuns', {
          body: { filters: [{ operand: 'InvokedByType', operator: 'Equals', values: ['Debug'] }] },
        });
        for (const run of answer.json.value)
          expect(run.invokedBy.invokedByType, run.runId).toBe('Debug');

        const withoutDebug = await runIds([
          { operand: 'invokedbytype', operator: 'NotEquals', values: ['Debug'] },
        ]);
        expect(withoutDebug).toContain(triggeredId);
        expect(withoutDebug).not.toContain(debugId);
        const manualOrDebug = await runIds([
          { operand: 'InvokedByType', operator: 'In', values: ['Manual', 'Debug'] },
          { operand: 'RunId', operator: 'In', values: [triggeredId, debugId] },
        ]);
        expect(manualOrDebug.sort()).toEqual([triggeredId, debugId].sort());
      });

      it('reruns a debug run from failure with the debug definition, marked as a debug run', async () => {
        // The stored pipeline of that name is another one: reruns must not pick it up.
        expect(
          (
            await server.request('PUT', 'pipelines/Flaky', {
              body: pipeline('Flaky', { activities: [noOp('StoredOnly')] }),
            })
          ).status,
        ).toBe(200);
        const flag = join(folder, 'flag');
        const started = await server.request('POST', 'pipelines/Flaky/debugRun', {
          body: {
            properties: {
              activities: [
                noOp('Prepare'),
                fileMustExist('Check', flag, 'Prepare'),
                noOp('Finish', 'Check'),
              ],
            },
          },
        });
        const failedId = started.json.runId as string;
        const failed = (await runEnded(failedId)).json;
        expect(failed.status).toBe('Failed');
        await writeFile(flag, 'now it exists');

        const rerun = await server.request(
          'POST',
          `pipelines/Flaky/createRun?api-version=${API_VERSION}&referencePipelineRunId=${failedId}&isRecovery=true&startFromFailure=true`,
          { body: {} },
        );
        expect(rerun.status).toBe(200);
        const rerunId = rerun.json.runId as string;
        const ended = (await runEnded(rerunId)).json;
        expect(ended).toMatchObject({
          status: 'Succeeded',
          runGroupId: failed.runGroupId,
          referencePipelineRunId: failedId,
          invokedBy: { name: 'Debug', invokedByType: 'Debug' },
        });
        expect(await activityRuns(rerunId)).toEqual([
          ['Prepare', 'Succeeded'],
          ['Check', 'Succeeded'],
          ['Finish', 'Succeeded'],
        ]);
        const debugOnly = await runIds([
          { operand: 'InvokedByType', operator: 'Equals', values: ['Debug'] },
        ]);
        expect(debugOnly).toEqual(expect.arrayContaining([failedId, rerunId]));
      });

      it('reruns a debug run of a pipeline that was never saved, with its parameters', async () => {
        const started = await server.request('POST', 'pipelines/NeverSaved/debugRun', {
          body: {
            properties: {
              parameters: { size: { type: 'Int' } },
              activities: [
                ifElseFail('Check', '@equals(pipeline().parameters.size, 3)', noOp('Three'), 'No'),
              ],
            },
            parameters: { size: 3 },
          },
        });
        const firstId = started.json.runId as string;
        expect((await runEnded(firstId)).json.status).toBe('Succeeded');

        const again = await server.request(
          'POST',
          `pipelines/NeverSaved/createRun?referencePipelineRunId=${firstId}`,
          { body: { size: 4 } },
        );
        expect(again.status).toBe(200);
        const run = (await runEnded(again.json.runId)).json;
        expect(run).toMatchObject({
          status: 'Succeeded',
          parameters: { size: 3 },
          invokedBy: { invokedByType: 'Debug' },
        });
        expect(run.runGroupId).not.toBe(firstId);
        expect((await server.request('GET', 'pipelines/NeverSaved')).status).toBe(404);
        // Without a debug run to rerun, a pipeline that was never saved has nothing to run.
        const plain = await server.request('POST', 'pipelines/NeverSaved/createRun', { body: {} });
        expect(plain.status).toBe(404);
        expect(plain.json.error.code).toBe('FACTORY_RESOURCE_NOT_FOUND');
      });
    });
  },
);

describe.each(storeAdaptersUnderTest())(
  'who may validate and debug, on the real server with %s',
  { timeout: 60_000 },
  (adapter) => {
    const PASSWORD = 'a-long-enough-password-1';
    const factoryPath =
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/roles-factory';
    let home: string;
    let database: StoreHarness | undefined;
    let session: ServerSession;
    let origin: string;
    const tokens = new Map<string, string>();

    beforeAll(async () => {
      home = await mkdtemp(join(tmpdir(), 'millrace-debug-roles-'));
      database = adapter === 'postgres' ? await createStoreHarness('postgres') : undefined;
      session = await openServer({
        environment: { ...process.env, MILLRACE_HOME: home },
        factoryName: 'roles-factory',
        ...(database === undefined ? {} : { db: database.location }),
      });
      await session.app.listen({ port: 0, host: '127.0.0.1' });
      const address = session.app.server.address();
      origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
      for (const [user, role] of [
        ['author', 'Factory Author'],
        ['reader', 'Reader'],
      ] as const) {
        await session.identity.addUser(user, PASSWORD);
        await session.identity.grantRole(user, role, 'factory');
        tokens.set(user, (await session.identity.tokenForPassword(user, PASSWORD)).access_token);
      }
    });

    afterAll(async () => {
      await session?.close();
      await database?.dispose();
      if (home !== undefined) await rm(home, { recursive: true, force: true });
    });

    async function post(user: string, path: string, body: unknown) {
      const response = await fetch(`${origin}${factoryPath}/${path}?api-version=${API_VERSION}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.get(user)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read any field
    }

    const body = { properties: { activities: [noOp('Step')] } };

    it('lets a Factory Author debug and a Reader validate but not debug', async () => {
      const debugged = await post('author', 'pipelines/Roles/debugRun', body);
      expect(debugged.status).toBe(200);
      expect(typeof debugged.json.runId).toBe('string');

      const validated = await post('reader', 'pipelines/Roles/validate', body);
      expect(validated.status).toBe(200);
      expect(validated.json.valid).toBe(true);
      const refused = await post('reader', 'pipelines/Roles/debugRun', body);
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBeDefined();

      const run = await until(
        async () => {
          const response = await fetch(
            `${origin}${factoryPath}/pipelineruns/${debugged.json.runId}?api-version=${API_VERSION}`,
            { headers: { authorization: `Bearer ${tokens.get('reader')}` } },
          );
          return (await response.json()) as { status: string; invokedBy: JsonObject };
        },
        (answer) => answer.status === 'Succeeded' || answer.status === 'Failed',
        'the debug run to end',
      );
      expect(run).toMatchObject({ status: 'Succeeded', invokedBy: { invokedByType: 'Debug' } });
    });
  },
);
