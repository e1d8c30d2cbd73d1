/** `/ml/experiments/:name`: an experiment's runs, newest first, by status, a page at a time. */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { formatInstant } from '../ui/format.js';
import { Loading } from '../ui/Loading.js';
import { FactsList } from './FactsList.js';
import { useExperiments, useRuns } from './ml-queries.js';
import { isActive } from './run-facts.js';
import {
  currentPageToken,
  FIRST_PAGE,
  pageNumber,
  runListQuery,
  type PageTrail,
  type RunStatusFilter,
} from './run-filters.js';
import { RunsPager } from './RunsPager.js';
import { RunStatusSelect } from './RunStatusSelect.js';
import { RunsTable } from './RunsTable.js';
import { useNow } from './use-now.js';
import './ml.css';

const PAGE_SIZE = 25;

export function ExperimentPage() {
  const { name = '' } = useParams();
  const [status, setStatus] = useState<RunStatusFilter>('any');
  const [pages, setPages] = useState<PageTrail>(FIRST_PAGE);
  const token = currentPageToken(pages);
  const runs = useRuns(
    runListQuery(
      { status, experiment: name },
      { limit: PAGE_SIZE, ...(token === undefined ? {} : { continuationToken: token }) },
    ),
  );
  const experiment = useExperiments().data?.find((candidate) => candidate.Name === name);
  const now = useNow(runs.data?.Value.some((run) => isActive(run.Status.Status)) ?? false);
  useEffect(() => {
    document.title = `Experiment ${name} · Millrace`;
  }, [name]);

  return (
    <section>
      <nav aria-label="Breadcrumb" className="ml-breadcrumb small">
        <Link to="/ml/experiments">Experiments</Link> › {name}
      </nav>
      <h1>Experiment {name}</h1>
      {experiment === undefined ? null : (
        <FactsList
          label="Experiment facts"
          facts={[
            { label: 'Runs', value: experiment.RunCount },
            { label: 'Created', value: formatInstant(experiment.CreatedDate) },
          ]}
        />
      )}
      <div className="toolbar">
        <RunStatusSelect
          value={status}
          onChange={(next) => {
            setStatus(next);
            setPages(FIRST_PAGE);
          }}
        />
        <Link to={`/ml/runs?experiment=${encodeURIComponent(name)}`} className="small">
          Open in ML runs
        </Link>
      </div>
      {runs.isPending ? <Loading what="runs" /> : null}
      {runs.error ? <ErrorMessage error={runs.error} /> : null}
      {runs.data === undefined ? null : (
        <>
          <RunsTable
            runs={runs.data.Value}
            caption={`Runs of experiment ${name}`}
            showExperiment={false}
            now={now}
          />
          {pageNumber(pages) === 1 && runs.data.ContinuationToken === undefined ? null : (
            <RunsPager
              pages={pages}
              continuationToken={runs.data.ContinuationToken}
              loadingNewPage={runs.isPlaceholderData}
              onChange={setPages}
            />
          )}
        </>
      )}
    </section>
  );
}
