/**
 * Complete store records for tests, with plain defaults; each test passes what matters to it.
 */
import { randomUUID } from 'node:crypto';
import type { ActivityRunRecord, PipelineRunRecord } from '../../src/store/store.js';

export const T0 = '2026-03-01T08:00:00.000Z';

export function newPipelineRun(overrides: Partial<PipelineRunRecord> = {}): PipelineRunRecord {
  const runId = overrides.runId ?? randomUUID();
  return {
    runId,
    runGroupId: runId,
    pipelineName: 'P',
    factoryName: 'f',
    parameters: {},
    invokedBy: { name: 'Manual', id: 'm', invokedByType: 'Manual' },
    status: 'InProgress',
    message: '',
    runStart: T0,
    runEnd: null,
    durationInMs: null,
    lastUpdated: T0,
    output: null,
    variables: {},
    definition: {},
    factorySnapshot: {},
    parentRunId: null,
    parentActivityRunId: null,
    referencePipelineRunId: null,
    isLatest: true,
    cancelRequested: false,
    leaseOwner: null,
    leaseExpiresAt: null,
    ...overrides,
  };
}

export function newActivityRun(
  pipelineRunId: string,
  overrides: Partial<ActivityRunRecord> = {},
): ActivityRunRecord {
  return {
    activityRunId: randomUUID(),
    pipelineRunId,
    scope: '',
    activityName: 'Work',
    activityType: 'NoOp',
    attempt: 1,
    status: 'InProgress',
    input: {},
    output: null,
    error: null,
    activityRunStart: T0,
    activityRunEnd: null,
    durationInMs: null,
    childRunId: null,
    state: {},
    copiedFromActivityRunId: null,
    ...overrides,
  };
}
