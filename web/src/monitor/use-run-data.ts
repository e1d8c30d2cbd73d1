/**
 * A run's page data: the pipeline run and all its activity runs, fetched once and then kept
 * current by the run's event stream until it ends (polled while the stream is down), and the
 * pipeline definition its canvas draws.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import {
  getPipelineRun,
  getPipelineRunDefinition,
  type ActivityRun,
  type PipelineRun,
} from '../api/factory-api.js';
import { StreamStates, type StreamState } from './event-stream.js';
import { allActivityRuns, monitorKeys, runEventsPath } from './monitor-api.js';
import { definitionActivities } from './run-detail.js';
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

  // What the run executed (a debug run's unsaved pipeline, a rerun's reference's), never
  // today's version of the pipeline: it does not change, so it is read once.
  const pipeline = useQuery({
    queryKey: monitorKeys.runDefinition(factory, runId),
    queryFn: () => getPipelineRunDefinition(factory, runId),
    staleTime: Infinity,
  });
  const activities = pipeline.data === undefined ? undefined : definitionActivities(pipeline.data);

  return {
    run,
    activityRuns,
    streamState: going ? streamState : StreamStates.idle,
    activities,
    pipelineError: pipeline.error,
  };
}
