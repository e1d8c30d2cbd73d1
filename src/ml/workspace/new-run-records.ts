/** The records a submission creates: the run (Queued) and one step run per step (NotStarted). */
import type {
  MlPublishedPipelineRecord,
  MlRunRecord,
  MlStepRunRecord,
} from '../../store/ml-store.js';
import type { MlPipelineDefinition } from '../ml-pipeline-definition.js';
import type { MlSubmitRequest } from './ml-workspace.js';
import type { ResolvedSubmission } from './submission.js';

export interface NewRunContext {
  readonly id: string;
  readonly at: string;
  readonly experimentName: string;
  readonly pipeline: MlPublishedPipelineRecord;
  readonly endpoint: { readonly id: string; readonly version: string } | undefined;
  readonly resolved: ResolvedSubmission;
}

export function newRunRecord(context: NewRunContext, request: MlSubmitRequest): MlRunRecord {
  return {
    id: context.id,
    experimentName: context.experimentName,
    pipelineId: context.pipeline.id,
    pipelineName: context.pipeline.name,
    pipelineEndpointId: context.endpoint?.id ?? null,
    endpointVersion: context.endpoint?.version ?? null,
    description: request.description ?? '',
    runSource: request.runSource ?? 'API',
    status: 'Queued',
    parameters: context.resolved.parameters,
    dataPaths: context.resolved.dataPaths,
    continueOnStepFailure:
      request.continueRunOnStepFailure ?? context.pipeline.continueOnStepFailure,
    regenerateOutputs: request.regenerateOutputs ?? false,
    parentRunId: request.parentRunId ?? null,
    tags: request.tags ?? {},
    createdBy: request.createdBy ?? null,
    createdAt: context.at,
    startTime: null,
    endTime: null,
    error: null,
    cancelRequested: false,
    lastModified: context.at,
    leaseOwner: null,
    leaseExpiresAt: null,
  };
}

/** One step run per step, in `stepOrder`. */
export function newStepRunRecords(
  runId: string,
  pipeline: MlPipelineDefinition,
  newId: () => string,
): MlStepRunRecord[] {
  const stepsByName = new Map(pipeline.steps.map((step) => [step.name, step]));
  return pipeline.stepOrder.map((name) => ({
    id: newId(),
    runId,
    stepName: name,
    stepType: stepsByName.get(name)?.type ?? 'command',
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
  }));
}
