/**
 * A run's page data: the pipeline run and all its activity runs, fetched once and then kept
 * current by the run's event stream until it ends (polled while the stream is down), and the
 * pipeline definition its canvas draws.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import {
  getPipelineRun,
  getResource,
  type ActivityRun,
  type JsonObject,
  type PipelineRun,
} from '../api/factory-api.js';
import { StreamStates, type StreamState } from './event-stream.js';
import { allActivityRuns, monitorKeys, runEventsPath } from './monitor-api.js';
import { embeddedActivities } from './run-detail.js';
import { mergeActivityRun, mergePipelineRun } from './run-events.js';
import { isTerminalStatus } from './run-statuses.js';
import { useRunEvents } from './use-run-events.js';

/** How often a run still going is read again while its stream is down. */
const POLL_MS = 3000;

export function useRunData(factory: string, runId: string) {
  const queryClient = useQueryClient();
  const live = useRef(false);
  const runKey = monitorKeys.run(factory, runId);
  const activityKey = monitorKeys.activityRuns(factory, runId);
  const pollWhileGoing = () => {
    const held = queryClient.getQueryData<PipelineRun>(runKey);
    return held !== undefined && isTerminalStatus(held.status)
      ? false
      : live.current
        ? false
        : POLL_MS;
  };

  const run = useQuery({
    queryKey: runKey,
    queryFn: () => getPipelineRun(factory, runId),
    refetchInterval: pollWhileGoing,
  });
  const activityRuns = useQuery({
    queryKey: activityKey,
    queryFn: ({ signal }) => allActivityRuns(factory, runId, signal),
    refetchInterval: pollWhileGoing,
  });

  const going = run.data !== undefined && !isTerminalStatus(run.data.status);
  const streamState: StreamState = useRunEvents(
    going ? runEventsPath(factory, runId) : undefined,
    (event) => {
      if (event.kind === 'pipelineRun') {
        queryClient.setQueryData<PipelineRun>(runKey, (held) => mergePipelineRun(held, event.run));
      } else if (event.kind === 'activityRun') {
        queryClient.setQueryData<readonly ActivityRun[]>(activityKey, (held) =>
          mergeActivityRun(held ?? [], event.activityRun),
        );
      } else {
        // The run ended: read it once more for the final figures (its duration, output).
        void queryClient.invalidateQueries({ queryKey: runKey });
        void queryClient.invalidateQueries({ queryKey: activityKey });
      }
    },
  );
  useEffect(() => {
    live.current = streamState === StreamStates.live;
  }, [streamState]);

  const embedded = run.data === undefined ? undefined : embeddedActivities(run.data);
  const pipelineName = run.data?.pipelineName ?? '';
  const pipeline = useQuery({
    queryKey: monitorKeys.pipeline(factory, pipelineName),
    queryFn: () => getResource(factory, 'pipelines', pipelineName),
    enabled: run.data !== undefined && embedded === undefined,
    staleTime: 60_000,
  });
  const pipelineActivities = Array.isArray(pipeline.data?.properties['activities'])
    ? pipeline.data.properties['activities'].filter(
        (activity): activity is JsonObject =>
          typeof activity === 'object' && activity !== null && !Array.isArray(activity),
      )
    : undefined;

  return {
    run,
    activityRuns,
    streamState: going ? streamState : StreamStates.idle,
    activities: embedded ?? pipelineActivities,
    pipelineError: embedded === undefined ? pipeline.error : null,
  };
}
