/**
 * `testAzureMlConnection` and the `CallerAccess` route it asks, against a real Millrace server on
 * loopback with real service principals: the embedded workspace, linked services that cannot be
 * used (4111, 4112), the route's answer and refusal, and an expired secret failing the activity
 * itself with 4121, as Test connection reports it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONNECTION_ROLE,
  REQUIRED_ML_PERMISSIONS,
  testAzureMlConnection,
} from '../../../src/activities/azure-ml/azure-ml-connection-test.js';
import { AzureMlExecutePipelineExecutor } from '../../../src/activities/azure-ml/azure-ml-execute-pipeline-executor.js';
import {
  MlWorkspaceConnector,
  type AzureMlLinkedService,
} from '../../../src/activities/azure-ml/ml-workspace-connector.js';
import { buildExecutionRequest } from '../../../src/activities/execution-request-builder.js';
import { IdentityService } from '../../../src/identity/identity-service.js';
import { Roles } from '../../../src/identity/permissions.js';
import { MlWorkspaceClient } from '../../../src/ml/workspace/ml-workspace-client.js';
import { MlWorkspaceClientError } from '../../../src/ml/workspace/ml-workspace-client-errors.js';
import { FIXTURES, startServer, type ServerHarness } from '../../server/server-harness.js';

let server: ServerHarness;
let submitter: { clientId: string; secret: string };
let expired: { clientId: string; secret: string };

beforeAll(async () => {
  server = await startServer('sqlite');
  submitter = await server.servicePrincipal('adf-submitter', [['ML Pipeline Submitter', 'ml']]);
  // Made by an identity service whose clock is a day behind: its secret expired an hour later.
  const yesterday = new Date(Date.now() - 86_400_000);
  expired = await new IdentityService({
    store: server.server.ml.store,
    secrets: server.server.secrets,
    clock: () => yesterday,
  }).addServicePrincipal('adf-expired', {
    secretExpiresAt: new Date(yesterday.getTime() + 3_600_000).toISOString(),
  });
  await server.server.identity.grantRole(expired.clientId, 'ML Pipeline Submitter', 'ml');
});

afterAll(async () => {
  await server?.close();
});

function linkedService(typeProperties: Record<string, unknown>, type = 'AzureMLService') {
  return { name: 'AzureMLService1', type, typeProperties } as AzureMlLinkedService;
}

function overHttp(principal: { clientId: string; secret: string }): AzureMlLinkedService {
  return linkedService({
    millraceEndpoint: server.origin,
    subscriptionId: 'sub-1',
    resourceGroupName: 'rg-1',
    mlWorkspaceName: 'ws-1',
    servicePrincipalId: principal.clientId,
    servicePrincipalKey: principal.secret,
  });
}

describe('testAzureMlConnection', () => {
  it('asks for the permissions of the role it names', () => {
    for (const permission of REQUIRED_ML_PERMISSIONS)
      expect(Roles[CONNECTION_ROLE].permissions).toContain(permission);
  });

  it('succeeds on the embedded workspace when the linked service names no endpoint', async () => {
    const connect = new MlWorkspaceConnector({ embedded: server.session.workspace }).connect;
    const result = await testAzureMlConnection(
      linkedService({ mlWorkspaceName: 'local-ws' }),
      connect,
    );
    expect(result).toEqual({
      succeeded: true,
      message:
        "Connection to ML workspace 'local-ws' (embedded) succeeded (ml/pipelines/read, ml/pipelines/write, ml/pipelines/submit, ml/runs/read, ml/runs/cancel).",
      workspace: 'local-ws',
      permissions: [
        'ml/pipelines/read',
        'ml/pipelines/write',
        'ml/pipelines/submit',
        'ml/runs/read',
        'ml/runs/cancel',
      ],
    });
  });

  it('succeeds over HTTP, as the service principal, with what it holds', async () => {
    const result = await testAzureMlConnection(
      overHttp(submitter),
      new MlWorkspaceConnector().connect,
    );
    expect(result).toEqual({
      succeeded: true,
      message: `Connection to ML workspace 'ws-1' at ${server.origin} succeeded as 'adf-submitter' (ml/pipelines/submit, ml/runs/read, ml/runs/cancel).`,
      workspace: 'ws-1',
      permissions: ['ml/pipelines/submit', 'ml/runs/read', 'ml/runs/cancel'],
    });
  });

  it('fails with 4112 for a linked service that cannot be used', async () => {
    const connect = new MlWorkspaceConnector().connect;
    const noEndpoint = await testAzureMlConnection(linkedService({}), connect);
    expect(noEndpoint).toMatchObject({ succeeded: false, errorCode: '4112' });
    expect(noEndpoint.message).toContain("Set 'millraceEndpoint'");
    const notAUrl = await testAzureMlConnection(
      linkedService({ millraceEndpoint: 'ml server' }),
      connect,
    );
    expect(notAUrl).toMatchObject({ succeeded: false, errorCode: '4112' });
    expect(notAUrl.message).toContain("is not a URL: 'ml server'");
  });

  it('fails with 4111 for another linked service type', async () => {
    const result = await testAzureMlConnection(
      linkedService({}, 'AzureBlobStorage'),
      new MlWorkspaceConnector().connect,
    );
    expect(result).toMatchObject({ succeeded: false, errorCode: '4111' });
  });

  it('fails with 4121 for an expired secret, and so does the activity', async () => {
    const connect = new MlWorkspaceConnector().connect;
    const result = await testAzureMlConnection(overHttp(expired), connect);
    expect(result).toMatchObject({ succeeded: false, errorCode: '4121' });
    expect(result.message).not.toContain(expired.secret);

    const pipelineId = (
      await server.session.workspace.publish(
        { kind: 'file', file: join(FIXTURES, 'hello/pipeline.yml') },
        {},
      )
    ).pipeline.id;
    const executed = await new AzureMlExecutePipelineExecutor({ connect }).execute({
      ...buildExecutionRequest({
        type: 'AzureMLExecutePipeline',
        input: { mlPipelineId: pipelineId, experimentName: 'expired' },
      }),
      linkedService: overHttp(expired),
    });
    expect(executed).toMatchObject({ status: 'Failed', error: { errorCode: '4121' } });
  });
});

describe('GET CallerAccess', () => {
  it('answers the workspace, the caller and its ML permissions to any valid token', async () => {
    const reader = await server.userToken('access-reader', [
      ['Reader', 'ml'],
      ['Contributor', 'factory'],
    ]);
    const answer = await server.request('GET', 'CallerAccess', { token: reader });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      Workspace: 'ws-1',
      Principal: 'access-reader',
      Permissions: ['ml/pipelines/read', 'ml/runs/read'],
    });
    const none = await server.userToken('access-nobody', []);
    expect((await server.request('GET', 'CallerAccess', { token: none })).json).toMatchObject({
      Principal: 'access-nobody',
      Permissions: [],
    });
  });

  it('refuses a request without a valid token with 401', async () => {
    const answer = await server.request('GET', 'CallerAccess', { headers: {} });
    expect(answer.status).toBe(401);
    expect(answer.json.error.code).toBe('AUTH_MISSING_TOKEN');
  });

  it('is what MlWorkspaceClient.checkAccess reads; an expired secret is flagged as such', async () => {
    const client = new MlWorkspaceClient({
      baseUrl: server.origin,
      credentials: { clientId: submitter.clientId, clientSecret: submitter.secret },
      workspace: 'named-ws',
    });
    expect(await client.checkAccess()).toEqual({
      workspace: 'named-ws',
      principal: 'adf-submitter',
      permissions: ['ml/pipelines/submit', 'ml/runs/read', 'ml/runs/cancel'],
    });
    const refused = await new MlWorkspaceClient({
      baseUrl: server.origin,
      credentials: { clientId: expired.clientId, clientSecret: expired.secret },
    })
      .checkAccess()
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(MlWorkspaceClientError);
    expect(refused).toMatchObject({
      code: 'ML_SERVER_UNAUTHORIZED',
      credentialExpired: true,
      serverCode: 'invalid_client',
    });
  });
});
