/**
 * What the ML activity panel asks the ML workspace, beyond web/src/api/ml-api.ts: an endpoint's
 * versions with their published pipelines (and interfaces), and an endpoint found by name. Like
 * every ML call they carry the signed-in user's own token, so a 403 means that user lacks
 * `ml/pipelines/read`.
 */
import { apiRequest } from '../../api/http.js';
import type { MlPipeline, MlPipelineEndpoint } from '../../api/ml-api.js';
import { segment, WORKSPACE_PATH } from '../../api/paths.js';

/** A published pipeline as one version of an endpoint. */
export interface MlEndpointPipeline extends MlPipeline {
  readonly PipelineEndpointVersion: string;
  readonly IsDefaultVersion: boolean;
}

/** Every version, oldest first, with disabled pipelines too (an activity may still name one). */
export function listEndpointPipelines(endpointId: string): Promise<readonly MlEndpointPipeline[]> {
  return apiRequest(`${WORKSPACE_PATH}/PipelineEndpoints/${segment(endpointId)}/Pipelines`, {
    query: { activeOnly: false },
  });
}

export function getPipelineEndpointByName(name: string): Promise<MlPipelineEndpoint> {
  return apiRequest(`${WORKSPACE_PATH}/PipelineEndpoints/Name`, { query: { name } });
}
