/** The runs list's table: one row per pipeline run; a click or Enter opens the run. */
import { Link, useNavigate } from 'react-router';
import type { PipelineRun } from '../api/factory-api.js';
import { formatDuration, formatInstant } from '../ui/format.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { isDebugRun } from './debug-runs.js';
import { runPath } from './monitor-paths.js';
import { parametersSummary, pipelineRunDuration } from './run-detail.js';

export function RunsTable({
  factory,
  runs,
  now,
}: {
  readonly factory: string;
  readonly runs: readonly PipelineRun[];
  readonly now: number;
}) {
  const navigate = useNavigate();
  return (
    <table className="data runs-table">
      <caption className="visually-hidden">Pipeline runs</caption>
      <thead>
        <tr>
          <th scope="col">Pipeline</th>
          <th scope="col">Run start</th>
          <th scope="col">Duration</th>
          <th scope="col">Status</th>
          <th scope="col">Triggered by</th>
          <th scope="col">Run ID</th>
          <th scope="col">Parameters</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const path = runPath(factory, run.runId);
          const summary = parametersSummary(run.parameters, 60);
          return (
            <tr
              key={run.runId}
              className="clickable"
              tabIndex={0}
              onClick={(event) => {
                if (!(event.target instanceof HTMLAnchorElement)) void navigate(path);
              }}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && event.target === event.currentTarget)
                  void navigate(path);
              }}
            >
              <td>
                <Link to={path} tabIndex={-1}>
                  {run.pipelineName}
                </Link>
              </td>
              <td className="nowrap">{formatInstant(run.runStart)}</td>
              <td className="nowrap">{formatDuration(pipelineRunDuration(run, now))}</td>
              <td title={run.message === undefined || run.message === '' ? undefined : run.message}>
                <StatusBadge status={run.status} />
              </td>
              <td>
                {isDebugRun(run) ? (
                  <span className="debug-tag">Debug</span>
                ) : (
                  (run.invokedBy?.name ?? run.invokedBy?.invokedByType ?? '—')
                )}
              </td>
              <td className="mono small run-id" title={run.runId}>
                {run.runId}
              </td>
              <td className="small parameters-cell" title={parametersSummary(run.parameters, 2000)}>
                {summary === '' ? <span className="muted">—</span> : summary}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
