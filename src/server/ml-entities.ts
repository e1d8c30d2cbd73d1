/**
 * Records of the ML store → the entities the API answers with (Azure ML's PascalCase shapes,
 * plus Millrace's fields where Azure has none). Pure; `MlWorkspaceClient` maps them back
 * (src/ml/workspace/ml-entity-records.ts), so every record field has an entity field.
 *
 * Status codes: runs carry Azure ML's pipeline code (`Status.StatusCode`) next to the run-history
 * status (`Status.Status`); step runs carry the node code (`StatusCode`). A reused step is
 * Completed in run history and 4 (Finished) as a node, with `Reused: true`: clients that wait
 * for 4 treat it as done, which it is (Aeva's 7 Bypassed is never used).
 */
import type { JsonValue } from '../factory/resources.js';
import type {
  MlDataPathValue,
  MlExperimentSummary,
  MlInterfaceParameterType,
  MlMetricValue,
  MlPipelineEndpointRecord,
  MlPublishedPipelineRecord,
  MlRunError,
  MlRunRecord,
  MlRunStatus,
  MlStepRunRecord,
} from '../store/ml-store.js';
import type {
  DataPathEntity,
  EndpointPipelineEntity,
  ExperimentEntity,
  ErrorEntity,
  PipelineEndpointEntity,
  PipelineEntity,
  PipelineRunEntity,
  StepRunEntity,
} from './ml-entity-schemas.js';
import type { WorkspaceUrls } from './workspace-urls.js';

/** Azure ML's pipeline run status codes. */
export const PipelineStatusCodes = {
  NotStarted: 0,
  Running: 1,
  Failed: 2,
  Finished: 3,
  Canceled: 4,
} as const;
export type PipelineStatusCode = (typeof PipelineStatusCodes)[keyof typeof PipelineStatusCodes];

/** Azure ML's node (step) status codes. */
export const NodeStatusCodes = {
  NotStarted: 0,
  Queued: 1,
  Running: 2,
  Failed: 3,
  Finished: 4,
  Canceled: 5,
  PartiallyExecuted: 6,
  Bypassed: 7,
} as const;
export type NodeStatusCode = (typeof NodeStatusCodes)[keyof typeof NodeStatusCodes];

/** Every run-history status of a run → the pipeline code (a cancel in progress still runs). */
export const RUN_STATUS_CODES: Readonly<Record<MlRunStatus, PipelineStatusCode>> = {
  NotStarted: PipelineStatusCodes.NotStarted,
  Queued: PipelineStatusCodes.Running,
  Preparing: PipelineStatusCodes.Running,
  Running: PipelineStatusCodes.Running,
  Finalizing: PipelineStatusCodes.Running,
  CancelRequested: PipelineStatusCodes.Running,
  Completed: PipelineStatusCodes.Finished,
  Failed: PipelineStatusCodes.Failed,
  Canceled: PipelineStatusCodes.Canceled,
};

/** Every run-history status of a step run → the node code. */
export const STEP_STATUS_CODES: Readonly<Record<MlRunStatus, NodeStatusCode>> = {
  NotStarted: NodeStatusCodes.NotStarted,
  Queued: NodeStatusCodes.Queued,
  Preparing: NodeStatusCodes.Queued,
  Running: NodeStatusCodes.Running,
  Finalizing: NodeStatusCodes.Running,
  CancelRequested: NodeStatusCodes.Running,
  Completed: NodeStatusCodes.Finished,
  Failed: NodeStatusCodes.Failed,
  Canceled: NodeStatusCodes.Canceled,
};

/** Azure ML's ParameterType codes. */
export const PARAMETER_TYPE_CODES: Readonly<Record<MlInterfaceParameterType, 0 | 1 | 2 | 3>> = {
  Int: 0,
  Double: 1,
  Bool: 2,
  String: 3,
};

export function publishedPipelineEntity(
  record: MlPublishedPipelineRecord,
  urls: WorkspaceUrls,
): PipelineEntity {
  return {
    Id: record.id,
    Name: record.name,
    Description: record.description,
    Version: record.version,
    EntityStatus: record.status,
    Url: urls.pipelineSubmit(record.id),
    GraphId: record.snapshotHash,
    SnapshotHash: record.snapshotHash,
    TotalRunSteps: stepCountOf(record),
    ContinueRunOnStepFailure: record.continueOnStepFailure,
    EnableEmailNotification: false,
    CreatedBy: createdByEntity(record.createdBy),
    CreatedDate: record.createdAt,
    LastModifiedDate: record.lastModified,
    Interface: {
      Parameters: record.interface.parameters.map((parameter) => ({
        Name: parameter.name,
        Type: PARAMETER_TYPE_CODES[parameter.type],
        TypeName: parameter.type,
        DefaultValue: parameter.defaultValue,
        IsOptional: parameter.isOptional,
        ...(parameter.description === undefined ? {} : { Description: parameter.description }),
      })),
      DataPathParameters: record.interface.dataPathParameters.map((parameter) => ({
        Name: parameter.name,
        DataTypeId: parameter.dataType,
        DefaultValue:
          parameter.defaultValue === null ? null : dataPathEntity(parameter.defaultValue),
        IsOptional: parameter.isOptional,
        ...(parameter.description === undefined ? {} : { Description: parameter.description }),
      })),
    },
    Definition: record.definition,
  };
}

export function pipelineEndpointEntity(
  record: MlPipelineEndpointRecord,
  urls: WorkspaceUrls,
): PipelineEndpointEntity {
  return {
    Id: record.id,
    Name: record.name,
    Description: record.description,
    EntityStatus: record.status,
    DefaultVersion: record.defaultVersion,
    Url: urls.endpointSubmit(record.id),
    SwaggerUrl: urls.openApi,
    PipelineVersionList: record.versions.map((version) => ({
      PipelineId: version.pipelineId,
      Version: version.version,
      AddedDate: version.addedAt,
    })),
    CreatedDate: record.createdAt,
    LastModifiedDate: record.lastModified,
  };
}

/** The pipeline of one endpoint version. */
export function endpointPipelineEntity(
  endpoint: MlPipelineEndpointRecord,
  version: string,
  pipeline: MlPublishedPipelineRecord,
  urls: WorkspaceUrls,
): EndpointPipelineEntity {
  return {
    ...publishedPipelineEntity(pipeline, urls),
    PipelineEndpointVersion: version,
    IsDefaultVersion: endpoint.defaultVersion === version,
  };
}

/** `steps` undefined leaves out `StepRuns` and `TotalRunSteps` (run lists). */
export function pipelineRunEntity(
  run: MlRunRecord,
  steps: readonly MlStepRunRecord[] | undefined,
  urls: WorkspaceUrls,
): PipelineRunEntity {
  return {
    Id: run.id,
    Description: run.description,
    Status: {
      StatusCode: RUN_STATUS_CODES[run.status],
      StatusDetail: run.error?.message ?? null,
      CreationTime: run.createdAt,
      EndTime: run.endTime,
      Status: run.status,
    },
    GraphId: null,
    IsSubmitted: true,
    HasErrors: run.error !== null,
    HasWarnings: false,
    RunHistoryExperimentName: run.experimentName,
    PipelineId: run.pipelineId,
    PipelineName: run.pipelineName,
    PipelineEndpointId: run.pipelineEndpointId,
    PipelineEndpointVersion: run.endpointVersion,
    RunSource: run.runSource,
    RunType: run.runSource,
    ...(steps === undefined ? {} : { TotalRunSteps: steps.length }),
    ParameterAssignments: Object.fromEntries(
      Object.entries(run.parameters).map(([name, value]) => [name, String(value)]),
    ),
    ParameterValues: { ...run.parameters },
    DataPathAssignments: dataPathMapEntity(run.dataPaths),
    ContinueRunOnStepFailure: run.continueOnStepFailure,
    RegenerateOutputs: run.regenerateOutputs,
    Tags: { ...run.tags },
    StepTags: {},
    ParentRunId: run.parentRunId,
    RunUrl: urls.run(run.id),
    CreatedBy: createdByEntity(run.createdBy),
    CreatedDate: run.createdAt,
    LastModifiedDate: run.lastModified,
    StartTime: run.startTime,
    EndTime: run.endTime,
    CancelRequested: run.cancelRequested,
    Error: errorEntity(run.error),
    ...(steps === undefined ? {} : { StepRuns: steps.map(stepRunEntity) }),
  };
}

export function experimentEntity(experiment: MlExperimentSummary): ExperimentEntity {
  const last = experiment.lastRun;
  return {
    Id: experiment.id,
    Name: experiment.name,
    CreatedDate: experiment.createdAt,
    RunCount: experiment.runCount,
    LastRun:
      last === null
        ? null
        : {
            Id: last.id,
            Status: last.status,
            StatusCode: RUN_STATUS_CODES[last.status],
            PipelineName: last.pipelineName,
            CreatedDate: last.createdAt,
            StartTime: last.startTime,
            EndTime: last.endTime,
          },
  };
}

export function stepRunEntity(step: MlStepRunRecord): StepRunEntity {
  return {
    Id: step.id,
    RunId: step.runId,
    Name: step.stepName,
    StepType: step.stepType,
    Status: step.status,
    StatusCode: STEP_STATUS_CODES[step.status],
    Reused: step.reused,
    ReusedFromRunId: step.reusedFromRunId,
    ReusedFromStepRunId: step.reusedFromStepRunId,
    RerunReason: step.rerunReason,
    ReuseKey: step.reuseKey,
    ReuseComponents: step.reuseComponents,
    Attempt: step.attempt,
    Attempts: step.attempts.map((attempt) => ({
      Attempt: attempt.attempt,
      StartTime: attempt.startTime,
      EndTime: attempt.endTime,
      ExitCode: attempt.exitCode,
      Error: errorEntity(attempt.error),
    })),
    ExitCode: step.exitCode,
    StartTime: step.startTime,
    EndTime: step.endTime,
    DurationMs: step.durationMs,
    Outputs: dataPathMapEntity(step.outputs),
    Logs: dataPathMapEntity(step.logs),
    Metrics: metricsEntity(step.metrics),
    Tags: { ...step.tags },
    Progress: step.progress,
    Error: errorEntity(step.error),
  };
}

export function metricsEntity(
  metrics: Readonly<Record<string, readonly MlMetricValue[]>>,
): StepRunEntity['Metrics'] {
  return Object.fromEntries(
    Object.entries(metrics).map(([name, values]) => [
      name,
      values.map((value) => ({ Value: value.value, LoggedAt: value.loggedAt })),
    ]),
  );
}

export function dataPathEntity(value: MlDataPathValue): DataPathEntity {
  return { DataStoreName: value.datastore, RelativePath: value.path };
}

function dataPathMapEntity(
  values: Readonly<Record<string, MlDataPathValue>>,
): Record<string, DataPathEntity> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, dataPathEntity(value)]),
  );
}

export function errorEntity(error: MlRunError | null): ErrorEntity | null {
  if (error === null) return null;
  return {
    Code: error.code,
    Message: error.message,
    FailureType: error.failureType,
    ...(error.details === undefined ? {} : { Details: error.details satisfies JsonValue }),
  };
}

function createdByEntity(createdBy: string | null): { UserName: string } | null {
  return createdBy === null ? null : { UserName: createdBy };
}

/** Steps of the stored definition (`{pipeline: {steps}}`); 0 when it has another shape. */
function stepCountOf(record: MlPublishedPipelineRecord): number {
  const pipeline = record.definition['pipeline'];
  if (typeof pipeline !== 'object' || pipeline === null || Array.isArray(pipeline)) return 0;
  const steps = pipeline['steps'];
  return Array.isArray(steps) ? steps.length : 0;
}
