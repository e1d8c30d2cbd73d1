/**
 * `MlWorkspaceClient` against a real server returns what the embedded workspace returns: one
 * scenario (publish, endpoints, submit, run to the end, logs, cancel, errors) through the client,
 * each answer compared with the embedded service's answer for the same records in the same store.
 */
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityService } from '../../src/identity/identity-service.js';
import { MlWorkspaceClient } from '../../src/ml/workspace/ml-workspace-client.js';
import { MlWorkspaceClientError } from '../../src/ml/workspace/ml-workspace-client-errors.js';
import type { MlWorkspace } from '../../src/ml/workspace/ml-workspace.js';
import { MlWorkspaceError } from '../../src/ml/workspace/ml-workspace-errors.js';
import { buildServer } from '../../src/server/build-server.js';
import type { MlRunRecord } from '../../src/store/ml-store.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { FIXTURES, startServer, until, type ServerHarness } from './server-harness.js';

const HELLO = join(FIXTURES, 'hello/pipeline.yml');
const SLEEPY = join(FIXTURES, 'sleepy/pipeline.yml');

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

/** The error as the API contract sees it: code, message, details. */
function contract(error: unknown): unknown {
  expect(error).toBeInstanceOf(MlWorkspaceError);
  const { code, message, details } = error as MlWorkspaceError;
  return { code, message, details: details ?? null };
}

/** A submitted run without what differs between two submissions of the same request. */
function comparable(run: MlRunRecord): Record<string, unknown> {
  return { ...run, id: '<id>', createdAt: '<t>', lastModified: '<t>' };
}

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

describe.each(storeAdaptersUnderTest())('MlWorkspaceClient conforms on %s', (adapter) => {
  let server: ServerHarness;
  let client: MlWorkspaceClient;
  let embedded: MlWorkspace;

  beforeAll(async () => {
    server = await startServer(adapter);
    client = new MlWorkspaceClient({
      baseUrl: server.origin,
      credentials: { token: server.adminToken },
      subscriptionId: 'sub-1',
      resourceGroup: 'rg-1',
      workspace: 'ws-1',
    });
    embedded = server.session.workspace;
  });
  afterAll(async () => {
    await server?.close();
  });

  async function ended(runId: string) {
    return until(
      () => embedded.getRun(runId),
      ({ run }) => ['Completed', 'Failed', 'Canceled'].includes(run.status),
      `run ${runId} to end`,
    );
  }

  it('publishes a YAML file with its code exactly as the embedded workspace does', async () => {
    const remote = await client.publish(
      { kind: 'file', file: HELLO },
      { name: 'hello', endpoint: { name: 'hello-conformance', makeDefault: true } },
    );
    expect(remote.snapshotExisted).toBe(false);
    expect(remote.pipeline).toEqual(await embedded.getPipeline(remote.pipeline.id));
    expect(remote.endpoint).toEqual(await embedded.getEndpoint(remote.endpoint?.id ?? ''));
    expect(remote.endpointVersion).toBe('0');

    // The same file published here: the same code snapshot, so the bundle carried every file.
    const local = await embedded.publish({ kind: 'file', file: HELLO }, { name: 'hello' });
    expect(local.snapshotExisted).toBe(true);
    expect(local.pipeline.snapshotHash).toBe(remote.pipeline.snapshotHash);
    expect(local.pipeline.definition).toEqual(remote.pipeline.definition);
    expect(local.pipeline.interface).toEqual(remote.pipeline.interface);

    const bundled = await client.publish(
      {
        kind: 'bundle',
        fileName: 'pipeline.yml',
        yaml: 'type: pipeline\nname: inline\njobs:\n  only:\n    type: command\n    command: node -e "1"\n',
        files: {},
      },
      { version: '3', description: 'inline', continueOnStepFailure: true, createdBy: 'tester' },
    );
    expect(bundled.pipeline).toEqual(await embedded.getPipeline(bundled.pipeline.id));
    // The server records who signed in, not what the request claims.
    expect(bundled.pipeline).toMatchObject({ version: '3', createdBy: 'admin' });
    expect(bundled.endpoint).toBeUndefined();

    expect(await client.setPipelineStatus(bundled.pipeline.id, 'Deprecated')).toEqual(
      await embedded.getPipeline(bundled.pipeline.id),
    );
    for (const activeOnly of [true, false]) {
      expect(await client.listPipelines({ activeOnly })).toEqual(
        await embedded.listPipelines({ activeOnly }),
      );
    }
  });

  it('manages endpoints as the embedded workspace does', async () => {
    const [first, second] = await Promise.all([
      embedded.publish({ kind: 'file', file: HELLO }, { name: 'ep-a' }),
      embedded.publish({ kind: 'file', file: HELLO }, { name: 'ep-b' }),
    ]);
    const created = await client.createEndpoint({
      name: 'conformance-endpoint',
      description: 'compared',
      pipelineId: first.pipeline.id,
    });
    expect(created).toEqual(await embedded.getEndpoint(created.id));
    const added = await client.addEndpointVersion(created.id, second.pipeline.id, {
      makeDefault: false,
    });
    expect(added).toEqual(await embedded.getEndpoint(created.id));
    expect(added.versions.map((version) => version.version)).toEqual(['0', '1']);
    expect(await client.setEndpointDefaultVersion(created.id, '1')).toEqual(
      await embedded.getEndpoint(created.id),
    );
    expect(await client.getEndpointByName('CONFORMANCE-endpoint')).toEqual(
      await embedded.getEndpointByName('conformance-endpoint'),
    );
    const versions = await client.listEndpointPipelines(created.id, { activeOnly: true });
    expect(versions.map(({ version, isDefault }) => [version, isDefault])).toEqual([
      ['0', false],
      ['1', true],
    ]);
    expect(versions[1]?.pipeline).toEqual(await embedded.getPipeline(second.pipeline.id));
    expect(await client.setEndpointStatus(created.id, 'Disabled')).toEqual(
      await embedded.getEndpoint(created.id),
    );
    for (const activeOnly of [true, false]) {
      expect(await client.listEndpoints({ activeOnly })).toEqual(
        await embedded.listEndpoints({ activeOnly }),
      );
    }
    expect(
      contract(
        await failure(
          client.createEndpoint({ name: 'conformance-endpoint', pipelineId: first.pipeline.id }),
        ),
      ),
    ).toEqual(
      contract(
        await failure(
          embedded.createEndpoint({ name: 'conformance-endpoint', pipelineId: first.pipeline.id }),
        ),
      ),
    );
  });

  it('submits, follows and reads runs as the embedded workspace does', async () => {
    const { pipeline } = await embedded.publish({ kind: 'file', file: HELLO }, { name: 'runs' });
    const request = {
      experimentName: 'conformance',
      description: 'compared',
      runSource: 'SDK',
      parameterAssignments: { rows: '5' },
      tags: { kind: 'conformance' },
      regenerateOutputs: true,
      createdBy: 'tester',
    };
    const remote = await client.submit({ kind: 'pipeline', pipelineId: pipeline.id }, request);
    const local = await embedded.submit({ kind: 'pipeline', pipelineId: pipeline.id }, request);
    expect(comparable(remote)).toEqual({ ...comparable(local), createdBy: 'admin' });
    expect(remote).toMatchObject({ status: 'Queued', parameters: { rows: 5, greeting: 'hello' } });

    await ended(remote.id);
    await ended(local.id);
    const details = await client.getRun(remote.id);
    expect(details).toEqual(await embedded.getRun(remote.id));
    expect(details.run.status).toBe('Completed');
    expect(details.steps.map((step) => step.metrics['rows']?.[0]?.value)).toEqual([5, 5]);
    for (const stream of ['stdout', 'stderr'] as const) {
      expect(await client.readStepLog(remote.id, 'greet', stream)).toBe(
        await embedded.readStepLog(remote.id, 'greet', stream),
      );
    }
    expect(await client.readStepLog(remote.id, 'greet', 'stdout')).toContain('greet wrote 5');

    const query = { experimentName: 'conformance', limit: 1 };
    const firstPage = await client.listRuns(query);
    expect(firstPage).toEqual(await embedded.listRuns(query));
    const nextQuery = { ...query, continuationToken: firstPage.continuationToken ?? '' };
    expect(await client.listRuns(nextQuery)).toEqual(await embedded.listRuns(nextQuery));
    expect(await client.listRuns({ statuses: ['Completed'], pipelineId: pipeline.id })).toEqual(
      await embedded.listRuns({ statuses: ['Completed'], pipelineId: pipeline.id }),
    );

    const endpoint = await embedded.createEndpoint({
      name: 'runs-endpoint',
      pipelineId: pipeline.id,
    });
    const byName = await client.submit(
      { kind: 'endpoint', endpointName: 'runs-endpoint', version: '0' },
      { experimentName: 'conformance', parentRunId: remote.id },
    );
    expect(byName).toMatchObject({
      pipelineEndpointId: endpoint.id,
      endpointVersion: '0',
      parentRunId: remote.id,
    });
    await ended(byName.id);
    expect(await client.getRun(byName.id)).toEqual(await embedded.getRun(byName.id));
  });

  it('cancels as the embedded workspace does', async () => {
    const { pipeline } = await embedded.publish({ kind: 'file', file: SLEEPY }, {});
    const run = await client.submit(
      { kind: 'pipeline', pipelineId: pipeline.id },
      { experimentName: 'conformance-cancel', regenerateOutputs: true },
    );
    await until(
      () => client.readStepLog(run.id, 'nap', 'stdout'),
      (text) => text.includes('pid'),
      'the step to start',
    );
    const canceling = await client.cancelRun(run.id);
    expect(canceling).toMatchObject({ id: run.id, cancelRequested: true });
    await ended(run.id);
    const details = await client.getRun(run.id);
    expect(details).toEqual(await embedded.getRun(run.id));
    expect(details.run.status).toBe('Canceled');
    expect(contract(await failure(client.cancelRun(run.id)))).toEqual(
      contract(await failure(embedded.cancelRun(run.id))),
    );
  });

  it('turns error answers back into the same MlWorkspaceError', async () => {
    const { pipeline } = await embedded.publish({ kind: 'file', file: HELLO }, { name: 'errors' });
    const badSubmit = { experimentName: 'errors', parameterAssignments: { colour: 'red' } };
    expect(
      contract(
        await failure(client.submit({ kind: 'pipeline', pipelineId: pipeline.id }, badSubmit)),
      ),
    ).toEqual(
      contract(
        await failure(embedded.submit({ kind: 'pipeline', pipelineId: pipeline.id }, badSubmit)),
      ),
    );
    for (const call of [
      (workspace: MlWorkspace) => workspace.getPipeline('missing'),
      (workspace: MlWorkspace) => workspace.getEndpoint('missing'),
      (workspace: MlWorkspace) => workspace.getEndpointByName('missing'),
      (workspace: MlWorkspace) => workspace.getRun('missing'),
      (workspace: MlWorkspace) => workspace.readStepLog('missing', 'greet', 'stdout'),
    ]) {
      expect(contract(await failure(call(client)))).toEqual(
        contract(await failure(call(embedded))),
      );
    }
    const invalid = contract(
      await failure(
        client.publish(
          {
            kind: 'bundle',
            fileName: 'pipeline.yml',
            yaml: 'type: pipeline\nname: x\njobs: {}\n',
            files: {},
          },
          {},
        ),
      ),
    );
    expect(invalid).toMatchObject({ code: 'ML_INVALID_PIPELINE' });
    expect(
      contract(
        await failure(client.publish({ kind: 'file', file: join(FIXTURES, 'nope.yml') }, {})),
      ),
    ).toMatchObject({
      code: 'ML_INVALID_PIPELINE',
    });
  });

  it('reports refused credentials, a missing permission and an unreachable server with their own codes', async () => {
    const tampered = await failure(
      new MlWorkspaceClient({
        baseUrl: server.origin,
        credentials: { token: `${server.adminToken.slice(0, -4)}AAAA` },
      }).listPipelines({ activeOnly: true }),
    );
    expect(tampered).toBeInstanceOf(MlWorkspaceClientError);
    expect(tampered).toMatchObject({
      code: 'ML_SERVER_UNAUTHORIZED',
      httpStatus: 401,
      serverCode: 'AUTH_INVALID_TOKEN',
    });
    expect((tampered as Error).message).toContain('signature');
    expect((tampered as Error).message).toContain(`millrace login --server ${server.origin}`);
    expect((tampered as Error).message).not.toContain(server.adminToken.slice(0, -4));

    const anonymous = await failure(
      new MlWorkspaceClient({ baseUrl: server.origin }).getRun('any'),
    );
    expect(anonymous).toMatchObject({
      code: 'ML_SERVER_UNAUTHORIZED',
      serverCode: 'AUTH_MISSING_TOKEN',
    });

    const robot = await server.servicePrincipal('conformance-submitter', [
      ['ML Pipeline Submitter', 'ml'],
    ]);
    const wrongSecret = 'not-the-secret-of-this-principal';
    const refused = await failure(
      new MlWorkspaceClient({
        baseUrl: server.origin,
        credentials: { clientId: robot.clientId, clientSecret: wrongSecret },
      }).getRun('any'),
    );
    expect(refused).toMatchObject({
      code: 'ML_SERVER_UNAUTHORIZED',
      httpStatus: 401,
      serverCode: 'invalid_client',
    });
    expect((refused as Error).message).toContain(robot.clientId);
    expect((refused as Error).message).not.toContain(wrongSecret);

    const submitter = new MlWorkspaceClient({
      baseUrl: server.origin,
      credentials: { clientId: robot.clientId, clientSecret: robot.secret },
    });
    const forbidden = await failure(submitter.listPipelines({ activeOnly: true }));
    expect(forbidden).toBeInstanceOf(MlWorkspaceClientError);
    expect(forbidden).toMatchObject({
      code: 'ML_SERVER_FORBIDDEN',
      httpStatus: 403,
      serverCode: 'AUTH_FORBIDDEN',
    });
    expect((forbidden as Error).message).toContain('ml/pipelines/read');
    expect((forbidden as Error).message).not.toContain(robot.secret);
    // What the role allows works with the same client: it reads the run (not found here).
    expect(contract(await failure(submitter.getRun('missing')))).toEqual(
      contract(await failure(embedded.getRun('missing'))),
    );

    const url = `http://127.0.0.1:${await closedPort()}`;
    const nobody = new MlWorkspaceClient({
      baseUrl: url,
      credentials: { token: server.adminToken },
    });
    const unreachable = await failure(nobody.getRun('any'));
    expect(unreachable).toBeInstanceOf(MlWorkspaceClientError);
    expect(unreachable).toMatchObject({ code: 'ML_SERVER_UNREACHABLE' });
    expect((unreachable as Error).message).toContain(url);
    expect((unreachable as Error).message).toContain('ECONNREFUSED');
    const noTokenEndpoint = await failure(
      new MlWorkspaceClient({
        baseUrl: url,
        credentials: { clientId: robot.clientId, clientSecret: robot.secret },
      }).getRun('any'),
    );
    expect(noTokenEndpoint).toMatchObject({ code: 'ML_SERVER_UNREACHABLE' });
  });

  it('gets a token for client credentials once, keeps it, and gets a new one when it is refused', async () => {
    // A server over the same store whose clock can jump ahead, so that kept tokens expire.
    let aheadMs = 0;
    const identity = new IdentityService({
      store: server.session.store,
      secrets: server.server.secrets,
      clock: () => new Date(Date.now() + aheadMs),
    });
    const app = buildServer({ workspace: embedded, identity });
    let tokenRequests = 0;
    app.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/oauth2/token')) tokenRequests += 1;
    });
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const robot = await server.servicePrincipal('conformance-reader', [['Reader', 'ml']]);
      const reader = new MlWorkspaceClient({
        baseUrl: origin,
        credentials: { clientId: robot.clientId, clientSecret: robot.secret },
      });
      const [pipelines, endpoints] = await Promise.all([
        reader.listPipelines({ activeOnly: false }),
        reader.listEndpoints({ activeOnly: false }),
      ]);
      expect(pipelines).toEqual(await embedded.listPipelines({ activeOnly: false }));
      expect(endpoints).toEqual(await embedded.listEndpoints({ activeOnly: false }));
      expect(await reader.listPipelines({ activeOnly: true })).toEqual(
        await embedded.listPipelines({ activeOnly: true }),
      );
      expect(tokenRequests).toBe(1);

      aheadMs = 2 * 60 * 60 * 1000;
      expect(await reader.listPipelines({ activeOnly: true })).toEqual(
        await embedded.listPipelines({ activeOnly: true }),
      );
      expect(tokenRequests).toBe(2);

      // A token given as is cannot be renewed: its expiry is reported with what to do.
      const fixed = new MlWorkspaceClient({
        baseUrl: origin,
        credentials: { token: server.adminToken },
      });
      const expired = await failure(fixed.listPipelines({ activeOnly: true }));
      expect(expired).toMatchObject({
        code: 'ML_SERVER_UNAUTHORIZED',
        serverCode: 'AUTH_TOKEN_EXPIRED',
      });
      expect((expired as Error).message).toMatch(/expired at .*millrace login --server/);
      expect(tokenRequests).toBe(2);
    } finally {
      await app.close();
    }
  });
});
