/**
 * A run's Gantt chart: one bar per activity run (attempts apart, nested runs indented), coloured
 * by status, on a time axis from the run's start; bars of runs still going grow to now. Each bar
 * is a button: hover or focus shows its times, a click or Enter selects the activity run.
 */
import { useState } from 'react';
import type { ActivityRun } from '../api/factory-api.js';
import { formatDuration, formatInstant } from '../ui/format.js';
import { statusTone } from '../ui/status-tone.js';
import { formatOffset, ganttLayout, type GanttActivityRun, type GanttRow } from './gantt-layout.js';

export function GanttChart({
  activityRuns,
  runStart,
  runEnd,
  now,
  selectedId,
  onSelect,
}: {
  readonly activityRuns: readonly ActivityRun[];
  readonly runStart: string | undefined;
  readonly runEnd: string | null | undefined;
  readonly now: number;
  readonly selectedId: string | undefined;
  onSelect(activityRunId: string): void;
}) {
  const [shown, setShown] = useState<string | undefined>(undefined);
  const layout = ganttLayout(activityRuns.map(toGanttRun), { now, runStart, runEnd });
  if (layout.rows.length === 0) return <p className="muted">No activity has run yet.</p>;
  return (
    <div className="gantt" aria-label="Gantt chart">
      <div className="gantt-axis" aria-hidden="true">
        <div className="gantt-label-column" />
        <div className="gantt-track">
          {layout.ticks.map((tick) => (
            <span key={tick.ms} className="gantt-tick" style={{ left: `${tick.left * 100}%` }}>
              {tick.label}
            </span>
          ))}
        </div>
      </div>
      <ul className="gantt-rows">
        {layout.rows.map((row) => (
          <li
            key={row.activityRunId}
            className={row.activityRunId === selectedId ? 'gantt-row selected' : 'gantt-row'}
          >
            <div className="gantt-label-column" style={{ paddingLeft: `${row.depth * 16 + 4}px` }}>
              <span className="gantt-name">{row.activityName}</span>
              {row.detail === '' ? null : <span className="muted small"> {row.detail}</span>}
              {row.attempt > 1 ? (
                <span className="muted small"> · attempt {row.attempt}</span>
              ) : null}
            </div>
            <div className="gantt-track">
              {layout.ticks.map((tick) => (
                <span
                  key={tick.ms}
                  className="gantt-gridline"
                  style={{ left: `${tick.left * 100}%` }}
                  aria-hidden="true"
                />
              ))}
              <button
                type="button"
                className={`gantt-bar tone-bar-${statusTone(row.status)}${row.running ? ' running' : ''}`}
                style={{ left: `${row.left * 100}%`, width: `${row.width * 100}%` }}
                aria-label={barLabel(row)}
                aria-pressed={row.activityRunId === selectedId}
                onClick={() => onSelect(row.activityRunId)}
                onMouseEnter={() => setShown(row.activityRunId)}
                onMouseLeave={() => setShown(undefined)}
                onFocus={() => setShown(row.activityRunId)}
                onBlur={() => setShown(undefined)}
              />
              <span
                className="gantt-duration"
                style={{ left: `${(row.left + row.width) * 100}%` }}
                aria-hidden="true"
              >
                {formatOffset(row.endMs - row.startMs)}
              </span>
              {shown === row.activityRunId ? <BarTip row={row} /> : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function toGanttRun(run: ActivityRun): GanttActivityRun {
  return {
    activityRunId: run.activityRunId,
    activityName: run.activityName,
    activityType: run.activityType,
    status: run.status,
    ...(typeof run['scope'] === 'string' ? { scope: run['scope'] } : {}),
    ...(typeof run['attempt'] === 'number' ? { attempt: run['attempt'] } : {}),
    ...(run.activityRunStart === undefined ? {} : { activityRunStart: run.activityRunStart }),
    activityRunEnd: run.activityRunEnd ?? null,
  };
}

function barLabel(row: GanttRow): string {
  const where = row.detail === '' ? '' : ` (${row.detail})`;
  const attempt = row.attempt > 1 ? `, attempt ${row.attempt}` : '';
  const end = row.running
    ? 'still running'
    : `ended ${formatInstant(new Date(row.endMs).toISOString())}`;
  return `${row.activityName}${where}${attempt}: ${row.status}, started ${formatInstant(new Date(row.startMs).toISOString())}, ${end}, ${formatDuration(row.endMs - row.startMs)}`;
}

function BarTip({ row }: { readonly row: GanttRow }) {
  return (
    <div
      className="gantt-tip"
      role="tooltip"
      style={
        row.left > 0.6 ? { right: `${(1 - row.left) * 100}%` } : { left: `${row.left * 100}%` }
      }
    >
      <strong>{row.activityName}</strong> {row.status}
      <br />
      Start {formatInstant(new Date(row.startMs).toISOString())}
      <br />
      {row.running
        ? 'Running for'
        : `End ${formatInstant(new Date(row.endMs).toISOString())} ·`}{' '}
      {formatDuration(row.endMs - row.startMs)}
    </div>
  );
}
