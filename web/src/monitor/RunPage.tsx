/**
 * `/factories/:factory/runs/:runId`: one pipeline run, live until it ends. The header (facts,
 * Cancel, Rerun, Rerun from failure), the pipeline canvas with each activity's latest status, and
 * below it the activity runs as a table or a Gantt chart (`?view=gantt`); the selected activity
 * run (`?activity=`, from the table, the chart or the canvas) shows its input, output and error.
 */
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { ActivityRun } from '../api/factory-api.js';
import { PipelineCanvas } from '../canvas/PipelineCanvas.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { ActivityRunDetails } from './ActivityRunDetails.js';
import { ActivityRunsTable } from './ActivityRunsTable.js';
import { GanttChart } from './GanttChart.js';
import { LiveIndicator } from './LiveIndicator.js';
import { runsPath } from './monitor-paths.js';
import { RunHeader } from './RunHeader.js';
import { activityMarks } from './run-detail.js';
import { isTerminalStatus } from './run-statuses.js';
import { useNow } from './use-now.js';
import { useRunData } from './use-run-data.js';
import './monitor.css';

const Views = { list: 'list', gantt: 'gantt' } as const;
type View = (typeof Views)[keyof typeof Views];

export function RunPage() {
  const params = useParams();
  const factory = params['factory'] ?? '';
  const runId = params['runId'] ?? '';
  const [search, setSearch] = useSearchParams();
  const view: View = search.get('view') === Views.gantt ? Views.gantt : Views.list;
  const { run, activityRuns, streamState, activities, pipelineError } = useRunData(factory, runId);
  const going = run.data !== undefined && !isTerminalStatus(run.data.status);
  const now = useNow(going);
  const runs = useMemo(() => activityRuns.data ?? [], [activityRuns.data]);
  const selected = selectedRun(runs, search);
  const marks = useMemo(() => activityMarks(runs, now), [runs, now]);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) next.delete(key);
      else next.set(key, value);
    }
    setSearch(next, { replace: true });
  };
  const selectRun = (activityRunId: string) =>
    update({ activity: activityRunId, activityName: undefined });
  const selectActivity = (name: string | undefined) => {
    const latest = latestRunOf(runs, name);
    update(
      latest === undefined
        ? { activity: undefined, activityName: name }
        : { activity: latest.activityRunId, activityName: undefined },
    );
  };

  if (run.isPending) return <Loading what="the run" />;
  if (run.error !== null)
    return (
      <section>
        <p>
          <Link to={runsPath(factory)}>← Pipeline runs</Link>
        </p>
        <ErrorMessage error={run.error} title={`Run ${runId}`} />
      </section>
    );
  const selectedName = selected?.activityName ?? search.get('activityName') ?? undefined;

  return (
    <section className="run-page">
      <nav className="breadcrumbs small" aria-label="Breadcrumbs">
        <Link to={runsPath(factory)}>Pipeline runs</Link> <span aria-hidden="true">›</span>{' '}
        <span className="mono">{run.data.runId}</span>
        <LiveIndicator state={streamState} />
      </nav>
      <RunHeader factory={factory} run={run.data} now={now} />
      <div className={activities === undefined ? 'run-body without-canvas' : 'run-body'}>
        <div className="run-canvas" role="region" aria-label="Pipeline">
          {activities === undefined ? (
            pipelineError === null ? (
              <Loading what="the pipeline" />
            ) : (
              <p className="muted canvas-unavailable">
                {`The pipeline this run executed could not be read (${errorText(pipelineError)}), so the canvas cannot be drawn.`}{' '}
                The activity runs below are complete.
              </p>
            )
          ) : (
            <PipelineCanvas
              activities={activities}
              readOnly
              statuses={marks}
              {...(selectedName === undefined ? {} : { selected: selectedName })}
              onSelect={selectActivity}
            />
          )}
        </div>
        <aside className="run-side" aria-label="Selected activity run">
          {selected === undefined ? (
            <p className="muted">
              {selectedName === undefined
                ? 'Select an activity run (in the table, the Gantt chart or the canvas) to see its input, output and error.'
                : `${selectedName} has not run (yet).`}
            </p>
          ) : (
            <ActivityRunDetails factory={factory} run={selected} now={now} />
          )}
        </aside>
        <div className="run-activities">
          <div className="tabs" role="tablist" aria-label="Activity runs view">
            {(
              [
                [Views.list, 'Activity runs'],
                [Views.gantt, 'Gantt'],
              ] as const
            ).map(([candidate, label]) => (
              <button
                key={candidate}
                type="button"
                role="tab"
                aria-selected={view === candidate}
                className={view === candidate ? 'tab active' : 'tab'}
                onClick={() => update({ view: candidate === Views.list ? undefined : candidate })}
              >
                {label}
                {candidate === Views.list && runs.length > 0 ? (
                  <span className="count">{runs.length}</span>
                ) : null}
              </button>
            ))}
          </div>
          <div role="tabpanel" aria-label={view === Views.gantt ? 'Gantt' : 'Activity runs'}>
            {activityRuns.isPending ? <Loading what="activity runs" /> : null}
            {activityRuns.error === null ? null : <ErrorMessage error={activityRuns.error} />}
            {view === Views.gantt ? (
              <GanttChart
                activityRuns={runs}
                runStart={run.data.runStart}
                runEnd={run.data.runEnd}
                now={now}
                selectedId={selected?.activityRunId}
                onSelect={selectRun}
              />
            ) : (
              <ActivityRunsTable
                factory={factory}
                activityRuns={runs}
                now={now}
                selectedId={selected?.activityRunId}
                onSelect={selectRun}
              />
            )}
          </div>
        </div>
      </div>
    </section>
  );
}

function selectedRun(
  runs: readonly ActivityRun[],
  search: URLSearchParams,
): ActivityRun | undefined {
  const id = search.get('activity');
  return id === null ? undefined : runs.find((run) => run.activityRunId === id);
}

/** The latest activity run of an activity (the canvas selects activities, not attempts). */
function latestRunOf(runs: readonly ActivityRun[], name: string | undefined) {
  if (name === undefined) return undefined;
  return runs
    .filter((run) => run.activityName === name)
    .reduce<ActivityRun | undefined>(
      (latest, run) =>
        latest === undefined || (run.activityRunStart ?? '') >= (latest.activityRunStart ?? '')
          ? run
          : latest,
      undefined,
    );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
