/**
 * The factory REST API over real HTTP on 127.0.0.1, in Data Factory's shapes, on each store
 * adapter STORE selects: resources, errors, runs, and live run events (Server-Sent Events read
 * with fetch). Authentication is not part of these routes (the server's hook adds it).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFactoryFolder } from '../../src/factory-service/factory-import.js';
import { openResourceSecrets, SECRET_MASK } from '../../src/secrets/secret-fields.js';
import { Permissions } from '../../src/identity/permissions.js';
import { FACTORY_ROUTE_PREFIX } from '../../src/server/factory-urls.js';
import {
  executePipeline,
  noOp,
  openFactoryHarness,
  pipeline,
  runEnded,
  until,
  waitActivity,
  type FactoryHarness,
} from '../factory-service/factory-harness.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import {
  FACTORY_PATH,
  openEventStream,
  startFactoryServer,
  type FactoryServer,
} from './factory-server-harness.js';

const GETTING_STARTED = join(import.meta.dirname, '../../examples/getting-started');

describe.each(storeAdaptersUnderTest())(
  'factory REST API on %s',
  { timeout: 60_000 },
  (adapter) => {
    let harness: FactoryHarness;
    let server: FactoryServer;

    beforeAll(async () => {
      harness = await openFactoryHarness(adapter);
      server = await startFactoryServer(harness.service, { keepAliveMs: 100 });
    });

    afterAll(async () => {
      await server?.close();
      await harness?.dispose();
    });

    it('declares a factory permission on every route', () => {
      const ours = server.routes.filter((route) => route.url.startsWith(FACTORY_ROUTE_PREFIX));
      expect(ours.length).toBeGreaterThanOrEqual(20);
      for (const route of ours) {
        expect(route.permission, `${route.method} ${route.url}`).toMatch(/^factory\//);
        expect(Object.keys(Permissions)).toContain(route.permission);
      }
    });

    it('creates, reads, lists and deletes pipelines in ADF shapes', async () => {
      const put = await server.request('PUT', 'pipelines/Hello', {
        body: pipeline('Hello', { activities: [noOp('Say')] }),
      });
      expect(put.status).toBe(200);
      expect(put.json).toEqual({
        id: `${FACTORY_PATH}/pipelines/Hello`,
        name: 'Hello',
        type: 'Microsoft.DataFactory/factories/pipelines',
        properties: { activities: [noOp('Say')] },
        etag: expect.any(String),
      });
      const got = await server.request('GET', 'PIPELINES/hello');
      expect(got.status).toBe(200);
      expect(got.json).toEqual(put.json);
      const notModified = await server.request('GET', 'pipelines/Hello', {
        headers: { 'if-none-match': put.json.etag },
      });
      expect(notModified.status).toBe(304);
      const listed = await server.request('GET', 'pipelines');
      expect(listed.json.value.map((entity: { name: string }) => entity.name)).toContain('Hello');
      expect(listed.json.nextLink).toBeUndefined();

      expect((await server.request('DELETE', 'pipelines/Hello')).status).toBe(200);
      expect((await server.request('DELETE', 'pipelines/Hello')).status).toBe(204);
      const missing = await server.request('GET', 'pipelines/Hello');
      expect(missing.status).toBe(404);
      expect(missing.json.error.code).toBe('FACTORY_RESOURCE_NOT_FOUND');
    });

    it("answers errors in ADF's shape: validation with pointers, references, etags, other factories", async () => {
      const invalid = await server.request('PUT', 'pipelines/Broken', {
        body: pipeline('Broken', { activities: [noOp('A', 'Nowhere')] }),
      });
      expect(invalid.status).toBe(400);
      expect(invalid.json.error).toMatchObject({
        code: 'FACTORY_INVALID_RESOURCE',
        target: '/properties/activities/0/dependsOn/0/activity',
        details: [
          {
            code: 'FACTORY_UNKNOWN_DEPENDENCY',
            target: '/properties/activities/0/dependsOn/0/activity',
          },
        ],
      });
      const schema = await server.request('PUT', 'datasets/Bad', { body: { properties: 3 } });
      expect(schema.status).toBe(400);
      expect(schema.json.error).toMatchObject({
        code: 'FACTORY_INVALID_REQUEST',
        target: 'body.properties',
      });

      const linkedService = await server.request('PUT', 'linkedservices/Store', {
        body: { properties: { type: 'AzureBlobStorage', typeProperties: {} } },
      });
      expect(linkedService.json.type).toBe('Microsoft.DataFactory/factories/linkedservices');
      const dataset = await server.request('PUT', 'datasets/Rows', {
        body: {
          properties: {
            type: 'DelimitedText',
            linkedServiceName: { referenceName: 'Store', type: 'LinkedServiceReference' },
          },
        },
      });
      expect(dataset.json.type).toBe('Microsoft.DataFactory/factories/datasets');
      const referenced = await server.request('DELETE', 'linkedservices/Store');
      expect(referenced.status).toBe(400);
      expect(referenced.json.error.code).toBe('FACTORY_RESOURCE_REFERENCED');
      expect(referenced.json.error.message).toContain("dataset 'Rows'");
      expect(referenced.json.error.details[0].target).toBe(
        'datasets/Rows#/properties/linkedServiceName/referenceName',
      );

      const stale = await server.request('PUT', 'datasets/Rows', {
        body: dataset.json,
        headers: { 'if-match': 'not-the-etag' },
      });
      expect(stale.status).toBe(412);
      expect(stale.json.error.code).toBe('FACTORY_ETAG_MISMATCH');
      const matching = await server.request('PUT', 'datasets/Rows', {
        body: dataset.json,
        headers: { 'if-match': dataset.json.etag },
      });
      expect(matching.status).toBe(200);
      expect(matching.json.etag).not.toBe(dataset.json.etag);

      const malformed = await fetch(server.url('pipelines/Malformed'), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{"properties": ',
      });
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe(
        'FACTORY_INVALID_REQUEST',
      );
      // Optional POST bodies may be empty, labelled JSON or not.
      const empty = await fetch(server.url('queryPipelineRuns'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '',
      });
      expect(empty.status).toBe(200);

      const elsewhere = await server.request(
        'GET',
        '/subscriptions/s/resourceGroups/r/providers/Microsoft.DataFactory/factories/other/pipelines',
      );
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.json.error.code).toBe('FACTORY_NOT_FOUND');
    });

    it('masks SecureString values in linked services and keeps the secret when the masked value is sent back', async () => {
      const body = {
        name: 'Api',
        properties: {
          type: 'RestService',
          typeProperties: {
            url: 'https://example.invalid',
            password: { type: 'SecureString', value: 'http-secret' },
          },
        },
      };
      const put = await server.request('PUT', 'linkedservices/Api', { body });
      expect(put.text).not.toContain('http-secret');
      const got = await server.request('GET', 'linkedservices/Api');
      expect(got.text).not.toContain('http-secret');
      expect(got.json.properties.typeProperties.password).toEqual({
        type: 'SecureString',
        value: SECRET_MASK,
      });
      expect((await server.request('GET', 'linkedservices')).text).not.toContain('http-secret');

      got.json.properties.typeProperties.url = 'https://changed.invalid';
      const again = await server.request('PUT', 'linkedservices/Api', { body: got.json });
      expect(again.status).toBe(200);
      const stored = await harness.store.getFactoryResource({
        factoryName: 'test-factory',
        kind: 'linkedService',
        name: 'Api',
      });
      expect(JSON.stringify(stored)).not.toContain('http-secret');
      expect(openResourceSecrets(stored!.json, harness.secrets.box).properties).toEqual({
        type: 'RestService',
        typeProperties: {
          url: 'https://changed.invalid',
          password: { type: 'SecureString', value: 'http-secret' },
        },
      });
    });

    it('masks SecureString parameters in the pipeline, its runs and its event stream', async () => {
      await server.request('PUT', 'pipelines/Secretive', {
        body: pipeline('Secretive', {
          parameters: {
            token: { type: 'SecureString', defaultValue: 'default-secret' },
            label: { type: 'String', defaultValue: 'visible' },
          },
          activities: [noOp('Use')],
        }),
      });
      const got = await server.request('GET', 'pipelines/Secretive');
      expect(got.text).not.toContain('default-secret');
      expect(got.json.properties.parameters.token).toEqual({
        type: 'SecureString',
        defaultValue: SECRET_MASK,
      });
      const { runId } = (
        await server.request('POST', 'pipelines/Secretive/createRun', {
          body: { token: 'run-secret' },
        })
      ).json;
      await runEnded(harness.service, runId);
      const run = await server.request('GET', `pipelineruns/${runId}`);
      expect(run.json.parameters).toEqual({ token: SECRET_MASK, label: 'visible' });
      const query = await server.request('POST', 'queryPipelineRuns', {
        body: { filters: [{ operand: 'RunId', operator: 'Equals', values: [runId] }] },
      });
      expect(query.json.value).toHaveLength(1);
      expect(query.text).not.toContain('run-secret');
      const stream = await openEventStream(server.url(`pipelineruns/${runId}/events`));
      await stream.finished;
      expect(JSON.stringify(stream.events)).not.toContain('run-secret');
      expect(stream.events.some((event) => event.event === 'pipelineRun')).toBe(true);
      // The engine still ran with the real value; the database holds it sealed.
      const stored = await harness.session.store.getPipelineRun(runId);
      expect(stored?.parameters.token).toBe('run-secret');
      const raw = await harness.store.getPipelineRun(runId);
      expect(JSON.stringify(raw)).not.toContain('run-secret');
    });

    it('creates a run of the imported example, gets it, queries runs and activity runs', async () => {
      await importFactoryFolder(harness.service, GETTING_STARTED);
      const created = await server.request('POST', 'pipelines/CountLoanRows/createRun', {
        body: {},
      });
      expect(created.status).toBe(200);
      const { runId } = created.json;
      await runEnded(harness.service, runId);
      const run = await server.request('GET', `pipelineruns/${runId}`);
      expect(run.json).toMatchObject({
        runId,
        pipelineName: 'CountLoanRows',
        status: 'Succeeded',
        invokedBy: { invokedByType: 'Manual' },
      });
      const query = await server.request('POST', 'queryPipelineRuns', {
        body: {
          lastUpdatedAfter: '2020-01-01T00:00:00Z',
          lastUpdatedBefore: new Date(Date.now() + 60_000).toISOString(),
          filters: [{ operand: 'PipelineName', operator: 'Equals', values: ['CountLoanRows'] }],
          orderBy: [{ orderBy: 'RunEnd', order: 'DESC' }],
        },
      });
      expect(query.status).toBe(200);
      expect(query.json.value.map((entry: { runId: string }) => entry.runId)).toContain(runId);
      const badQuery = await server.request('POST', 'queryPipelineRuns', {
        body: { filters: [{ operand: 'Nonsense', operator: 'Equals', values: [] }] },
      });
      expect(badQuery.status).toBe(400);
      expect(badQuery.json.error).toMatchObject({
        code: 'FACTORY_INVALID_QUERY',
        target: 'filters/0/operand',
      });

      const activities = await server.request('POST', `pipelineruns/${runId}/queryActivityruns`, {
        body: {
          lastUpdatedAfter: '2020-01-01T00:00:00Z',
          lastUpdatedBefore: new Date(Date.now() + 60_000).toISOString(),
          filters: [{ operand: 'ActivityType', operator: 'Equals', values: ['Custom'] }],
        },
      });
      expect(activities.status).toBe(200);
      expect(activities.json.value).toHaveLength(2);
      expect(activities.json.value[0]).toMatchObject({
        activityType: 'Custom',
        pipelineName: 'CountLoanRows',
        pipelineRunId: runId,
        status: 'Succeeded',
      });
      const noRun = await server.request('POST', 'pipelineruns/nope/queryActivityruns', {
        body: {},
      });
      expect(noRun.status).toBe(404);
      expect(noRun.json.error.code).toBe('FACTORY_RUN_NOT_FOUND');
    });

    it('reruns through createRun query options and cancels recursively through the cancel route', async () => {
      await server.request('PUT', 'pipelines/Sleepy', {
        body: pipeline('Sleepy', { activities: [waitActivity('Nap', 60)] }),
      });
      await server.request('PUT', 'pipelines/Parent', {
        body: pipeline('Parent', { activities: [executePipeline('Call', 'Sleepy')] }),
      });
      const { runId } = (await server.request('POST', 'pipelines/Parent/createRun')).json;
      const activities = await until(
        () => harness.service.queryActivityRuns(runId),
        (page) => page.value.some((activity) => activity.childRunId !== undefined),
        'the child run',
      );
      const childRunId = activities.value.find((activity) => activity.childRunId)?.childRunId ?? '';
      await until(
        () => harness.service.queryActivityRuns(childRunId),
        (page) => page.value.some((activity) => activity.status === 'InProgress'),
        'the Wait activity',
      );
      const cancel = await server.request('POST', `pipelineruns/${runId}/cancel?isRecursive=true`);
      expect(cancel.status).toBe(200);
      expect((await runEnded(harness.service, runId)).status).toBe('Cancelled');
      expect((await runEnded(harness.service, childRunId)).status).toBe('Cancelled');

      const refused = await server.request(
        'POST',
        `pipelines/Parent/createRun?startFromFailure=true&referencePipelineRunId=${runId}`,
      );
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({
        code: 'FACTORY_INVALID_RUN_REQUEST',
        target: 'isRecovery',
      });
      const rerun = await server.request(
        'POST',
        `pipelines/Parent/createRun?referencePipelineRunId=${runId}&isRecovery=true&startFromFailure=true`,
      );
      expect(rerun.status).toBe(200);
      const rerunView = await harness.service.getPipelineRun(rerun.json.runId);
      expect(rerunView).toMatchObject({ runGroupId: runId, referencePipelineRunId: runId });
      await server.request('POST', `pipelineruns/${rerun.json.runId}/cancel`);
      expect((await runEnded(harness.service, rerun.json.runId)).status).toBe('Cancelled');
    });

    it("streams one run's events in order until it ends, then closes", async () => {
      await server.request('PUT', 'pipelines/Steps', {
        body: pipeline('Steps', {
          activities: [waitActivity('Pause', 1), noOp('Next', 'Pause'), noOp('Last', 'Next')],
        }),
      });
      const { runId } = (await server.request('POST', 'pipelines/Steps/createRun')).json;
      const stream = await openEventStream(server.url(`pipelineruns/${runId}/events`));
      expect(stream.status).toBe(200);
      expect(stream.contentType).toContain('text/event-stream');
      await stream.finished;

      const { events } = stream;
      expect(events.at(-1)).toMatchObject({ event: 'end', data: { runId, status: 'Succeeded' } });
      const ids = events.map((event) => Number(event.id));
      expect(ids).toEqual(ids.map((_, index) => index + 1));
      const runStatuses = events
        .filter((event) => event.event === 'pipelineRun')
        .map((event) => event.data.status);
      expect(runStatuses.at(-1)).toBe('Succeeded');
      expect(runStatuses).toEqual([...new Set(runStatuses)]);
      const finishedActivities = events
        .filter((event) => event.event === 'activityRun' && event.data.status === 'Succeeded')
        .map((event) => event.data.activityName);
      expect(finishedActivities).toEqual(['Pause', 'Next', 'Last']);
      // The run's last status comes after every activity's.
      expect(events.at(-2)).toMatchObject({ event: 'pipelineRun', data: { status: 'Succeeded' } });
      // The Wait lasted a second: the stream kept itself alive meanwhile.
      expect(stream.comments).toContain('keep-alive');

      // A run that has ended: its state at once, then end.
      const late = await openEventStream(server.url(`pipelineruns/${runId}/events`));
      await late.finished;
      expect(late.events.at(-1)?.event).toBe('end');
      expect(late.events.filter((event) => event.event === 'activityRun')).toHaveLength(3);

      const unknown = await server.request('GET', 'pipelineruns/nope/events');
      expect(unknown.status).toBe(404);
      expect(unknown.json.error.code).toBe('FACTORY_RUN_NOT_FOUND');
    });

    it('stops watching when a client disconnects', async () => {
      const listening = harness.session.events.listenerCount;
      const stream = await openEventStream(server.url('pipelineruns/events'));
      await until(
        async () => harness.session.events.listenerCount,
        (count) => count === listening + 1,
        'the stream to subscribe',
      );
      stream.abort();
      await stream.finished;
      await until(
        async () => harness.session.events.listenerCount,
        (count) => count === listening,
        'the watch to stop',
      );
    });

    it("streams every run's events and ends open streams when the server closes", async () => {
      const second = await startFactoryServer(harness.service, { keepAliveMs: 100 });
      try {
        const stream = await openEventStream(second.url('pipelineruns/events'));
        await server.request('PUT', 'pipelines/Tiny', {
          body: pipeline('Tiny', { activities: [noOp('One')] }),
        });
        const { runId } = (await server.request('POST', 'pipelines/Tiny/createRun')).json;
        await stream.waitFor(
          (event) =>
            event.event === 'pipelineRun' &&
            event.data.runId === runId &&
            event.data.status === 'Succeeded',
          'the run to succeed on the stream',
        );
        const ofRun = stream.events.filter(
          (event) => (event.data.runId ?? event.data.pipelineRunId) === runId,
        );
        expect(ofRun.map((event) => [event.event, event.data.status])).toContainEqual([
          'activityRun',
          'Succeeded',
        ]);
        await second.close();
        await stream.finished;
        expect(stream.events.at(-1)).toMatchObject({
          event: 'end',
          data: { reason: 'server closing' },
        });
      } finally {
        await second.close();
      }
    });
  },
);
