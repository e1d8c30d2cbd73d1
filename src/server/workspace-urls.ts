/**
 * The ML workspace API's path (Azure ML's: subscription, resource group and workspace in the
 * path; any values are accepted and echoed) and the absolute URLs entities carry.
 */

/** Route prefix, in Fastify's `:param` syntax. */
export const WORKSPACE_ROUTE_PREFIX =
  '/pipelines/v1.0/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.MachineLearningServices/workspaces/:workspaceName';

export interface WorkspaceIds {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly workspaceName: string;
}

/** The path of a workspace, each id percent-encoded. */
export function workspacePath(ids: WorkspaceIds): string {
  return `/pipelines/v1.0/subscriptions/${encodeURIComponent(ids.subscriptionId)}/resourceGroups/${encodeURIComponent(ids.resourceGroupName)}/providers/Microsoft.MachineLearningServices/workspaces/${encodeURIComponent(ids.workspaceName)}`;
}

export interface WorkspaceUrls {
  /** `<origin><workspace path>`. */
  readonly base: string;
  readonly openApi: string;
  pipelineSubmit(pipelineId: string): string;
  endpointSubmit(endpointId: string): string;
  run(runId: string): string;
}

/** `origin` is `http://host:port` as the client addressed the server. */
export function workspaceUrls(origin: string, ids: WorkspaceIds): WorkspaceUrls {
  const base = `${origin}${workspacePath(ids)}`;
  const id = encodeURIComponent;
  return {
    base,
    openApi: `${origin}/openapi.json`,
    pipelineSubmit: (pipelineId) => `${base}/PipelineRuns/PipelineSubmit/${id(pipelineId)}`,
    endpointSubmit: (endpointId) =>
      `${base}/PipelineRuns/PipelineEndpointSubmit/Id/${id(endpointId)}`,
    run: (runId) => `${base}/PipelineRuns/${id(runId)}`,
  };
}
