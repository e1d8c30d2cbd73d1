/**
 * The server's own behaviour over real HTTP, composed as `millrace server` composes it: bearer
 * tokens (missing, garbage, tampered, expired → 401 with the reason), roles (a Factory Author
 * and an ML Pipeline Submitter service principal → 403 naming the permission), refusals that
 * change nothing, the public routes (health, OpenAPI document, its viewer), JSON 404s and
 * validation errors, case-insensitive routes, and a log that holds no token or password.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMlWorkspace } from '../../src/cli/ml-workspace-setup.js';
import { IdentityService } from '../../src/identity/identity-service.js';
import { SecretBox } from '../../src/secrets/secret-box.js';
import { buildServer } from '../../src/server/build-server.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import {
  FACTORY_PATH,
  WORKSPACE_PATH,
  fixtureBundle,
  serverEnvironment,
  startServer,
  type HttpAnswer,
  type ServerHarness,
} from './server-harness.js';

const CHALLENGE = 'Bearer realm="millrace"';

function expectRefused(answer: HttpAnswer, status: 401 | 403, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.json.error.code).toBe(code);
  expect(answer.headers.get('www-authenticate')).toBe(status === 401 ? CHALLENGE : null);
}

/** The token with one character of its `part` (0 header, 1 payload, 2 signature) changed. */
function tamper(token: string, part: 0 | 1 | 2): string {
  const parts = token.split('.');
  const text = parts[part] ?? '';
  // The 10th character always carries whole bits of the decoded bytes.
  parts[part] = `${text.slice(0, 10)}${text[10] === 'A' ? 'B' : 'A'}${text.slice(11)}`;
  return parts.join('.');
}

describe.each(storeAdaptersUnderTest())('server auth and basics on %s', (adapter) => {
  let server: ServerHarness;
  const log: string[] = [];
  /** Every token and secret this file handles, none of which may reach the log. */
  const secrets: string[] = [];
  let hello: { Id: string };

  beforeAll(async () => {
    server = await startServer(adapter, { log: { write: (chunk: string) => log.push(chunk) } });
    secrets.push(server.adminToken, server.adminPassword);
    const published = await server.request('POST', 'Pipelines', {
      body: { ...(await fixtureBundle('hello')), Name: 'hello' },
    });
    expect(published.status, published.text).toBe(201);
    hello = published.json;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers /health, the OpenAPI document and its viewer without a token', async () => {
    const health = await server.request('GET', '/health', { headers: {} });
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok' });
    expect((await server.request('GET', '/openapi.json', { headers: {} })).status).toBe(200);
    const viewer = await server.request('GET', '/docs', { headers: {} });
    expect(viewer.status).toBe(200);
    expect(viewer.contentType).toContain('text/html');
    expect(viewer.text.toLowerCase()).toContain('swagger');
    const viewerDocument = await server.request('GET', '/docs/json', { headers: {} });
    expect(viewerDocument.status).toBe(200);
    expect(viewerDocument.json.openapi).toBe('3.1.0');
  });

  it('refuses a request without a bearer token: 401 AUTH_MISSING_TOKEN with a challenge', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer' },
      { authorization: `Basic ${Buffer.from('admin:x').toString('base64')}` },
      { 'x-api-key': server.adminToken },
    ];
    for (const headers of attempts) {
      const answer = await server.request('GET', 'Pipelines', { headers });
      expectRefused(answer, 401, 'AUTH_MISSING_TOKEN');
      expect(answer.json.error.message).toContain('POST /oauth2/token');
      expect(answer.text).not.toContain(server.adminToken);
    }
    const factory = await server.request('GET', `${FACTORY_PATH}/pipelines`, { headers: {} });
    expectRefused(factory, 401, 'AUTH_MISSING_TOKEN');
  });

  it('refuses garbage and tampered tokens: 401 AUTH_INVALID_TOKEN', async () => {
    const attempts = {
      garbage: 'not-a-token',
      'three parts, not a JWT': 'a.b.c',
      'altered signature': tamper(server.adminToken, 2),
      'altered claims': tamper(server.adminToken, 1),
    };
    for (const [what, token] of Object.entries(attempts)) {
      const answer = await server.request('GET', 'Pipelines', { token });
      expectRefused(answer, 401, 'AUTH_INVALID_TOKEN');
      expect(answer.json.error.message, what).not.toBe('');
      expect(answer.text).not.toContain(token);
      secrets.push(token);
    }
    expect(
      (await server.request('GET', 'Pipelines', { token: attempts['altered signature'] })).json
        .error.message,
    ).toContain('signature');
  });

  it('refuses an expired token: 401 AUTH_TOKEN_EXPIRED', async () => {
    // The same installation two hours ago: its token (valid for one hour) has expired since.
    const past = new IdentityService({
      store: server.session.store,
      secrets: server.server.secrets,
      clock: () => new Date(Date.now() - 2 * 60 * 60 * 1000),
    });
    const expired = (await past.tokenForPassword('admin', server.adminPassword)).access_token;
    secrets.push(expired);
    const answer = await server.request('GET', 'Pipelines', { token: expired });
    expectRefused(answer, 401, 'AUTH_TOKEN_EXPIRED');
    expect(answer.json.error.message).toMatch(/expired at .*millrace login/);
  });

  it('lets a Factory Author write factory pipelines naming an ML pipeline by id, but not list or submit ML pipelines', async () => {
    const author = await server.userToken('author', [['Factory Author', 'factory']]);
    secrets.push(author);

    const listing = await server.request('GET', 'Pipelines', { token: author });
    expectRefused(listing, 403, 'AUTH_FORBIDDEN');
    expect(listing.json.error.message).toContain('needs the permission ml/pipelines/read');
    expect(listing.json.error.message).toContain('Factory Author on factory');
    const submit = await server.request('POST', `PipelineRuns/PipelineSubmit/${hello.Id}`, {
      token: author,
      body: { ExperimentName: 'by-author' },
    });
    expectRefused(submit, 403, 'AUTH_FORBIDDEN');
    expect(submit.json.error.message).toContain('ml/pipelines/submit');

    // The id is typed in, not picked from the list the author may not read.
    const linkedService = await server.request(
      'PUT',
      `${FACTORY_PATH}/linkedservices/MlWorkspace`,
      {
        token: author,
        query: { 'api-version': '2018-06-01' },
        body: {
          properties: {
            type: 'AzureMLService',
            typeProperties: {
              subscriptionId: 'sub-1',
              resourceGroupName: 'rg-1',
              mlWorkspaceName: 'ws-1',
            },
          },
        },
      },
    );
    expect(linkedService.status, linkedService.text).toBe(200);
    const pipeline = await server.request('PUT', `${FACTORY_PATH}/pipelines/Train`, {
      token: author,
      query: { 'api-version': '2018-06-01' },
      body: {
        properties: {
          activities: [
            {
              name: 'RunHello',
              type: 'AzureMLExecutePipeline',
              linkedServiceName: { referenceName: 'MlWorkspace', type: 'LinkedServiceReference' },
              typeProperties: { mlPipelineId: hello.Id, experimentName: 'from-the-factory' },
            },
          ],
        },
      },
    });
    expect(pipeline.status, pipeline.text).toBe(200);
    expect(pipeline.json.properties.activities[0].typeProperties.mlPipelineId).toBe(hello.Id);
  });

  it('lets a service principal with ML Pipeline Submitter submit and read its run, but not list pipelines', async () => {
    const robot = await server.servicePrincipal('adf-linked-service', [
      ['ML Pipeline Submitter', 'ml'],
    ]);
    secrets.push(robot.secret, robot.token);

    const submitted = await server.request('POST', `PipelineRuns/PipelineSubmit/${hello.Id}`, {
      token: robot.token,
      body: { ExperimentName: 'from-adf', ParameterAssignments: { rows: '2' } },
    });
    expect(submitted.status, submitted.text).toBe(200);
    const run = await server.request('GET', `PipelineRuns/${submitted.json.Id}`, {
      token: robot.token,
    });
    expect(run.status, run.text).toBe(200);
    expect(run.json).toMatchObject({ Id: submitted.json.Id, PipelineId: hello.Id });

    for (const path of ['Pipelines', `Pipelines/${hello.Id}`, 'PipelineEndpoints']) {
      const refused = await server.request('GET', path, { token: robot.token });
      expectRefused(refused, 403, 'AUTH_FORBIDDEN');
      expect(refused.json.error.message).toContain('ml/pipelines/read');
      expect(refused.json.error.message).toContain(
        'Service principal "adf-linked-service" may not do this',
      );
    }
  });

  it('changes nothing when it refuses a request', async () => {
    const before = {
      pipelines: (await server.request('GET', 'Pipelines', { query: { activeOnly: 'false' } }))
        .json,
      endpoints: (
        await server.request('GET', 'PipelineEndpoints', { query: { activeOnly: 'false' } })
      ).json,
      runs: (await server.request('GET', 'PipelineRuns', { query: { experimentName: 'refused' } }))
        .json,
      factory: (
        await server.request('GET', `${FACTORY_PATH}/pipelines`, {
          query: { 'api-version': '2018-06-01' },
        })
      ).json,
    };
    expect(before.pipelines.map((entity: { Id: string }) => entity.Id)).toContain(hello.Id);

    const reader = await server.userToken('ml-reader', [['Reader', 'ml']]);
    const robot = await server.servicePrincipal('refused-submitter', [
      ['ML Pipeline Submitter', 'ml'],
    ]);
    secrets.push(reader, robot.secret, robot.token);
    const bundle = { ...(await fixtureBundle('hello')), Name: 'refused', EndpointName: 'refused' };
    const refusals: [string, string, string | undefined, unknown, number][] = [
      ['POST', 'Pipelines', reader, bundle, 403],
      ['POST', 'Pipelines', robot.token, bundle, 403],
      ['POST', 'Pipelines', 'not-a-token', bundle, 401],
      ['POST', 'Pipelines', undefined, bundle, 401],
      ['PUT', `Pipelines/${hello.Id}/Status`, reader, { Status: 'Disabled' }, 403],
      ['POST', 'PipelineEndpoints', robot.token, { Name: 'refused', PipelineId: hello.Id }, 403],
      [
        'POST',
        `PipelineRuns/PipelineSubmit/${hello.Id}`,
        reader,
        { ExperimentName: 'refused' },
        403,
      ],
      [
        'POST',
        `PipelineRuns/PipelineSubmit/${hello.Id}`,
        tamper(robot.token, 2),
        { ExperimentName: 'refused' },
        401,
      ],
      [
        'PUT',
        `${FACTORY_PATH}/pipelines/Refused?api-version=2018-06-01`,
        reader,
        { properties: { activities: [] } },
        403,
      ],
    ];
    for (const [method, path, token, body, status] of refusals) {
      const answer = await server.request(method, path, {
        body,
        ...(token === undefined ? { headers: {} } : { token }),
      });
      expect(answer.status, `${method} ${path}: ${answer.text}`).toBe(status);
    }

    expect(
      (await server.request('GET', 'Pipelines', { query: { activeOnly: 'false' } })).json,
    ).toEqual(before.pipelines);
    expect(
      (await server.request('GET', 'PipelineEndpoints', { query: { activeOnly: 'false' } })).json,
    ).toEqual(before.endpoints);
    expect(
      (await server.request('GET', 'PipelineRuns', { query: { experimentName: 'refused' } })).json,
    ).toEqual(before.runs);
    expect(before.runs.Value).toEqual([]);
    expect(
      (
        await server.request('GET', `${FACTORY_PATH}/pipelines`, {
          query: { 'api-version': '2018-06-01' },
        })
      ).json,
    ).toEqual(before.factory);
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
    expect(lower.json.map((entity: { Id: string }) => entity.Id)).toContain(hello.Id);
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

  it('serves an OpenAPI document listing every route, secured by bearer JWTs', async () => {
    const answer = await server.request('GET', '/openapi.json', { headers: {} });
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
    expect(document.components.securitySchemes).toEqual({
      bearer: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: expect.stringContaining('/oauth2/token'),
      },
    });
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/health'].get.security).toEqual([]);
    expect(document.paths['/oauth2/token'].post.security).toEqual([]);
    const submit = document.paths[`${base}/PipelineRuns/PipelineSubmit/{pipelineId}`].post;
    expect(Object.keys(submit.requestBody.content['application/json'].schema.properties)).toContain(
      'ParameterAssignments',
    );
  });

  // Last: the log of everything above, plus sign-ins with a password and a client secret.
  it('writes requests to the log, and no token, password or secret', async () => {
    const password = 'logged-user-password-123';
    await server.server.identity.addUser('logged', password);
    const robot = await server.servicePrincipal('logged-robot', []);
    secrets.push(password, robot.secret, robot.token);
    const grants: Record<string, string>[] = [
      { grant_type: 'password', username: 'logged', password },
      { grant_type: 'client_credentials', client_id: robot.clientId, client_secret: robot.secret },
      { grant_type: 'password', username: 'logged', password: `${password}-wrong` },
    ];
    for (const grant of grants) {
      const answer = await server.request('POST', '/oauth2/token', {
        headers: {},
        rawBody: new URLSearchParams(grant).toString(),
        contentType: 'application/x-www-form-urlencoded',
      });
      if (answer.json.access_token !== undefined) secrets.push(answer.json.access_token);
    }
    secrets.push(`${password}-wrong`);

    const text = log.join('');
    expect(text).toContain('"url":"/oauth2/token"');
    expect(text).toContain(`${WORKSPACE_PATH}/Pipelines`);
    expect(text).toContain('"statusCode":403');
    expect(text).toContain('"statusCode":401');
    expect(secrets.length).toBeGreaterThan(15);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});

describe('logging', () => {
  it('redacts the authorization header even when whole headers are logged, and logs the cause of a 500', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const home = await mkdtemp(join(tmpdir(), 'millrace-server-log-'));
    const session = await openMlWorkspace({ environment: serverEnvironment(home) });
    const identity = new IdentityService({
      store: session.store,
      secrets: new SecretBox([randomBytes(32)]),
    });
    const app = buildServer({
      workspace: session.workspace,
      identity,
      logger: {
        level: 'info',
        stream,
        // Log whole request headers, to show the token is redacted even then.
        serializers: { req: (request: { headers: unknown }) => ({ headers: request.headers }) },
      },
    });
    try {
      const password = await identity.ensureAdmin();
      const token = (await identity.tokenForPassword('admin', password ?? '')).access_token;
      const answer = await app.inject({
        method: 'GET',
        url: `${WORKSPACE_PATH}/Pipelines`,
        headers: { authorization: `Bearer ${token}`, cookie: `session=${token}` },
      });
      expect(answer.statusCode, answer.body).toBe(200);

      // A store that is gone: checking the token's roles fails unexpectedly.
      await session.store.close();
      const failed = await app.inject({
        method: 'GET',
        url: `${WORKSPACE_PATH}/Pipelines`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(failed.statusCode).toBe(500);
      expect(failed.json()).toEqual({
        error: {
          code: 'INTERNAL_ERROR',
          message: 'An unexpected failure; the server log has the cause. Retrying may help.',
        },
      });
      const log = lines.join('');
      expect(log).toContain('"level":50');
      expect(log).toContain('[Redacted]');
      expect(log).not.toContain(token);
      expect(log).not.toContain(password);
    } finally {
      await app.close();
      await session.executor.idle();
      await rm(home, { recursive: true, force: true });
    }
  });
});
