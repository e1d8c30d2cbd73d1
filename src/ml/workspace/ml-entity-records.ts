/**
 * The ML workspace API's entities → the store's records: the inverse of the server's
 * `src/server/ml-entities.ts`, so `MlWorkspaceClient` returns what the embedded workspace
 * returns. Run leases are the server's business and come back as null. Pure.
 */
import type { JsonObject, JsonValue } from '../../factory/resources.js';
import type {
  DataPathEntity,
  ErrorEntity,
  ExperimentEntity,
  PipelineEndpointEntity,
  PipelineEntity,
  PipelineRunEntity,
  StepRunEntity,
} from '../../server/ml-entity-schemas.js';
import type {
  MlDataPathValue,
  MlExperimentSummary,
  MlMetricValue,
  MlPipelineEndpointRecord,
  MlPublishedPipelineRecord,
  MlRunError,
  MlRunRecord,
  MlStepRunRecord,
} from '../../store/ml-store.js';

export function publishedPipelineRecord(entity: PipelineEntity): MlPublishedPipelineRecord {
  return {
    id: entity.Id,
    name: entity.Name,
    description: entity.Description,
    version: entity.Version,
    status: entity.EntityStatus,
    snapshotHash: entity.SnapshotHash,
    definition: entity.Definition as JsonObject,
    interface: {
      parameters: entity.Interface.Parameters.map((parameter) => ({
        name: parameter.Name,
        type: parameter.TypeName,
        defaultValue: parameter.DefaultValue,
        isOptional: parameter.IsOptional,
        ...(parameter.Description === undefined ? {} : { description: parameter.Description }),
      })),
      dataPathParameters: entity.Interface.DataPathParameters.map((parameter) => ({
        name: parameter.Name,
        dataType: parameter.DataTypeId,
        defaultValue:
          parameter.DefaultValue === null ? null : dataPathValue(parameter.DefaultValue),
        isOptional: parameter.IsOptional,
        ...(parameter.Description === undefined ? {} : { description: parameter.Description }),
      })),
    },
    continueOnStepFailure: entity.ContinueRunOnStepFailure,
    createdBy: entity.CreatedBy?.UserName ?? null,
    createdAt: entity.CreatedDate,
    lastModified: entity.LastModifiedDate,
  };
}

export function pipelineEndpointRecord(entity: PipelineEndpointEntity): MlPipelineEndpointRecord {
  return {
    id: entity.Id,
    name: entity.Name,
    description: entity.Description,
    status: entity.EntityStatus,
    defaultVersion: entity.DefaultVersion,
    versions: entity.PipelineVersionList.map((version) => ({
      version: version.Version,
      pipelineId: version.PipelineId,
      addedAt: version.AddedDate,
    })),
    createdAt: entity.CreatedDate,
    lastModified: entity.LastModifiedDate,
  };
}

export function runRecord(entity: PipelineRunEntity): MlRunRecord {
  return {
    id: entity.Id,
    experimentName: entity.RunHistoryExperimentName,
    pipelineId: entity.PipelineId,
    pipelineName: entity.PipelineName,
    pipelineEndpointId: entity.PipelineEndpointId,
    endpointVersion: entity.PipelineEndpointVersion,
    description: entity.Description,
    runSource: entity.RunSource,
    status: entity.Status.Status,
    parameters: { ...entity.ParameterValues },
    dataPaths: dataPathValues(entity.DataPathAssignments),
    continueOnStepFailure: entity.ContinueRunOnStepFailure,
    regenerateOutputs: entity.RegenerateOutputs,
    parentRunId: entity.ParentRunId,
    tags: { ...entity.Tags },
    createdBy: entity.CreatedBy?.UserName ?? null,
    createdAt: entity.CreatedDate,
    startTime: entity.StartTime,
    endTime: entity.EndTime,
    error: runError(entity.Error),
    cancelRequested: entity.CancelRequested,
    lastModified: entity.LastModifiedDate,
    leaseOwner: null,
    leaseExpiresAt: null,
  };
}

export function experimentSummaryRecord(entity: ExperimentEntity): MlExperimentSummary {
  const last = entity.LastRun;
  return {
    id: entity.Id,
    name: entity.Name,
    createdAt: entity.CreatedDate,
    runCount: entity.RunCount,
    lastRun:
      last === null
        ? null
        : {
            id: last.Id,
            status: last.Status,
            pipelineName: last.PipelineName,
            createdAt: last.CreatedDate,
            startTime: last.StartTime,
            endTime: last.EndTime,
          },
  };
}

export function stepRunRecord(entity: StepRunEntity): MlStepRunRecord {
  return {
    id: entity.Id,
    runId: entity.RunId,
    stepName: entity.Name,
    stepType: entity.StepType,
    status: entity.Status,
    attempt: entity.Attempt,
    attempts: entity.Attempts.map((attempt) => ({
      attempt: attempt.Attempt,
      startTime: attempt.StartTime,
      endTime: attempt.EndTime,
      exitCode: attempt.ExitCode,
      error: runError(attempt.Error),
    })),
    reused: entity.Reused,
    reusedFromRunId: entity.ReusedFromRunId,
    reusedFromStepRunId: entity.ReusedFromStepRunId,
    rerunReason: entity.RerunReason,
    reuseKey: entity.ReuseKey,
    reuseComponents: entity.ReuseComponents as JsonObject,
    outputs: dataPathValues(entity.Outputs),
    logs: dataPathValues(entity.Logs),
    metrics: metricValues(entity.Metrics),
    tags: { ...entity.Tags },
    progress: entity.Progress as JsonObject | null,
    exitCode: entity.ExitCode,
    startTime: entity.StartTime,
    endTime: entity.EndTime,
    durationMs: entity.DurationMs,
    error: runError(entity.Error),
  };
}

function metricValues(metrics: StepRunEntity['Metrics']): Record<string, readonly MlMetricValue[]> {
  return Object.fromEntries(
    Object.entries(metrics).map(([name, values]) => [
      name,
      values.map((value) => ({ value: value.Value, loggedAt: value.LoggedAt })),
    ]),
  );
}

function dataPathValue(entity: DataPathEntity): MlDataPathValue {
  return { datastore: entity.DataStoreName, path: entity.RelativePath };
}

function dataPathValues(
  entities: Readonly<Record<string, DataPathEntity>>,
): Record<string, MlDataPathValue> {
  return Object.fromEntries(
    Object.entries(entities).map(([name, entity]) => [name, dataPathValue(entity)]),
  );
}

function runError(entity: ErrorEntity | null): MlRunError | null {
  if (entity === null) return null;
  return {
    code: entity.Code,
    message: entity.Message,
    failureType: entity.FailureType,
    ...(entity.Details === undefined ? {} : { details: entity.Details as JsonValue }),
  };
}
