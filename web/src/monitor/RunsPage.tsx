/**
 * `/factories/:factory/runs`: the factory's pipeline runs, newest first, filtered by time,
 * status and pipeline (in the URL query), triggered or debug runs, paged with "Load more", kept
 * current by the factory's live run events (polled while the stream is down).
 */
import {
  useInfiniteQuery,
  useQuery,
  useQueryClient,
  type InfiniteData,
} from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { listResources, type Page, type PipelineRun } from '../api/factory-api.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { LiveIndicator } from './LiveIndicator.js';
import { monitorKeys, queryRuns, runEventsPath } from './monitor-api.js';
import { RunFilterBar } from './RunFilterBar.js';
import { applyRunToPages, mergePipelineRun } from './run-events.js';
import {
  filterFromSearch,
  filterKey,
  filterToSearch,
  runMatchesFilter,
  runQueryOf,
  type RunListFilter,
} from './run-filters.js';
import { isTerminalStatus } from './run-statuses.js';
import { RunsTable } from './RunsTable.js';
import { TriggerRunLauncher } from './TriggerRunLauncher.js';
import { StreamStates } from './event-stream.js';
import { useNow } from './use-now.js';
import { useRunEvents } from './use-run-events.js';
import './monitor.css';

/** How often the list is read again while the live stream is down. */
const POLL_MS = 10_000;

export function RunsPage() {
  const factory = useParams()['factory'] ?? '';
  const [search, setSearch] = useSearchParams();
  const filter = useMemo(() => filterFromSearch(search), [search]);
  const key = filterKey(filter);
  const queryClient = useQueryClient();
  const [triggering, setTriggering] = useState(false);

  const pipelines = useQuery({
    queryKey: monitorKeys.pipelines(factory),
    queryFn: () => listResources(factory, 'pipelines'),
    staleTime: 30_000,
  });

  const streamState = useRunEvents(runEventsPath(factory), (event) => {
    if (event.kind !== 'pipelineRun') return;
    const incoming = event.run;
    queryClient.setQueryData<InfiniteData<Page<PipelineRun>, string | undefined>>(
      monitorKeys.runs(factory, key),
      (data) =>
        data === undefined
          ? data
          : {
              ...data,
              pages: [
                ...applyRunToPages(data.pages, incoming, (run) =>
                  runMatchesFilter(run, filter, new Date()),
                ),
              ],
            },
    );
    queryClient.setQueryData<PipelineRun>(monitorKeys.run(factory, incoming.runId), (held) =>
      held === undefined ? held : mergePipelineRun(held, incoming),
    );
  });

  const runs = useInfiniteQuery({
    queryKey: monitorKeys.runs(factory, key),
    queryFn: ({ pageParam }) => queryRuns(factory, runQueryOf(filter, new Date(), pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continuationToken,
    refetchInterval: streamState === StreamStates.live ? false : POLL_MS,
  });

  // Runs that changed while the stream was down: read the list again once it is back.
  const missedEvents = useRef(false);
  useEffect(() => {
    if (streamState === StreamStates.retrying) missedEvents.current = true;
    else if (streamState === StreamStates.live && missedEvents.current) {
      missedEvents.current = false;
      void queryClient.invalidateQueries({ queryKey: monitorKeys.runs(factory, key) });
    }
  }, [streamState, queryClient, factory, key]);

  const rows = useMemo(() => runs.data?.pages.flatMap((page) => page.value) ?? [], [runs.data]);
  const now = useNow(rows.some((run) => !isTerminalStatus(run.status)));
  const change = (next: RunListFilter) => setSearch(filterToSearch(next));

  return (
    <section className="runs-page">
      <div className="page-title">
        <h1>Pipeline runs</h1>
        <LiveIndicator state={streamState} />
        <span className="spacer" />
        <button
          type="button"
          onClick={() => void runs.refetch()}
          disabled={runs.isFetching}
          aria-label="Refresh the list"
        >
          Refresh
        </button>
        <button type="button" className="primary" onClick={() => setTriggering(true)}>
          Trigger run
        </button>
      </div>
      <div className="tabs" role="tablist" aria-label="Run kind">
        {([false, true] as const).map((debug) => (
          <button
            key={String(debug)}
            type="button"
            role="tab"
            aria-selected={filter.debug === debug}
            className={filter.debug === debug ? 'tab active' : 'tab'}
            onClick={() => change({ ...filter, debug })}
          >
            {debug ? 'Debug runs' : 'Triggered runs'}
          </button>
        ))}
      </div>
      <RunFilterBar filter={filter} pipelines={pipelines.data ?? []} onChange={change} />
      {runs.isPending ? <Loading what="runs" /> : null}
      {runs.error === null ? null : <ErrorMessage error={runs.error} title="Listing runs failed" />}
      {runs.data !== undefined && rows.length === 0 ? (
        <p className="info-box">
          No {filter.debug ? 'debug ' : ''}runs match these filters. Widen the time window or clear
          a filter.
        </p>
      ) : null}
      {rows.length > 0 ? <RunsTable factory={factory} runs={rows} now={now} /> : null}
      <div className="list-footer">
        <span className="muted small" role="status">
          {runs.data === undefined
            ? ''
            : `${rows.length} run${rows.length === 1 ? '' : 's'}${runs.hasNextPage ? ' so far' : ''}`}
        </span>
        {runs.hasNextPage ? (
          <button
            type="button"
            onClick={() => void runs.fetchNextPage()}
            disabled={runs.isFetchingNextPage}
          >
            {runs.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        ) : null}
      </div>
      {triggering ? (
        <TriggerRunLauncher
          factory={factory}
          pipelines={pipelines.data ?? []}
          onClose={() => setTriggering(false)}
        />
      ) : null}
    </section>
  );
}
