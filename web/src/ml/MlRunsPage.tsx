/**
 * `/ml/runs`: every ML run, newest first, filtered by status and experiment (kept in the URL),
 * a page at a time through the server's continuation tokens.
 */
import { useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { useExperiments, useRuns } from './ml-queries.js';
import { isActive } from './run-facts.js';
import {
  currentPageToken,
  FIRST_PAGE,
  readRunFilters,
  runFilterParams,
  runListQuery,
  type PageTrail,
  type RunFilters,
} from './run-filters.js';
import { RunsPager } from './RunsPager.js';
import { RunStatusSelect } from './RunStatusSelect.js';
import { RunsTable } from './RunsTable.js';
import { useNow } from './use-now.js';
import './ml.css';

/** Runs per page. */
const PAGE_SIZE = 25;

export function MlRunsPage() {
  const [params, setParams] = useSearchParams();
  const filters = readRunFilters(params);
  const filterKey = runFilterParams(filters).toString();
  const [trail, setTrail] = useState<{ key: string; pages: PageTrail }>({
    key: filterKey,
    pages: FIRST_PAGE,
  });
  // Other filters start again at the first page.
  const pages = trail.key === filterKey ? trail.pages : FIRST_PAGE;
  const token = currentPageToken(pages);
  const runs = useRuns(
    runListQuery(filters, {
      limit: PAGE_SIZE,
      ...(token === undefined ? {} : { continuationToken: token }),
    }),
  );
  const experiments = useExperiments();
  const now = useNow(runs.data?.Value.some((run) => isActive(run.Status.Status)) ?? false);
  const experimentId = useId();

  useEffect(() => {
    document.title = 'ML runs · Millrace';
  }, []);

  const setFilters = (next: RunFilters) => setParams(runFilterParams(next), { replace: true });
  const experimentNames = experiments.data?.map((experiment) => experiment.Name) ?? [];
  if (filters.experiment !== undefined && !experimentNames.includes(filters.experiment)) {
    experimentNames.push(filters.experiment);
  }

  return (
    <section>
      <h1>ML runs</h1>
      <form
        className="toolbar"
        aria-label="Filter runs"
        onSubmit={(event) => event.preventDefault()}
      >
        <RunStatusSelect
          value={filters.status}
          onChange={(status) => setFilters({ ...filters, status })}
        />
        <label className="ml-inline-label" htmlFor={experimentId}>
          Experiment
          <select
            id={experimentId}
            value={filters.experiment ?? ''}
            onChange={(event) => {
              const experiment = event.target.value;
              setFilters({
                status: filters.status,
                ...(experiment === '' ? {} : { experiment }),
              });
            }}
          >
            <option value="">All experiments</option>
            {experimentNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void runs.refetch()} disabled={runs.isFetching}>
          Refresh
        </button>
        {runs.isFetching && !runs.isPending ? (
          <span className="muted small" role="status">
            Updating…
          </span>
        ) : null}
      </form>
      {runs.isPending ? <Loading what="runs" /> : null}
      {runs.error ? <ErrorMessage error={runs.error} /> : null}
      {runs.data === undefined ? null : (
        <>
          <RunsTable runs={runs.data.Value} caption="ML runs" now={now} />
          <RunsPager
            pages={pages}
            continuationToken={runs.data.ContinuationToken}
            loadingNewPage={runs.isPlaceholderData}
            onChange={(next) => setTrail({ key: filterKey, pages: next })}
          />
        </>
      )}
    </section>
  );
}
