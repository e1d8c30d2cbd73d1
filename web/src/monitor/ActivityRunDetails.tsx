/**
 * One activity run in full: its status and times, the ML run or child pipeline run it started,
 * its error (code, message, failure type, target), and its input and output as formatted JSON
 * (secure ones stay masked).
 */
import { useState } from 'react';
import { Link } from 'react-router';
import type { ActivityRun } from '../api/factory-api.js';
import { formatDuration, formatInstant } from '../ui/format.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { JsonView } from './JsonView.js';
import { runPath } from './monitor-paths.js';
import { childRunOf, durationOf, mlRunOf, mlRunPath, type MlRunSummary } from './run-detail.js';

const Sections = ['Input', 'Output', 'Error'] as const;
type Section = (typeof Sections)[number];

export function ActivityRunDetails({
  factory,
  run,
  now,
}: {
  readonly factory: string;
  readonly run: ActivityRun;
  readonly now: number;
}) {
  const hasError = run.error !== undefined && run.error !== null && run.error.message !== undefined;
  const sections = Sections.filter((section) => section !== 'Error' || hasError);
  const preferred: Section = hasError
    ? 'Error'
    : run.output === undefined || run.output === null
      ? 'Input'
      : 'Output';
  const [chosen, setChosen] = useState<{ runId: string; section: Section } | undefined>(undefined);
  const section =
    chosen?.runId === run.activityRunId && sections.includes(chosen.section)
      ? chosen.section
      : preferred;
  const mlRun = mlRunOf(run);
  const child = childRunOf(run);
  const attempt = typeof run['attempt'] === 'number' ? run['attempt'] : 1;

  return (
    <article className="activity-details" aria-label={`Activity run ${run.activityName}`}>
      <header>
        <h2>
          {run.activityName} <StatusBadge status={run.status} />
        </h2>
        <p className="muted small">
          {run.activityType}
          {attempt > 1 ? ` · attempt ${attempt}` : ''} · started{' '}
          {formatInstant(run.activityRunStart)} · {formatDuration(durationOf(run, now))}
        </p>
      </header>
      {mlRun === undefined ? null : <MlRunBox mlRun={mlRun} />}
      {child === undefined ? null : (
        <p className="link-box">
          Started pipeline run{' '}
          <Link to={runPath(factory, child.runId)}>
            {child.pipelineName ?? 'child run'} <span className="mono small">{child.runId}</span>
          </Link>
        </p>
      )}
      <div className="tabs small-tabs" role="tablist" aria-label="Activity run data">
        {sections.map((candidate) => (
          <button
            key={candidate}
            type="button"
            role="tab"
            id={`activity-tab-${candidate}`}
            aria-selected={candidate === section}
            aria-controls="activity-tab-panel"
            className={candidate === section ? 'tab active' : 'tab'}
            onClick={() => setChosen({ runId: run.activityRunId, section: candidate })}
          >
            {candidate}
          </button>
        ))}
      </div>
      <div id="activity-tab-panel" role="tabpanel" aria-labelledby={`activity-tab-${section}`}>
        {section === 'Error' && run.error !== undefined && run.error !== null ? (
          <ErrorDetails error={run.error} />
        ) : section === 'Output' ? (
          <JsonView key={`${run.activityRunId}-output`} value={run.output} label="Output" />
        ) : (
          <JsonView key={`${run.activityRunId}-input`} value={run.input} label="Input" />
        )}
      </div>
    </article>
  );
}

function ErrorDetails({ error }: { readonly error: NonNullable<ActivityRun['error']> }) {
  return (
    <dl className="error-details">
      <dt>Code</dt>
      <dd className="mono">{error.errorCode ?? '—'}</dd>
      <dt>Message</dt>
      <dd className="error-message">{error.message ?? '—'}</dd>
      <dt>Failure type</dt>
      <dd>{error.failureType ?? '—'}</dd>
      <dt>Target</dt>
      <dd>{error.target ?? '—'}</dd>
    </dl>
  );
}

function MlRunBox({ mlRun }: { readonly mlRun: MlRunSummary }) {
  return (
    <section className="ml-run-box" aria-label="ML run">
      <div className="ml-run-head">
        <strong>Azure ML pipeline run</strong>
        {mlRun.status === undefined ? null : <StatusBadge status={mlRun.status} />}
        <span className="spacer" />
        <Link className="button primary" to={mlRunPath(mlRun.runId)}>
          Open ML run
        </Link>
      </div>
      <p className="ml-run-id">
        <span className="mono small">{mlRun.runId}</span>
        {mlRun.experimentName === undefined ? null : (
          <span className="muted small"> · experiment {mlRun.experimentName}</span>
        )}
      </p>
      {mlRun.steps.length === 0 ? null : (
        <table className="data compact">
          <caption className="visually-hidden">ML steps</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Status</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {mlRun.steps.map((step) => (
              <tr key={step.name}>
                <td>{step.name}</td>
                <td>
                  <StatusBadge status={step.status} />
                  {step.reused ? <span className="muted small"> reused</span> : null}
                </td>
                <td>{formatDuration(step.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
