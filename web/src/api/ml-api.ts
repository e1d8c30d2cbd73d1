/**
 * The ML workspace API (Azure ML's published-pipeline shape, PascalCase fields) as the UI uses it.
 * Every call carries the signed-in user's own token, so what the UI lists is what that user may
 * see: a 403 `ApiError` (`forbidden`) means the user lacks the permission, not that there is
 * nothing.
 */
import { apiRequest, apiText } from './http.js';
import { segment, WORKSPACE_PATH } from './paths.js';

export interface MlParameter {
  readonly Name: string;
  readonly Type: 0 | 1 | 2 | 3;
  readonly TypeName: 'int' | 'float' | 'bool' | 'string';
  readonly DefaultValue: unknown;
  readonly [key: string]: unknown;
}

export interface MlDataPathParameter {
  readonly Name: string;
  readonly DefaultValue?: { DataStoreName: string; RelativePath: string } | null;
  readonly [key: string]: unknown;
}

export interface MlPipeline {
  readonly Id: string;
  readonly Name: string;
  readonly Description?: string | null;
  readonly Version?: string | null;
  readonly EntityStatus: string;
  readonly CreatedDate?: string;
  readonly Interface?: {
    readonly Parameters: readonly MlParameter[];
    readonly DataPathParameters?: readonly MlDataPathParameter[];
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

export interface MlPipelineEndpoint {
  readonly Id: string;
  readonly Name: string;
  readonly Description?: string | null;
  readonly DefaultVersion: string;
  readonly EntityStatus: string;
  readonly PipelineVersionList?: readonly { Version: string; PipelineId: string }[];
  readonly [key: string]: unknown;
}

export interface MlRun {
  readonly Id: string;
  readonly RunId?: string;
  readonly PipelineId?: string;
  readonly RunHistoryExperimentName?: string;
  readonly Status: {
    readonly StatusCode: number;
    readonly Status?: string;
    readonly [key: string]: unknown;
  };
  readonly Tags?: Record<string, string>;
  readonly StepRuns?: readonly Record<string, unknown>[];
  readonly [key: string]: unknown;
}

export function listMlPipelines(activeOnly = true): Promise<readonly MlPipeline[]> {
  return apiRequest(`${WORKSPACE_PATH}/Pipelines`, { query: { activeOnly } });
}

export function getMlPipeline(id: string): Promise<MlPipeline> {
  return apiRequest(`${WORKSPACE_PATH}/Pipelines/${segment(id)}`);
}

export function listPipelineEndpoints(activeOnly = true): Promise<readonly MlPipelineEndpoint[]> {
  return apiRequest(`${WORKSPACE_PATH}/PipelineEndpoints`, { query: { activeOnly } });
}

export function getPipelineEndpoint(id: string): Promise<MlPipelineEndpoint> {
  return apiRequest(`${WORKSPACE_PATH}/PipelineEndpoints/${segment(id)}`);
}

export function getMlRun(runId: string): Promise<MlRun> {
  return apiRequest(`${WORKSPACE_PATH}/PipelineRuns/${segment(runId)}`);
}

export function stepLog(runId: string, step: string, stream: 'stdout' | 'stderr'): Promise<string> {
  return apiText(
    `${WORKSPACE_PATH}/PipelineRuns/${segment(runId)}/StepRuns/${segment(step)}/Logs/${stream}`,
  );
}

export function cancelMlRun(runId: string): Promise<void> {
  return apiRequest(`${WORKSPACE_PATH}/PipelineRuns/${segment(runId)}/Cancel`, { method: 'POST' });
}
