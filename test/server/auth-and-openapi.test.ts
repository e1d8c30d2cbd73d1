/**
 * The server's own behaviour over real HTTP: API key checks (bearer and x-api-key), the open
 * health route, JSON 404s and validation errors, case-insensitive routes, the OpenAPI document,
 * and that keys never reach the log.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMlWorkspace } from '../../src/cli/ml-workspace-setup.js';
import { buildServer } from '../../src/server/build-server.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { API_KEY, WORKSPACE_PATH, startServer, type ServerHarness } from './server-harness.js';

describe.each(storeAdaptersUnderTest())('server basics on %s', (adapter) => {
  let server: ServerHarness;

  beforeAll(async () => {
    server = await startServer(adapter);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers /health without a key', async () => {
    const answer = await server.request('GET', '/health', { headers: {} });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'ok' });
  });

  it('refuses workspace routes without a key, with a wrong key, and with a wrong scheme', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-the-key' },
      { 'x-api-key': 'not-the-key' },
      { authorization: `Basic ${API_KEY}` },
    ];
    for (const headers of attempts) {
      const answer = await server.request('GET', 'Pipelines', { headers });
      expect(answer.status).toBe(401);
      expect(answer.json.error.code).toBe('UNAUTHORIZED');
      expect(answer.text).not.toContain('not-the-key');
      expect(answer.text).not.toContain(API_KEY);
    }
  });

  it('accepts the key as a bearer token or as x-api-key', async () => {
    const bearer = await server.request('GET', 'Pipelines', {
      headers: { authorization: `bearer ${API_KEY}` },
    });
    const header = await server.request('GET', 'Pipelines', { headers: { 'x-api-key': API_KEY } });
    expect(bearer.status).toBe(200);
    expect(header.status).toBe(200);
    expect(bearer.json).toEqual([]);
  });

  it('needs the key for the OpenAPI document too', async () => {
    expect((await server.request('GET', '/openapi.json', { headers: {} })).status).toBe(401);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const answer = await server.request('GET', 'NoSuchThing');
    expect(answer.status).toBe(404);
    expect(answer.json.error.code).toBe('NOT_FOUND');
    expect(answer.json.error.message).toContain('/NoSuchThing');
  });

  it('matches paths ignoring letter case, and accepts any workspace ids', async () => {
    const lower = await server.request(
      'GET',
      '/pipelines/v1.0/subscriptions/other/resourcegroups/x/providers/microsoft.machinelearningservices/workspaces/y/pipelines',
    );
    expect(lower.status).toBe(200);
    expect(lower.json).toEqual([]);
  });

  it('names the field a request gets wrong', async () => {
    const badQuery = await server.request('GET', 'Pipelines', { query: { activeOnly: 'maybe' } });
    expect(badQuery.status).toBe(400);
    expect(badQuery.json.error).toMatchObject({ code: 'ML_INVALID_REQUEST', adfCode: '4101' });
    expect(badQuery.json.error.message).toContain('query.activeOnly');

    const noDefinition = await server.request('POST', 'Pipelines', { body: { Name: 'x' } });
    expect(noDefinition.status).toBe(400);
    expect(noDefinition.json.error.message).toContain('body.Definition is required');
    expect(noDefinition.json.error.details).toContainEqual({
      name: 'body.Definition',
      problem: 'is required',
    });

    const badStream = await server.request(
      'GET',
      'PipelineRuns/some-run/StepRuns/greet/Logs/stdlog',
    );
    expect(badStream.status).toBe(400);
    expect(badStream.json.error.message).toContain('path.stream must be one of "stdout", "stderr"');

    const notJson = await server.request('POST', 'PipelineEndpoints', {
      rawBody: '{"Name": ',
      contentType: 'application/json',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.code).toBe('ML_INVALID_REQUEST');
  });

  it('serves an OpenAPI document listing every route with its security', async () => {
    const answer = await server.request('GET', '/openapi.json');
    expect(answer.status).toBe(200);
    const document = answer.json;
    expect(document.openapi).toBe('3.1.0');
    const base =
      '/pipelines/v1.0/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.MachineLearningServices/workspaces/{workspaceName}';
    const expected: [string, string][] = [
      ['/Pipelines', 'get'],
      ['/Pipelines', 'post'],
      ['/Pipelines/{pipelineId}', 'get'],
      ['/Pipelines/{pipelineId}/Status', 'put'],
      ['/PipelineEndpoints', 'get'],
      ['/PipelineEndpoints', 'post'],
      ['/PipelineEndpoints/Name', 'get'],
      ['/PipelineEndpoints/{endpointId}', 'get'],
      ['/PipelineEndpoints/{endpointId}', 'patch'],
      ['/PipelineEndpoints/{endpointId}/Pipelines', 'get'],
      ['/PipelineRuns/PipelineSubmit/{pipelineId}', 'post'],
      ['/PipelineRuns/PipelineEndpointSubmit/Id/{endpointId}', 'post'],
      ['/PipelineRuns/PipelineEndpointSubmit/Id/{endpointId}/{version}', 'post'],
      ['/PipelineRuns/PipelineEndpointSubmit/Name', 'post'],
      ['/PipelineRuns', 'get'],
      ['/PipelineRuns/{runId}', 'get'],
      ['/PipelineRuns/Pipeline/{pipelineId}', 'get'],
      ['/PipelineRuns/{runId}/Cancel', 'post'],
      ['/PipelineRuns/{runId}/StepRuns', 'get'],
      ['/PipelineRuns/{runId}/StepRuns/{step}/Logs/{stream}', 'get'],
      ['/PipelineRuns/{runId}/StepRuns/{step}/Metrics', 'get'],
    ];
    for (const [path, method] of expected) {
      expect(document.paths[`${base}${path}`]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(document.paths['/health'].get.security).toEqual([]);
    expect(document.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
    const submit = document.paths[`${base}/PipelineRuns/PipelineSubmit/{pipelineId}`].post;
    expect(Object.keys(submit.requestBody.content['application/json'].schema.properties)).toContain(
      'ParameterAssignments',
    );
  });
});

describe('logging', () => {
  it('writes requests to the log without the key, and logs the cause of a 500', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const home = await mkdtemp(join(tmpdir(), 'millrace-server-log-'));
    const session = await openMlWorkspace({
      environment: { ...process.env, MILLRACE_HOME: home },
    });
    const app = buildServer({
      workspace: session.workspace,
      apiKey: API_KEY,
      logger: {
        level: 'info',
        stream,
        // Log whole request headers, to show the key is redacted even then.
        serializers: { req: (request: { headers: unknown }) => ({ headers: request.headers }) },
      },
    });
    try {
      // A store that is gone: every workspace operation fails unexpectedly.
      await session.store.close();
      const answer = await app.inject({
        method: 'GET',
        url: `${WORKSPACE_PATH}/Pipelines`,
        headers: { authorization: `Bearer ${API_KEY}`, 'x-api-key': API_KEY },
      });
      expect(answer.statusCode).toBe(500);
      expect(answer.json()).toEqual({
        error: {
          code: 'INTERNAL_ERROR',
          message: 'An unexpected failure; the server log has the cause. Retrying may help.',
        },
      });
      const log = lines.join('');
      expect(log).toContain('"level":50');
      expect(log).toContain('[Redacted]');
      expect(log).not.toContain(API_KEY);
    } finally {
      await app.close();
      await session.executor.idle();
      await rm(home, { recursive: true, force: true });
    }
  });
});
