/**
 * The ML workspace API (Azure ML's published-pipeline shape, PascalCase fields) as the UI uses it.
 * Every call carries the signed-in user's own token, so what the UI lists is what that user may
 * see: a 403 `ApiError` (`forbidden`) means the user lacks the permission, not that there is
 * nothing.
 */
import { apiRequest } from './http.js';
import { WORKSPACE_PATH } from './paths.js';

export interface MlParameter {
  readonly Name: string;
  readonly Type: 0 | 1 | 2 | 3;
  readonly TypeName: 'Int' | 'Double' | 'Bool' | 'String';
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

export function listMlPipelines(activeOnly = true): Promise<readonly MlPipeline[]> {
  return apiRequest(`${WORKSPACE_PATH}/Pipelines`, { query: { activeOnly } });
}

export function listPipelineEndpoints(activeOnly = true): Promise<readonly MlPipelineEndpoint[]> {
  return apiRequest(`${WORKSPACE_PATH}/PipelineEndpoints`, { query: { activeOnly } });
}
