/** The monitor's in-app addresses. */

export function runsPath(factory: string, search = ''): string {
  return `/factories/${encodeURIComponent(factory)}/runs${search === '' ? '' : `?${search}`}`;
}

export function runPath(factory: string, runId: string): string {
  return `/factories/${encodeURIComponent(factory)}/runs/${encodeURIComponent(runId)}`;
}

/** The pipeline in the editor. */
export function pipelinePath(factory: string, pipelineName: string): string {
  return `/factories/${encodeURIComponent(factory)}/pipelines/${encodeURIComponent(pipelineName)}`;
}
