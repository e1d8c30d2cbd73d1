/**
 * AzureMLExecutePipeline against a real embedded ML workspace (SQLite in a temporary Millrace
 * home, steps as real processes): validation codes, success with its output, a failing step,
 * workspace refusals, endpoints, fire-and-forget and cancel.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureMlExecutePipelineExecutor } from '../../../src/activities/azure-ml/azure-ml-execute-pipeline-executor.js';
import { MlWorkspaceConnector } from '../../../src/activities/azure-ml/ml-workspace-connector.js';
import type {
  ActivityExecutionRequest,
  ActivityExecutionResult,
} from '../../../src/activities/activity-executor.js';
import { buildExecutionRequest } from '../../../src/activities/execution-request-builder.js';
import { openMlWorkspace, type MlWorkspaceSession } from '../../../src/cli/ml-workspace-setup.js';
import type { JsonObject } from '../../../src/factory/resources.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/ml');
const LINKED_SERVICE = { name: 'AzureMLService1', type: 'AzureMLService', typeProperties: {} };

let home: string;
let session: MlWorkspaceSession;
let executor: AzureMlExecutePipelineExecutor;
let hello: { pipelineId: string; endpointId: string };
let flowId: string;
let sleepyId: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'millrace-azure-ml-'));
  const raw = join(home, 'datastores/workspaceblobstore/flow/raw');
  await mkdir(raw, { recursive: true });
  await writeFile(join(raw, 'rows.txt'), 'row\n');
  session = await openMlWorkspace({ environment: { ...process.env, MILLRACE_HOME: home } });
  const { workspace } = session;
  const published = await workspace.publish(
    { kind: 'file', file: join(FIXTURES, 'hello/pipeline.yml') },
    { endpoint: { name: 'hello-endpoint', makeDefault: true } },
  );
  await workspace.publish(
    { kind: 'file', file: join(FIXTURES, 'hello/pipeline.yml') },
    { version: '2', endpoint: { name: 'hello-endpoint', makeDefault: false } },
  );
  hello = { pipelineId: published.pipeline.id, endpointId: published.endpoint?.id ?? '' };
  flowId = (
    await workspace.publish({ kind: 'file', file: join(FIXTURES, 'flow/pipeline.yml') }, {})
  ).pipeline.id;
  sleepyId = (
    await workspace.publish({ kind: 'file', file: join(FIXTURES, 'sleepy/pipeline.yml') }, {})
  ).pipeline.id;
  executor = new AzureMlExecutePipelineExecutor({
    connect: new MlWorkspaceConnector({ embedded: workspace }).connect,
    pollIntervalMs: { initial: 50, max: 200 },
    runUrl: (runId) => `http://ui.test/ml/runs/${runId}`,
  });
});

afterAll(async () => {
  await session?.close();
  await rm(home, { recursive: true, force: true });
});

function request(
  input: JsonObject,
  options: {
    linkedService?: ActivityExecutionRequest['linkedService'] | null;
    signal?: AbortSignal;
  } = {},
): ActivityExecutionRequest {
  const linkedService =
    options.linkedService === undefined ? LINKED_SERVICE : options.linkedService;
  return {
    ...buildExecutionRequest({
      type: 'AzureMLExecutePipeline',
      name: 'RunModel',
      input,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    }),
    ...(linkedService === null ? {} : { linkedService }),
  };
}

function errorOf(result: ActivityExecutionResult) {
  if (result.status !== 'Failed')
    throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result.error;
}

describe('validation', () => {
  const cases: [string, JsonObject, string][] = [
    ['no pipeline, endpoint id or endpoint name', { experimentName: 'e' }, "Give 'mlPipelineId'"],
    [
      'both pipeline id and endpoint id',
      { experimentName: 'e', mlPipelineId: 'a', mlPipelineEndpointId: 'b' },
      'only one of',
    ],
    [
      'version without an endpoint',
      { experimentName: 'e', mlPipelineId: 'a', version: '1' },
      "'version'",
    ],
    [
      'parameters that are not an object',
      { experimentName: 'e', mlPipelineId: 'a', mlPipelineParameters: ['x'] },
      "'mlPipelineParameters'",
    ],
    [
      'a parameter that is not a scalar',
      { experimentName: 'e', mlPipelineId: 'a', mlPipelineParameters: { rows: { n: 1 } } },
      "'rows'",
    ],
    [
      'a data path without a datastore',
      { experimentName: 'e', mlPipelineId: 'a', dataPathAssignments: { raw: 'nodatastore' } },
      "'raw'",
    ],
    [
      'continueOnStepFailure that is not a boolean',
      { experimentName: 'e', mlPipelineId: 'a', continueOnStepFailure: 3 },
      "'continueOnStepFailure'",
    ],
  ];
  it.each(cases)('fails with 4101 for %s', async (_name, input, fragment) => {
    const error = errorOf(await executor.execute(request(input)));
    expect(error).toMatchObject({
      errorCode: '4101',
      failureType: 'UserError',
      target: 'RunModel',
    });
    expect(error.message).toContain(fragment);
  });

  it('fails with 4110 without a linked service and 4111 with one of another type', async () => {
    const input = { experimentName: 'e', mlPipelineId: hello.pipelineId };
    expect(errorOf(await executor.execute(request(input, { linkedService: null }))).errorCode).toBe(
      '4110',
    );
    const web = { name: 'Blob', type: 'AzureBlobStorage', typeProperties: {} };
    const wrong = errorOf(await executor.execute(request(input, { linkedService: web })));
    expect(wrong.errorCode).toBe('4111');
    expect(wrong.message).toContain("'AzureBlobStorage'");
  });

  it('fails with 4112 when the linked service names no endpoint and nothing is embedded', async () => {
    const remoteOnly = new AzureMlExecutePipelineExecutor({
      connect: new MlWorkspaceConnector().connect,
    });
    const error = errorOf(
      await remoteOnly.execute(request({ experimentName: 'e', mlPipelineId: hello.pipelineId })),
    );
    expect(error.errorCode).toBe('4112');
    expect(error.message).toContain('millraceEndpoint');
  });
});

describe('execution', () => {
  it('runs a published pipeline to Completed and reports it as output', async () => {
    const result = await executor.execute(
      request({
        mlPipelineId: hello.pipelineId,
        experimentName: 'adf-hello',
        mlPipelineParameters: { greeting: 'hi', rows: 2 },
      }),
    );
    expect(result.status).toBe('Succeeded');
    const output = (result as { output: JsonObject }).output;
    const runId = String(output['runId']);
    expect(output).toMatchObject({
      runStatus: 'Completed',
      status: 'Completed',
      mlPipelineRunId: runId,
      runUrl: `http://ui.test/ml/runs/${runId}`,
      experimentName: 'adf-hello',
      mlPipelineId: hello.pipelineId,
      mlPipelineEndpointId: null,
      parameterAssignments: { greeting: 'hi', rows: 2 },
    });
    expect(output['stepRuns']).toEqual([
      expect.objectContaining({ name: 'greet', status: 'Completed', reused: false }),
      expect.objectContaining({ name: 'count', status: 'Completed', reused: false }),
    ]);
    const { run } = await session.workspace.getRun(runId);
    expect(run).toMatchObject({
      runSource: 'DataFactory',
      tags: {
        adfPipelineRunId: '00000000-0000-4000-8000-000000000001',
        adfActivityRunId: '00000000-0000-4000-8000-000000000002',
      },
    });
  });

  it('fails with 4126, Azure ML message and the failed step when a step fails', async () => {
    const result = await executor.execute(
      request({
        mlPipelineId: flowId,
        experimentName: 'adf-flow',
        mlPipelineParameters: { fail: 'prep' },
        dataPathAssignments: { raw: 'workspaceblobstore/flow/raw' },
      }),
    );
    const error = errorOf(result);
    const runId = String((result as { output: JsonObject }).output['runId']);
    expect(error.errorCode).toBe('4126');
    expect(error.message).toBe(
      `Azure ML pipeline run failed with status: 'Failed'. Azure ML pipeline run Id: '${runId}'.`,
    );
    const details = error.details as { failedSteps: JsonObject[] };
    expect(details.failedSteps).toEqual([
      expect.objectContaining({ step: 'prep', status: 'Failed', errorCode: expect.any(String) }),
    ]);
    expect(details.failedSteps[0]?.['logTail']).toContain('prep fails on purpose');
    expect((result as { output: JsonObject }).output['dataPathAssignments']).toEqual({
      raw: { DataStoreName: 'workspaceblobstore', RelativePath: 'flow/raw' },
    });
  });

  it('maps an unknown parameter to 4123 and an unknown pipeline to 4124', async () => {
    const unknownParameter = errorOf(
      await executor.execute(
        request({
          mlPipelineId: hello.pipelineId,
          experimentName: 'e',
          mlPipelineParameters: { nosuch: '1' },
        }),
      ),
    );
    expect(unknownParameter.errorCode).toBe('4123');
    expect(unknownParameter.message).toContain('nosuch');
    const unknownPipeline = errorOf(
      await executor.execute(
        request({ mlPipelineId: '00000000-0000-0000-0000-00000000dead', experimentName: 'e' }),
      ),
    );
    expect(unknownPipeline.errorCode).toBe('4124');
  });

  it('submits an endpoint version and reports the version it ran', async () => {
    const result = await executor.execute(
      request({ mlPipelineEndpointId: hello.endpointId, version: '1', experimentName: 'e' }),
    );
    expect(result).toMatchObject({
      status: 'Succeeded',
      output: { mlPipelineEndpointId: hello.endpointId, version: '1', runStatus: 'Completed' },
    });
    const missingVersion = errorOf(
      await executor.execute(
        request({ mlPipelineEndpointId: hello.endpointId, version: '9', experimentName: 'e' }),
      ),
    );
    expect(missingVersion.errorCode).toBe('4124');
  });

  it('returns right after submit with waitOnCompletion false', async () => {
    const result = await executor.execute(
      request({
        mlPipelineId: sleepyId,
        experimentName: 'e',
        mlPipelineParameters: { seconds: 30 },
        waitOnCompletion: false,
      }),
    );
    expect(result.status).toBe('Succeeded');
    const output = (result as { output: JsonObject }).output;
    expect(['NotStarted', 'Queued', 'Preparing', 'Running']).toContain(output['runStatus']);
    await session.workspace.cancelRun(String(output['runId']));
    await session.executor.idle();
    expect((await session.workspace.getRun(String(output['runId']))).run.status).toBe('Canceled');
  });

  it('cancels the ML run when the activity is aborted', async () => {
    const controller = new AbortController();
    const running = executor.execute(
      request(
        {
          mlPipelineId: sleepyId,
          experimentName: 'adf-abort',
          mlPipelineParameters: { seconds: 30 },
        },
        { signal: controller.signal },
      ),
    );
    // Abort once the step is really running, so the cancel has a process to stop.
    for (;;) {
      const page = await session.workspace.listRuns({
        experimentName: 'adf-abort',
        statuses: ['Running'],
      });
      if (page.value.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    controller.abort(new Error('pipeline run cancelled'));
    const result = await running;
    expect(errorOf(result).errorCode).toBe('ACTIVITY_CANCELLED');
    const runId = String((result as { output: JsonObject }).output['runId']);
    expect((await session.workspace.getRun(runId)).run.status).toBe('Canceled');
  });
});
