/**
 * The ML pages' server state through react-query: one key family per entity, and the refresh
 * policy: what is still running is asked again every few seconds, what has ended never.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  getEndpoint,
  getExperimentStepMetrics,
  getPublishedPipeline,
  getRun,
  getStepLog,
  listEndpointPipelines,
  listEndpoints,
  listExperiments,
  listPublishedPipelines,
  listRuns,
  type LogStream,
  type MlRunListQuery,
  type MlRunStatus,
} from './ml-workspace-api.js';
import { isActive } from './run-facts.js';

/** How often a running run, its logs and run lists are asked again. */
export const LIVE_REFRESH_MS = 2000;

export const mlKeys = {
  all: ['ml'] as const,
  pipelines: (activeOnly: boolean) => ['ml', 'pipelines', { activeOnly }] as const,
  pipeline: (id: string) => ['ml', 'pipeline', id] as const,
  endpoints: (activeOnly: boolean) => ['ml', 'endpoints', { activeOnly }] as const,
  endpoint: (id: string) => ['ml', 'endpoint', id] as const,
  endpointPipelines: (id: string) => ['ml', 'endpoint', id, 'pipelines'] as const,
  experiments: () => ['ml', 'experiments'] as const,
  runs: (query: MlRunListQuery) => ['ml', 'runs', query] as const,
  run: (id: string) => ['ml', 'run', id] as const,
  stepLog: (runId: string, step: string, stream: LogStream) =>
    ['ml', 'run', runId, 'log', step, stream] as const,
  stepMetricsAcrossRuns: (experiment: string, step: string, pipelineName: string) =>
    ['ml', 'experiment', experiment, 'step-metrics', step, pipelineName] as const,
};

export function usePublishedPipelines(activeOnly: boolean) {
  return useQuery({
    queryKey: mlKeys.pipelines(activeOnly),
    queryFn: () => listPublishedPipelines(activeOnly),
  });
}

export function usePublishedPipeline(id: string | undefined) {
  return useQuery({
    queryKey: mlKeys.pipeline(id ?? ''),
    queryFn: () => getPublishedPipeline(id ?? ''),
    enabled: id !== undefined && id !== '',
    // A published pipeline never changes but for its status.
    staleTime: 60_000,
  });
}

export function useEndpoints(activeOnly: boolean) {
  return useQuery({
    queryKey: mlKeys.endpoints(activeOnly),
    queryFn: () => listEndpoints(activeOnly),
  });
}

/** An endpoint; nothing is asked for an empty id. */
export function useEndpoint(id: string) {
  return useQuery({
    queryKey: mlKeys.endpoint(id),
    queryFn: () => getEndpoint(id),
    enabled: id !== '',
  });
}

export function useEndpointPipelines(id: string) {
  return useQuery({
    queryKey: mlKeys.endpointPipelines(id),
    queryFn: () => listEndpointPipelines(id),
  });
}

/** Experiments, asked again while one's newest run is still going. */
export function useExperiments() {
  return useQuery({
    queryKey: mlKeys.experiments(),
    queryFn: listExperiments,
    refetchInterval: (current) =>
      current.state.data?.some(
        (experiment) => experiment.LastRun !== null && isActive(experiment.LastRun.Status),
      ) === true
        ? LIVE_REFRESH_MS
        : false,
  });
}

/** A page of runs; asked again while any run on it is still going. */
export function useRuns(query: MlRunListQuery, options: { readonly enabled?: boolean } = {}) {
  return useQuery({
    queryKey: mlKeys.runs(query),
    queryFn: () => listRuns(query),
    enabled: options.enabled ?? true,
    placeholderData: keepPreviousData,
    refetchInterval: (current) =>
      current.state.data?.Value.some((run) => isActive(run.Status.Status)) === true
        ? LIVE_REFRESH_MS
        : false,
  });
}

/** A run with its step runs, asked again until it ends. */
export function useRun(runId: string) {
  return useQuery({
    queryKey: mlKeys.run(runId),
    queryFn: ({ signal }) => getRun(runId, signal),
    refetchInterval: (current) => {
      const status = current.state.data?.Status.Status;
      return status !== undefined && isActive(status) ? LIVE_REFRESH_MS : false;
    },
  });
}

/** A step's log, asked again while the step runs. */
export function useStepLog(
  runId: string,
  step: string,
  stream: LogStream,
  stepStatus: MlRunStatus,
) {
  return useQuery({
    queryKey: mlKeys.stepLog(runId, step, stream),
    queryFn: () => getStepLog(runId, step, stream),
    refetchInterval: isActive(stepStatus) ? LIVE_REFRESH_MS : false,
  });
}

/** A step's metrics in the experiment's newest runs of the same pipeline. */
export function useStepMetricsAcrossRuns(
  experiment: string,
  step: string,
  pipelineName: string,
  runStatus: MlRunStatus,
) {
  return useQuery({
    queryKey: mlKeys.stepMetricsAcrossRuns(experiment, step, pipelineName),
    queryFn: () => getExperimentStepMetrics(experiment, step, { pipelineName, limit: 20 }),
    refetchInterval: isActive(runStatus) ? LIVE_REFRESH_MS * 2 : false,
  });
}
