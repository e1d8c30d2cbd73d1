import { describe, expect, it } from 'vitest';
import {
  pipelineEndpointRecord,
  publishedPipelineRecord,
  runRecord,
  stepRunRecord,
} from '../ml/workspace/ml-entity-records.js';
import {
  MlRunStatuses,
  type MlPipelineEndpointRecord,
  type MlPublishedPipelineRecord,
  type MlRunRecord,
  type MlStepRunRecord,
} from '../store/ml-store.js';
import {
  RUN_STATUS_CODES,
  STEP_STATUS_CODES,
  endpointPipelineEntity,
  pipelineEndpointEntity,
  pipelineRunEntity,
  publishedPipelineEntity,
  stepRunEntity,
} from './ml-entities.js';
import { workspaceUrls } from './workspace-urls.js';

const urls = workspaceUrls('http://127.0.0.1:8080', {
  subscriptionId: 'sub 1',
  resourceGroupName: 'rg',
  workspaceName: 'ws',
});
const BASE =
  'http://127.0.0.1:8080/pipelines/v1.0/subscriptions/sub%201/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws';

const pipeline: MlPublishedPipelineRecord = {
  id: 'p-1',
  name: 'scoring',
  description: 'scores',
  version: '1.0',
  status: 'Deprecated',
  snapshotHash: 'a'.repeat(64),
  definition: {
    pipeline: { name: 'scoring', steps: [{ name: 'a' }, { name: 'b' }] },
    stepCode: {},
  },
  interface: {
    parameters: [
      { name: 'rows', type: 'Int', defaultValue: '3', isOptional: true },
      { name: 'mode', type: 'String', defaultValue: null, isOptional: false, description: 'how' },
    ],
    dataPathParameters: [
      {
        name: 'raw',
        dataType: 'uri_folder',
        defaultValue: { datastore: 'workspaceblobstore', path: 'raw/2024' },
        isOptional: true,
        description: 'input',
      },
      { name: 'extra', dataType: 'uri_file', defaultValue: null, isOptional: false },
    ],
  },
  continueOnStepFailure: true,
  createdBy: 'ana',
  createdAt: '2024-05-01T10:00:00.000Z',
  lastModified: '2024-05-02T10:00:00.000Z',
};

const endpoint: MlPipelineEndpointRecord = {
  id: 'e-1',
  name: 'scoring-endpoint',
  description: '',
  status: 'Active',
  defaultVersion: '1',
  versions: [
    { version: '0', pipelineId: 'p-0', addedAt: '2024-05-01T10:00:00.000Z' },
    { version: '1', pipelineId: 'p-1', addedAt: '2024-05-02T10:00:00.000Z' },
  ],
  createdAt: '2024-05-01T10:00:00.000Z',
  lastModified: '2024-05-02T10:00:00.000Z',
};

const run: MlRunRecord = {
  id: 'r-1',
  experimentName: 'nightly',
  pipelineId: 'p-1',
  pipelineName: 'scoring',
  pipelineEndpointId: 'e-1',
  endpointVersion: '1',
  description: 'night run',
  runSource: 'DataFactory',
  status: 'Failed',
  parameters: { rows: 20, ratio: 0.5, enabled: false, mode: 'fast' },
  dataPaths: { raw: { datastore: 'workspaceblobstore', path: 'raw/2024' } },
  continueOnStepFailure: false,
  regenerateOutputs: true,
  parentRunId: 'r-0',
  tags: { adfPipelineRunId: 'x' },
  createdBy: null,
  createdAt: '2024-05-03T10:00:00.000Z',
  startTime: '2024-05-03T10:00:01.000Z',
  endTime: '2024-05-03T10:05:00.000Z',
  error: {
    code: 'ML_STEP_FAILED',
    message: 'Step "b" failed.',
    failureType: 'UserError',
    details: [{ step: 'b', exitCode: 3 }],
  },
  cancelRequested: false,
  lastModified: '2024-05-03T10:05:00.000Z',
  leaseOwner: null,
  leaseExpiresAt: null,
};

const step: MlStepRunRecord = {
  id: 's-1',
  runId: 'r-1',
  stepName: 'b',
  stepType: 'parallel',
  status: 'Failed',
  attempt: 2,
  attempts: [
    {
      attempt: 1,
      startTime: '2024-05-03T10:01:00.000Z',
      endTime: '2024-05-03T10:02:00.000Z',
      exitCode: 3,
      error: { code: 'ML_STEP_EXIT_CODE', message: 'exit 3', failureType: 'UserError' },
    },
    {
      attempt: 2,
      startTime: '2024-05-03T10:03:00.000Z',
      endTime: '2024-05-03T10:04:00.000Z',
      exitCode: 3,
      error: { code: 'ML_STEP_EXIT_CODE', message: 'exit 3', failureType: 'UserError' },
    },
  ],
  reused: false,
  reusedFromRunId: null,
  reusedFromStepRunId: null,
  rerunReason: 'the code changed',
  reuseKey: 'k'.repeat(64),
  reuseComponents: { code: 'c'.repeat(64), parameters: { rows: '20' } },
  outputs: { scores: { datastore: 'workspaceblobstore', path: 'azureml/s-1/scores' } },
  logs: { stdout: { datastore: 'workspaceblobstore', path: 'logs/s-1/stdout.txt' } },
  metrics: {
    rows: [
      { value: 3, loggedAt: '2024-05-03T10:01:30.000Z' },
      { value: 4, loggedAt: '2024-05-03T10:03:30.000Z' },
    ],
    model: [{ value: 'gbm', loggedAt: '2024-05-03T10:03:31.000Z' }],
  },
  tags: { owner: 'ana' },
  progress: { miniBatches: { total: 4, failed: 1 } },
  exitCode: 3,
  startTime: '2024-05-03T10:01:00.000Z',
  endTime: '2024-05-03T10:04:00.000Z',
  durationMs: 180_000,
  error: { code: 'ML_STEP_EXIT_CODE', message: 'exit 3', failureType: 'UserError' },
};

describe('ML entities', () => {
  it('maps a published pipeline to Azure ML field names and back', () => {
    const entity = publishedPipelineEntity(pipeline, urls);
    expect(entity).toMatchObject({
      Id: 'p-1',
      EntityStatus: 'Deprecated',
      Url: `${BASE}/PipelineRuns/PipelineSubmit/p-1`,
      TotalRunSteps: 2,
      ContinueRunOnStepFailure: true,
      CreatedBy: { UserName: 'ana' },
      CreatedDate: '2024-05-01T10:00:00.000Z',
      LastModifiedDate: '2024-05-02T10:00:00.000Z',
    });
    expect(entity.Interface.Parameters[0]).toEqual({
      Name: 'rows',
      Type: 0,
      TypeName: 'Int',
      DefaultValue: '3',
      IsOptional: true,
    });
    expect(entity.Interface.DataPathParameters[0]?.DefaultValue).toEqual({
      DataStoreName: 'workspaceblobstore',
      RelativePath: 'raw/2024',
    });
    expect(publishedPipelineRecord(entity)).toEqual(pipeline);
    expect(publishedPipelineRecord(JSON.parse(JSON.stringify(entity)))).toStrictEqual(pipeline);
  });

  it('maps an endpoint and its versions', () => {
    const entity = pipelineEndpointEntity(endpoint, urls);
    expect(entity).toMatchObject({
      EntityStatus: 'Active',
      DefaultVersion: '1',
      Url: `${BASE}/PipelineRuns/PipelineEndpointSubmit/Id/e-1`,
      SwaggerUrl: 'http://127.0.0.1:8080/openapi.json',
      PipelineVersionList: [
        { PipelineId: 'p-0', Version: '0', AddedDate: '2024-05-01T10:00:00.000Z' },
        { PipelineId: 'p-1', Version: '1', AddedDate: '2024-05-02T10:00:00.000Z' },
      ],
    });
    expect(pipelineEndpointRecord(entity)).toEqual(endpoint);
    expect(endpointPipelineEntity(endpoint, '1', pipeline, urls)).toMatchObject({
      Id: 'p-1',
      PipelineEndpointVersion: '1',
      IsDefaultVersion: true,
    });
  });

  it('maps a run with Azure string parameters, both status vocabularies and its steps', () => {
    const entity = pipelineRunEntity(run, [step], urls);
    expect(entity).toMatchObject({
      Status: {
        StatusCode: 2,
        Status: 'Failed',
        StatusDetail: 'Step "b" failed.',
        CreationTime: run.createdAt,
        EndTime: run.endTime,
      },
      HasErrors: true,
      RunHistoryExperimentName: 'nightly',
      RunType: 'DataFactory',
      TotalRunSteps: 1,
      ParameterAssignments: { rows: '20', ratio: '0.5', enabled: 'false', mode: 'fast' },
      DataPathAssignments: {
        raw: { DataStoreName: 'workspaceblobstore', RelativePath: 'raw/2024' },
      },
      RunUrl: `${BASE}/PipelineRuns/r-1`,
      Error: { Code: 'ML_STEP_FAILED', Details: [{ step: 'b', exitCode: 3 }] },
    });
    expect(entity.StepRuns?.[0]).toMatchObject({ Name: 'b', StatusCode: 3, Attempt: 2 });
    const parsed = JSON.parse(JSON.stringify(entity));
    expect(runRecord(parsed)).toStrictEqual(run);
    expect(stepRunRecord(parsed.StepRuns[0])).toStrictEqual(step);

    const listed = pipelineRunEntity(run, undefined, urls);
    expect(listed.StepRuns).toBeUndefined();
    expect(listed.TotalRunSteps).toBeUndefined();
    expect(runRecord(listed)).toEqual(run);
  });

  it('gives every run-history status a pipeline code and a node code', () => {
    expect(MlRunStatuses.map((status) => RUN_STATUS_CODES[status])).toEqual([
      0, 1, 1, 1, 1, 1, 3, 2, 4,
    ]);
    expect(MlRunStatuses.map((status) => STEP_STATUS_CODES[status])).toEqual([
      0, 1, 1, 2, 2, 2, 4, 3, 5,
    ]);
  });

  it('shows a reused step as Finished (4) with Reused true', () => {
    const reused = stepRunEntity({
      ...step,
      status: 'Completed',
      reused: true,
      reusedFromRunId: 'r-0',
      reusedFromStepRunId: 's-0',
      error: null,
    });
    expect(reused).toMatchObject({
      Status: 'Completed',
      StatusCode: 4,
      Reused: true,
      ReusedFromRunId: 'r-0',
    });
  });
});
