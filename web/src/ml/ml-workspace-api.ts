/**
 * The ML workspace API as the ML pages read it: Azure ML's entities (PascalCase) with the fields
 * these pages use, typed as `src/server/ml-entity-schemas.ts` documents them, and one function
 * per route. Every call carries the signed-in user's token; a 403 `ApiError` means the user lacks
 * the permission (`ml/pipelines/read`, `ml/runs/read` …), never that there is nothing.
 */
import { apiRequest, apiText } from '../api/http.js';
import { segment, WORKSPACE_PATH } from '../api/paths.js';
import type {
  MlEndpointStatus,
  MlPublishedPipelineStatus,
  MlRunStatus,
} from '../../../src/store/ml-statuses.js';

export {
  MlRunStatuses,
  TERMINAL_ML_RUN_STATUSES,
  type MlRunStatus,
} from '../../../src/store/ml-statuses.js';

export interface DataPath {
  readonly DataStoreName: string;
  readonly RelativePath: string;
}

export interface MlErrorEntity {
  readonly Code: string;
  readonly Message: string;
  readonly FailureType: 'UserError' | 'SystemError';
  readonly Details?: unknown;
}

export interface InterfaceParameter {
  readonly Name: string;
  readonly Type: 0 | 1 | 2 | 3;
  /** `Int`, `Double`, `Bool` or `String`. */
  readonly TypeName: string;
  /** As Azure sends it, a string; null when the parameter is required. */
  readonly DefaultValue: string | null;
  readonly IsOptional: boolean;
  readonly Description?: string;
}

export interface InterfaceDataPathParameter {
  readonly Name: string;
  /** `uri_folder`, `uri_file` or `mltable`. */
  readonly DataTypeId: string;
  readonly DefaultValue: DataPath | null;
  readonly IsOptional: boolean;
  readonly Description?: string;
}

export interface PublishedPipeline {
  readonly Id: string;
  readonly Name: string;
  readonly Description: string;
  readonly Version: string;
  readonly EntityStatus: MlPublishedPipelineStatus;
  readonly Url: string;
  readonly SnapshotHash: string;
  readonly TotalRunSteps: number;
  readonly ContinueRunOnStepFailure: boolean;
  readonly CreatedBy: { readonly UserName: string } | null;
  readonly CreatedDate: string;
  readonly LastModifiedDate: string;
  readonly Interface: {
    readonly Parameters: readonly InterfaceParameter[];
    readonly DataPathParameters: readonly InterfaceDataPathParameter[];
  };
  /** `{pipeline, stepCode}`: the pipeline model as JSON (read with `pipeline-definition.ts`). */
  readonly Definition: Readonly<Record<string, unknown>>;
}

export interface EndpointVersion {
  readonly PipelineId: string;
  readonly Version: string;
  readonly AddedDate: string;
}

export interface PipelineEndpoint {
  readonly Id: string;
  readonly Name: string;
  readonly Description: string;
  readonly EntityStatus: MlEndpointStatus;
  readonly DefaultVersion: string;
  readonly Url: string;
  /** Oldest first. */
  readonly PipelineVersionList: readonly EndpointVersion[];
  readonly CreatedDate: string;
  readonly LastModifiedDate: string;
}

export interface EndpointPipeline extends PublishedPipeline {
  readonly PipelineEndpointVersion: string;
  readonly IsDefaultVersion: boolean;
}

export interface MetricValue {
  readonly Value: number | string | boolean;
  readonly LoggedAt: string;
}

/** Metric name → every value logged, oldest first. */
export type MetricValues = Readonly<Record<string, readonly MetricValue[]>>;

export interface StepAttempt {
  readonly Attempt: number;
  readonly StartTime: string;
  readonly EndTime: string | null;
  readonly ExitCode: number | null;
  readonly Error: MlErrorEntity | null;
}

export interface StepRun {
  readonly Id: string;
  readonly RunId: string;
  readonly Name: string;
  readonly StepType: 'command' | 'parallel';
  readonly Status: MlRunStatus;
  readonly StatusCode: number;
  readonly Reused: boolean;
  readonly ReusedFromRunId: string | null;
  readonly ReusedFromStepRunId: string | null;
  readonly RerunReason: string | null;
  readonly Attempt: number;
  readonly Attempts: readonly StepAttempt[];
  readonly ExitCode: number | null;
  readonly StartTime: string | null;
  readonly EndTime: string | null;
  readonly DurationMs: number | null;
  /** Output name → where it was written. */
  readonly Outputs: Readonly<Record<string, DataPath>>;
  readonly Logs: Readonly<Record<string, DataPath>>;
  readonly Metrics: MetricValues;
  readonly Tags: Readonly<Record<string, string>>;
  readonly Progress: Readonly<Record<string, unknown>> | null;
  readonly Error: MlErrorEntity | null;
}

export interface MlRun {
  readonly Id: string;
  readonly Description: string;
  readonly Status: {
    readonly StatusCode: number;
    readonly StatusDetail: string | null;
    readonly CreationTime: string;
    readonly EndTime: string | null;
    readonly Status: MlRunStatus;
  };
  readonly RunHistoryExperimentName: string;
  readonly PipelineId: string;
  readonly PipelineName: string;
  readonly PipelineEndpointId: string | null;
  readonly PipelineEndpointVersion: string | null;
  readonly RunSource: string;
  readonly ParameterAssignments: Readonly<Record<string, string>>;
  readonly DataPathAssignments: Readonly<Record<string, DataPath>>;
  readonly ContinueRunOnStepFailure: boolean;
  readonly RegenerateOutputs: boolean;
  /** Runs a factory started carry `adfPipelineRunId` and `adfActivityRunId`. */
  readonly Tags: Readonly<Record<string, string>>;
  readonly ParentRunId: string | null;
  readonly CreatedBy: { readonly UserName: string } | null;
  readonly CreatedDate: string;
  readonly StartTime: string | null;
  readonly EndTime: string | null;
  readonly CancelRequested: boolean;
  readonly Error: MlErrorEntity | null;
  /** Left out of run lists. */
  readonly StepRuns?: readonly StepRun[];
}

export interface MlRunPage {
  readonly Value: readonly MlRun[];
  readonly ContinuationToken?: string;
}

export interface Experiment {
  readonly Id: string;
  readonly Name: string;
  readonly CreatedDate: string;
  readonly RunCount: number;
  readonly LastRun: {
    readonly Id: string;
    readonly Status: MlRunStatus;
    readonly StatusCode: number;
    readonly PipelineName: string;
    readonly CreatedDate: string;
    readonly StartTime: string | null;
    readonly EndTime: string | null;
  } | null;
}

export interface ExperimentStepMetrics {
  readonly ExperimentName: string;
  readonly StepName: string;
  /** Newest first. */
  readonly Runs: readonly {
    readonly RunId: string;
    readonly PipelineName: string;
    readonly Status: MlRunStatus;
    readonly CreatedDate: string;
    readonly Reused: boolean;
    readonly StepRunId: string;
    readonly Metrics: MetricValues;
  }[];
}

export interface MlRunListQuery {
  readonly experimentName?: string;
  readonly pipelineId?: string;
  readonly pipelineEndpointId?: string;
  /** Run-history statuses, any of. (Default: every status) */
  readonly statuses?: readonly MlRunStatus[];
  /** (Default: the server's, 100) */
  readonly limit?: number;
  readonly continuationToken?: string;
}

export interface SubmitRunRequest {
  readonly ExperimentName: string;
  readonly Description?: string;
  readonly ParameterAssignments?: Readonly<Record<string, string>>;
  readonly DataPathAssignments?: Readonly<Record<string, DataPath>>;
  readonly Tags?: Readonly<Record<string, string>>;
  readonly RunSource?: string;
}

export function listPublishedPipelines(activeOnly: boolean): Promise<readonly PublishedPipeline[]> {
  return apiRequest(`${WORKSPACE_PATH}/Pipelines`, { query: { activeOnly } });
}

export function getPublishedPipeline(id: string): Promise<PublishedPipeline> {
  return apiRequest(`${WORKSPACE_PATH}/Pipelines/${segment(id)}`);
}

export function listEndpoints(activeOnly: boolean): Promise<readonly PipelineEndpoint[]> {
  return apiRequest(`${WORKSPACE_PATH}/PipelineEndpoints`, { query: { activeOnly } });
}

export function getEndpoint(id: string): Promise<PipelineEndpoint> {
  return apiRequest(`${WORKSPACE_PATH}/PipelineEndpoints/${segment(id)}`);
}

/** Every version's published pipeline, Disabled ones included. */
export function listEndpointPipelines(id: string): Promise<readonly EndpointPipeline[]> {
  return apiRequest(`${WORKSPACE_PATH}/PipelineEndpoints/${segment(id)}/Pipelines`, {
    query: { activeOnly: false },
  });
}

export function listExperiments(): Promise<readonly Experiment[]> {
  return apiRequest(`${WORKSPACE_PATH}/Experiments`);
}

export function getExperimentStepMetrics(
  experimentName: string,
  step: string,
  options: { readonly pipelineName?: string; readonly limit?: number } = {},
): Promise<ExperimentStepMetrics> {
  return apiRequest(`${WORKSPACE_PATH}/Experiments/${segment(experimentName)}/StepMetrics`, {
    query: { step, pipelineName: options.pipelineName, limit: options.limit },
  });
}

export function listRuns(query: MlRunListQuery): Promise<MlRunPage> {
  return apiRequest(`${WORKSPACE_PATH}/PipelineRuns`, {
    query: {
      experimentName: query.experimentName,
      pipelineId: query.pipelineId,
      pipelineEndpointId: query.pipelineEndpointId,
      status: query.statuses === undefined ? undefined : query.statuses.join(','),
      limit: query.limit,
      continuationToken: query.continuationToken,
    },
  });
}

/** A run with its step runs. */
export function getRun(runId: string, signal?: AbortSignal): Promise<MlRun> {
  return apiRequest(`${WORKSPACE_PATH}/PipelineRuns/${segment(runId)}`, {
    ...(signal === undefined ? {} : { signal }),
  });
}

export function cancelRun(runId: string): Promise<MlRun> {
  return apiRequest(`${WORKSPACE_PATH}/PipelineRuns/${segment(runId)}/Cancel`, { method: 'POST' });
}

export type LogStream = 'stdout' | 'stderr';

/** A step's log so far (by step name or step run id). */
export function getStepLog(runId: string, step: string, stream: LogStream): Promise<string> {
  return apiText(
    `${WORKSPACE_PATH}/PipelineRuns/${segment(runId)}/StepRuns/${segment(step)}/Logs/${stream}`,
  );
}

export function submitPipelineRun(pipelineId: string, request: SubmitRunRequest): Promise<MlRun> {
  return apiRequest(`${WORKSPACE_PATH}/PipelineRuns/PipelineSubmit/${segment(pipelineId)}`, {
    method: 'POST',
    body: request,
  });
}
