/**
 * AzureMLExecutePipeline against a real Millrace server on loopback: the linked service's
 * service principal gets a token and submits when its role allows it, and 4122 when not.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AzureMlExecutePipelineExecutor } from '../../../src/activities/azure-ml/azure-ml-execute-pipeline-executor.js';
import { MlWorkspaceConnector } from '../../../src/activities/azure-ml/ml-workspace-connector.js';
import { buildExecutionRequest } from '../../../src/activities/execution-request-builder.js';
import type { JsonObject } from '../../../src/factory/resources.js';
import { FIXTURES, startServer, type ServerHarness } from '../../server/server-harness.js';

let server: ServerHarness;
let pipelineId: string;
const executor = new AzureMlExecutePipelineExecutor({
  connect: new MlWorkspaceConnector().connect,
  pollIntervalMs: { initial: 50, max: 200 },
});

beforeAll(async () => {
  server = await startServer('sqlite');
  pipelineId = (
    await server.session.workspace.publish(
      { kind: 'file', file: join(FIXTURES, 'hello/pipeline.yml') },
      {},
    )
  ).pipeline.id;
});

afterAll(async () => {
  await server?.close();
});

function requestAs(principal: { clientId: string; secret: string }) {
  return {
    ...buildExecutionRequest({
      type: 'AzureMLExecutePipeline',
      input: { mlPipelineId: pipelineId, experimentName: 'over-http' },
    }),
    linkedService: {
      name: 'AzureMLService1',
      type: 'AzureMLService',
      typeProperties: {
        millraceEndpoint: server.origin,
        subscriptionId: 'sub-1',
        resourceGroupName: 'rg-1',
        mlWorkspaceName: 'ws-1',
        servicePrincipalId: principal.clientId,
        servicePrincipalKey: { type: 'SecureString', value: principal.secret },
      },
    },
  };
}

it('submits with the service principal of the linked service and follows the run', async () => {
  const submitter = await server.servicePrincipal('adf-submitter', [
    ['ML Pipeline Submitter', 'ml'],
  ]);
  const result = await executor.execute(requestAs(submitter));
  expect(result).toMatchObject({
    status: 'Succeeded',
    output: { runStatus: 'Completed', mlPipelineId: pipelineId, experimentName: 'over-http' },
  });
  const runId = String((result as { output: JsonObject }).output['runId']);
  expect((await server.session.workspace.getRun(runId)).run.runSource).toBe('DataFactory');
  expect((result as { output: JsonObject }).output['runUrl']).toBe(
    `${server.origin}/ml/runs/${runId}`,
  );
});

it('fails with 4122 when the service principal may not submit', async () => {
  const reader = await server.servicePrincipal('adf-no-role', []);
  const result = await executor.execute(requestAs(reader));
  expect(result).toMatchObject({ status: 'Failed', error: { errorCode: '4122' } });
});

it('fails with 4122 when the service principal key is wrong', async () => {
  const submitter = await server.servicePrincipal('adf-wrong-key', [
    ['ML Pipeline Submitter', 'ml'],
  ]);
  const result = await executor.execute(
    requestAs({ clientId: submitter.clientId, secret: 'not-the-secret-of-this-principal' }),
  );
  expect(result).toMatchObject({ status: 'Failed', error: { errorCode: '4122' } });
});
