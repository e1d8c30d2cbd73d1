/** Which endpoint versions point at which published pipeline. Pure. */
import type { PipelineEndpoint } from './ml-workspace-api.js';

export interface EndpointVersionOf {
  readonly endpoint: PipelineEndpoint;
  readonly version: string;
  readonly isDefault: boolean;
}

/** Published pipeline id → the endpoint versions that point at it, in endpoint order. */
export function endpointVersionsByPipeline(
  endpoints: readonly PipelineEndpoint[],
): ReadonlyMap<string, readonly EndpointVersionOf[]> {
  const byPipeline = new Map<string, EndpointVersionOf[]>();
  for (const endpoint of endpoints) {
    for (const version of endpoint.PipelineVersionList) {
      const list = byPipeline.get(version.PipelineId) ?? [];
      list.push({
        endpoint,
        version: version.Version,
        isDefault: endpoint.DefaultVersion === version.Version,
      });
      byPipeline.set(version.PipelineId, list);
    }
  }
  return byPipeline;
}
