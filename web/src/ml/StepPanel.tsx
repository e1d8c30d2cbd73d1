import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { formatDuration, formatInstant } from '../ui/format.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { FactsList } from './FactsList.js';
import type { MlRun, StepRun } from './ml-workspace-api.js';
import type { ModelStep } from './pipeline-model.js';
import { elapsedMs, isActive, mlRunPath, shortId } from './run-facts.js';
import { StepError } from './StepError.js';
import { StepLogs } from './StepLogs.js';
import { StepMetrics } from './StepMetrics.js';
import { StepOutputs } from './StepOutputs.js';
import { useNow } from './use-now.js';

export const STEP_TABS = {
  logs: 'Logs',
  metrics: 'Metrics',
  outputs: 'Outputs',
  error: 'Error',
} as const;
export type StepTab = keyof typeof STEP_TABS;
const TAB_ORDER = Object.keys(STEP_TABS) as StepTab[];

export function isStepTab(value: string | null): value is StepTab {
  return value !== null && Object.hasOwn(STEP_TABS, value);
}

/** The tab a step opens on: its error when it failed, else its logs. */
export function defaultStepTab(step: StepRun): StepTab {
  return step.Error !== null ? 'error' : 'logs';
}

export interface StepPanelProps {
  readonly run: MlRun;
  readonly step: StepRun;
  readonly modelStep: ModelStep | undefined;
  /** The tab the URL names; undefined: the step's default when the panel opened. */
  readonly tab: StepTab | undefined;
  readonly onTabChange: (tab: StepTab) => void;
  readonly onClose: () => void;
}

/** The chosen step: what happened to it, then its logs, metrics, outputs and error in tabs. */
export function StepPanel({
  run,
  step,
  modelStep,
  tab: requestedTab,
  onTabChange,
  onClose,
}: StepPanelProps) {
  // Chosen once: a step that fails while it is watched must not pull the reader off its logs.
  const [openingTab] = useState(() => defaultStepTab(step));
  const tab = requestedTab ?? openingTab;
  const baseId = useId();
  const tabs = useRef(new Map<StepTab, HTMLButtonElement>());
  const metricCount = Object.keys(step.Metrics).length;
  const now = useNow(isActive(step.Status));

  function onTabKey(event: KeyboardEvent<HTMLDivElement>) {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    let next: StepTab | undefined;
    if (event.key in moves) {
      const index = TAB_ORDER.indexOf(tab) + (moves[event.key] ?? 0);
      next = TAB_ORDER[(index + TAB_ORDER.length) % TAB_ORDER.length];
    } else if (event.key === 'Home') next = TAB_ORDER[0];
    else if (event.key === 'End') next = TAB_ORDER.at(-1);
    if (next === undefined) return;
    event.preventDefault();
    onTabChange(next);
    tabs.current.get(next)?.focus();
  }

  return (
    <aside
      className="ml-step-panel panel"
      aria-label={`Step ${step.Name}`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <header className="ml-step-panel-header">
        <h2>
          {step.Name} <StatusBadge status={step.Status} />
          {step.Reused ? (
            <span className="ml-reused-badge">
              <span aria-hidden="true">♻</span> Reused
            </span>
          ) : null}
        </h2>
        <button type="button" aria-label="Close step details" onClick={onClose}>
          ✕
        </button>
      </header>
      {step.Reused && step.ReusedFromRunId !== null ? (
        <p className="ml-reused-from small">
          Reused the result of step {step.Name} in run{' '}
          <Link
            to={`${mlRunPath(step.ReusedFromRunId)}?step=${encodeURIComponent(step.Name)}`}
            title={step.ReusedFromRunId}
          >
            <code>{shortId(step.ReusedFromRunId)}</code>
          </Link>
          : nothing ran again.
        </p>
      ) : null}
      <FactsList
        label={`Step ${step.Name} facts`}
        facts={[
          { label: 'Type', value: step.StepType },
          { label: 'Started', value: formatInstant(step.StartTime) },
          {
            label: 'Ended',
            value: step.EndTime === null ? undefined : formatInstant(step.EndTime),
          },
          {
            label: 'Duration',
            value: formatDuration(step.DurationMs ?? elapsedMs(step.StartTime, step.EndTime, now)),
          },
          { label: 'Attempts', value: step.Attempts.length > 1 ? step.Attempts.length : undefined },
          { label: 'Exit code', value: step.ExitCode ?? undefined },
          { label: 'Ran because', value: step.RerunReason ?? undefined },
        ]}
      />
      <div role="tablist" aria-label="Step details" className="ml-tabs" onKeyDown={onTabKey}>
        {TAB_ORDER.map((name) => (
          <button
            key={name}
            ref={(element) => {
              if (element === null) tabs.current.delete(name);
              else tabs.current.set(name, element);
            }}
            type="button"
            role="tab"
            id={`${baseId}-${name}-tab`}
            aria-selected={tab === name}
            aria-controls={`${baseId}-${name}-panel`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => onTabChange(name)}
          >
            {STEP_TABS[name]}
            {name === 'metrics' && metricCount > 0 ? (
              <span className="ml-tab-count">{metricCount}</span>
            ) : null}
            {name === 'error' && step.Error !== null ? (
              <span className="ml-tab-count tone-failure" aria-label="(has an error)">
                !
              </span>
            ) : null}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${baseId}-${tab}-panel`}
        aria-labelledby={`${baseId}-${tab}-tab`}
        className="ml-tab-panel"
      >
        {tab === 'logs' ? <StepLogs runId={run.Id} step={step} /> : null}
        {tab === 'metrics' ? <StepMetrics run={run} step={step} /> : null}
        {tab === 'outputs' ? <StepOutputs run={run} step={step} modelStep={modelStep} /> : null}
        {tab === 'error' ? <StepError step={step} /> : null}
      </div>
    </aside>
  );
}
