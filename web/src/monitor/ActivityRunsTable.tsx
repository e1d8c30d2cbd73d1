/**
 * A run's activity runs: every attempt, nested runs indented under their container (the Gantt's
 * order), with links to the ML run or child pipeline run they started. A click or Enter selects
 * one (its input, output and error show beside).
 */
import { Link } from 'react-router';
import type { ActivityRun } from '../api/factory-api.js';
import { formatDuration, formatInstant } from '../ui/format.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { ganttLayout } from './gantt-layout.js';
import { runPath } from './monitor-paths.js';
import { childRunOf, durationOf, mlRunOf, mlRunPath } from './run-detail.js';

export function ActivityRunsTable({
  factory,
  activityRuns,
  now,
  selectedId,
  onSelect,
}: {
  readonly factory: string;
  readonly activityRuns: readonly ActivityRun[];
  readonly now: number;
  readonly selectedId: string | undefined;
  onSelect(activityRunId: string): void;
}) {
  if (activityRuns.length === 0) return <p className="muted">No activity has run yet.</p>;
  const byId = new Map(activityRuns.map((run) => [run.activityRunId, run]));
  const rows = ganttLayout(
    activityRuns.map((run) => ({
      activityRunId: run.activityRunId,
      activityName: run.activityName,
      status: run.status,
      ...(typeof run['scope'] === 'string' ? { scope: run['scope'] } : {}),
      ...(typeof run['attempt'] === 'number' ? { attempt: run['attempt'] } : {}),
      ...(run.activityRunStart === undefined ? {} : { activityRunStart: run.activityRunStart }),
    })),
    { now },
  ).rows;
  return (
    <div className="table-scroll">
      <table className="data activity-runs-table">
        <caption className="visually-hidden">Activity runs</caption>
        <thead>
          <tr>
            <th scope="col">Activity</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Start</th>
            <th scope="col">Duration</th>
            <th scope="col">Attempt</th>
            <th scope="col">Linked run</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const run = byId.get(row.activityRunId);
            if (run === undefined) return null;
            const selected = run.activityRunId === selectedId;
            const mlRun = mlRunOf(run);
            const child = childRunOf(run);
            return (
              <tr
                key={run.activityRunId}
                className={selected ? 'clickable selected' : 'clickable'}
                tabIndex={0}
                aria-selected={selected}
                onClick={(event) => {
                  if (!(event.target instanceof HTMLAnchorElement)) onSelect(run.activityRunId);
                }}
                onKeyDown={(event) => {
                  if (
                    (event.key === 'Enter' || event.key === ' ') &&
                    event.target === event.currentTarget
                  ) {
                    event.preventDefault();
                    onSelect(run.activityRunId);
                  }
                }}
              >
                <td style={{ paddingLeft: `${10 + row.depth * 16}px` }}>
                  {run.activityName}
                  {row.detail === '' ? null : <span className="muted small"> {row.detail}</span>}
                </td>
                <td className="small">{run.activityType}</td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td className="nowrap small" title={formatInstant(run.activityRunStart)}>
                  {formatTime(run.activityRunStart)}
                </td>
                <td className="nowrap">{formatDuration(durationOf(run, now))}</td>
                <td>{row.attempt}</td>
                <td className="nowrap">
                  {mlRun === undefined ? null : <Link to={mlRunPath(mlRun.runId)}>ML run</Link>}
                  {child === undefined ? null : (
                    <Link to={runPath(factory, child.runId)}>Child run</Link>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The time of day only: the run's page says the date. */
function formatTime(iso: string | undefined): string {
  if (iso === undefined) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
}
