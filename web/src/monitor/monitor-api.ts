/**
 * The factory API calls the monitor pages make beyond `api/factory-api.ts`: debug runs, the run
 * query with an open-ended window, every page of a run's activity runs, the event stream paths.
 */
import type { ActivityRun, JsonObject, Page, PipelineRun } from '../api/factory-api.js';
import { apiRequest } from '../api/http.js';
import { factoryPath, segment } from '../api/paths.js';
import type { PipelineRunQuery } from './run-filters.js';

/** Runs the editor's pipeline as it is, unsaved (`properties` as in the pipeline resource). */
export function debugRun(
  factory: string,
  pipelineName: string,
  body: { readonly properties: JsonObject; readonly parameters: JsonObject },
): Promise<{ runId: string }> {
  return apiRequest(`${factoryPath(factory)}/pipelines/${segment(pipelineName)}/debugRun`, {
    method: 'POST',
    body,
  });
}

export function queryRuns(factory: string, query: PipelineRunQuery): Promise<Page<PipelineRun>> {
  return apiRequest(`${factoryPath(factory)}/queryPipelineRuns`, { method: 'POST', body: query });
}

/** Every activity run of a run (all pages), in start order. */
export async function allActivityRuns(
  factory: string,
  runId: string,
  signal?: AbortSignal,
): Promise<readonly ActivityRun[]> {
  const runs: ActivityRun[] = [];
  let continuationToken: string | undefined;
  do {
    const page: Page<ActivityRun> = await apiRequest(
      `${factoryPath(factory)}/pipelineruns/${segment(runId)}/queryActivityruns`,
      {
        method: 'POST',
        body: continuationToken === undefined ? {} : { continuationToken },
        ...(signal === undefined ? {} : { signal }),
      },
    );
    runs.push(...page.value);
    continuationToken = page.continuationToken;
  } while (continuationToken !== undefined);
  return runs;
}

/** Server-Sent Events of one run (its state, then changes, then `end`), or of every run. */
export function runEventsPath(factory: string, runId?: string): string {
  return runId === undefined
    ? `${factoryPath(factory)}/pipelineruns/events`
    : `${factoryPath(factory)}/pipelineruns/${segment(runId)}/events`;
}

/** Monitor cache keys, in one place so that events and fetches meet. */
export const monitorKeys = {
  runs: (factory: string, filter: string) => ['monitor', factory, 'runs', filter] as const,
  run: (factory: string, runId: string) => ['monitor', factory, 'run', runId] as const,
  activityRuns: (factory: string, runId: string) =>
    ['monitor', factory, 'activityRuns', runId] as const,
  pipelines: (factory: string) => ['monitor', factory, 'pipelines'] as const,
  pipeline: (factory: string, name: string) => ['monitor', factory, 'pipeline', name] as const,
  runDefinition: (factory: string, runId: string) =>
    ['monitor', factory, 'runDefinition', runId] as const,
};
