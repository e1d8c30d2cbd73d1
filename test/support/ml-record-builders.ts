/**
 * Complete ML workspace records for tests, with plain defaults; each test passes what matters to
 * it. Runs and step runs refer to a published pipeline and an experiment that must exist.
 */
import { randomUUID } from 'node:crypto';
import type {
  MlPipelineEndpointRecord,
  MlPublishedPipelineRecord,
  MlRunRecord,
  MlStepRunRecord,
} from '../../src/store/ml-store.js';
import { T0 } from './run-record-builders.js';

export function newPublishedPipeline(
  overrides: Partial<MlPublishedPipelineRecord> = {},
): MlPublishedPipelineRecord {
  return {
    id: randomUUID(),
    name: 'train-model',
    description: '',
    version: '1',
    status: 'Active',
    snapshotHash: 'sha256-0',
    definition: {},
    interface: { parameters: [], dataPathParameters: [] },
    continueOnStepFailure: false,
    createdBy: null,
    createdAt: T0,
    lastModified: T0,
    ...overrides,
  };
}

/** An endpoint whose one version "0" (the default) is `pipelineId`. */
export function newEndpoint(
  pipelineId: string,
  overrides: Partial<MlPipelineEndpointRecord> = {},
): MlPipelineEndpointRecord {
  return {
    id: randomUUID(),
    name: `endpoint-${randomUUID()}`,
    description: '',
    status: 'Active',
    defaultVersion: '0',
    versions: [{ version: '0', pipelineId, addedAt: T0 }],
    createdAt: T0,
    lastModified: T0,
    ...overrides,
  };
}

export function newMlRun(
  pipeline: Pick<MlPublishedPipelineRecord, 'id' | 'name'>,
  experimentName: string,
  overrides: Partial<MlRunRecord> = {},
): MlRunRecord {
  return {
    id: randomUUID(),
    experimentName,
    pipelineId: pipeline.id,
    pipelineName: pipeline.name,
    pipelineEndpointId: null,
    endpointVersion: null,
    description: '',
    runSource: 'SDK',
    status: 'NotStarted',
    parameters: {},
    dataPaths: {},
    continueOnStepFailure: false,
    regenerateOutputs: false,
    parentRunId: null,
    tags: {},
    createdBy: null,
    createdAt: T0,
    startTime: null,
    endTime: null,
    error: null,
    cancelRequested: false,
    lastModified: T0,
    leaseOwner: null,
    leaseExpiresAt: null,
    ...overrides,
  };
}

export function newStepRun(
  runId: string,
  overrides: Partial<MlStepRunRecord> = {},
): MlStepRunRecord {
  return {
    id: randomUUID(),
    runId,
    stepName: 'train',
    stepType: 'command',
    status: 'NotStarted',
    attempt: 0,
    attempts: [],
    reused: false,
    reusedFromRunId: null,
    reusedFromStepRunId: null,
    rerunReason: null,
    reuseKey: null,
    reuseComponents: {},
    outputs: {},
    logs: {},
    metrics: {},
    tags: {},
    progress: null,
    exitCode: null,
    startTime: null,
    endTime: null,
    durationMs: null,
    error: null,
    ...overrides,
  };
}
