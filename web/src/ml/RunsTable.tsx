import { Link } from 'react-router';
import { formatDuration, formatInstant } from '../ui/format.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { FactoryRunLink } from './FactoryRunLink.js';
import type { MlRun } from './ml-workspace-api.js';
import { elapsedMs, factoryRunOf, mlRunPath, shortId } from './run-facts.js';

export interface RunsTableProps {
  readonly runs: readonly MlRun[];
  readonly caption: string;
  /** (Default: true) */
  readonly showExperiment?: boolean;
  /** (Default: true) */
  readonly showPipeline?: boolean;
  /** Epoch ms that running runs' durations count up to. */
  readonly now: number;
}

/** ML runs, newest first, as every ML list shows them. */
export function RunsTable({
  runs,
  caption,
  showExperiment = true,
  showPipeline = true,
  now,
}: RunsTableProps) {
  if (runs.length === 0) return <p className="muted">No runs.</p>;
  return (
    <table className="data ml-runs-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          {showExperiment ? <th scope="col">Experiment</th> : null}
          {showPipeline ? <th scope="col">Pipeline</th> : null}
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
          <th scope="col">Run source</th>
          <th scope="col">Created by</th>
          <th scope="col">Factory run</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const factoryRun = factoryRunOf(run.Tags);
          return (
            <tr key={run.Id}>
              <td>
                <Link to={mlRunPath(run.Id)} title={run.Id} aria-label={`Run ${run.Id}`}>
                  <code>{shortId(run.Id)}</code>
                </Link>
                {run.Description === '' ? null : (
                  <div className="muted small">{run.Description}</div>
                )}
              </td>
              <td>
                <StatusBadge status={run.Status.Status} />
              </td>
              {showExperiment ? (
                <td>
                  <Link to={`/ml/experiments/${encodeURIComponent(run.RunHistoryExperimentName)}`}>
                    {run.RunHistoryExperimentName}
                  </Link>
                </td>
              ) : null}
              {showPipeline ? (
                <td>
                  <Link to={`/ml/pipelines/${encodeURIComponent(run.PipelineId)}`}>
                    {run.PipelineName}
                  </Link>
                  {run.PipelineEndpointVersion === null ? null : (
                    <span className="muted small"> v{run.PipelineEndpointVersion}</span>
                  )}
                </td>
              ) : null}
              <td>{formatInstant(run.StartTime ?? run.CreatedDate)}</td>
              <td>{formatDuration(elapsedMs(run.StartTime, run.EndTime, now))}</td>
              <td>{run.RunSource}</td>
              <td>{run.CreatedBy?.UserName ?? '—'}</td>
              <td>
                {factoryRun === undefined ? '—' : <FactoryRunLink reference={factoryRun} short />}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
