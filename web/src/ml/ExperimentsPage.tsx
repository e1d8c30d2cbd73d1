/** `/ml/experiments`: every experiment with its run count and newest run, most recent first. */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { formatDuration, formatInstant } from '../ui/format.js';
import { Loading } from '../ui/Loading.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { useExperiments } from './ml-queries.js';
import { elapsedMs, isActive, mlRunPath, shortId } from './run-facts.js';
import { useNow } from './use-now.js';
import { filterByName } from './name-filter.js';
import { NameFilter } from './NameFilter.js';
import './ml.css';

export function experimentPath(name: string): string {
  return `/ml/experiments/${encodeURIComponent(name)}`;
}

export function ExperimentsPage() {
  const experiments = useExperiments();
  const [filter, setFilter] = useState('');
  const now = useNow(
    experiments.data?.some(
      (experiment) => experiment.LastRun !== null && isActive(experiment.LastRun.Status),
    ) ?? false,
  );
  useEffect(() => {
    document.title = 'Experiments · Millrace';
  }, []);
  const shown = filterByName(experiments.data, filter);

  return (
    <section>
      <h1>Experiments</h1>
      <p className="muted small">
        An experiment groups the runs submitted under its name; it is created by its first run.
      </p>
      <div className="toolbar">
        <NameFilter value={filter} onChange={setFilter} placeholder="Experiment name" />
      </div>
      {experiments.isPending ? <Loading what="experiments" /> : null}
      {experiments.error ? <ErrorMessage error={experiments.error} /> : null}
      {experiments.data === undefined ? null : shown.length === 0 ? (
        <p className="muted">
          {experiments.data.length === 0
            ? 'No experiments yet: submitting a run creates its experiment.'
            : 'No experiment matches the filter.'}
        </p>
      ) : (
        <table className="data">
          <caption className="visually-hidden">Experiments</caption>
          <thead>
            <tr>
              <th scope="col">Experiment</th>
              <th scope="col">Runs</th>
              <th scope="col">Last run</th>
              <th scope="col">Status</th>
              <th scope="col">Pipeline</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((experiment) => {
              const last = experiment.LastRun;
              return (
                <tr key={experiment.Id}>
                  <td>
                    <Link to={experimentPath(experiment.Name)}>{experiment.Name}</Link>
                  </td>
                  <td>{experiment.RunCount}</td>
                  <td>
                    {last === null ? (
                      '—'
                    ) : (
                      <Link to={mlRunPath(last.Id)} title={last.Id}>
                        <code>{shortId(last.Id)}</code>
                      </Link>
                    )}
                  </td>
                  <td>{last === null ? '—' : <StatusBadge status={last.Status} />}</td>
                  <td>{last?.PipelineName ?? '—'}</td>
                  <td>{formatInstant(last?.StartTime ?? last?.CreatedDate)}</td>
                  <td>
                    {last === null
                      ? '—'
                      : formatDuration(elapsedMs(last.StartTime, last.EndTime, now))}
                  </td>
                  <td>{formatInstant(experiment.CreatedDate)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
