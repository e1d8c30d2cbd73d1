/** The runs list's filters: time window (or a custom range), statuses, pipelines. */
import { useState } from 'react';
import type { FactoryResource } from '../api/factory-api.js';
import {
  isoFromLocalInput,
  localInputValue,
  RelativeWindows,
  TIME_WINDOWS,
  type RunListFilter,
  type TimeWindow,
} from './run-filters.js';
import { PipelineRunStatuses } from './run-statuses.js';

export function RunFilterBar({
  filter,
  pipelines,
  onChange,
}: {
  readonly filter: RunListFilter;
  readonly pipelines: readonly FactoryResource[];
  onChange(filter: RunListFilter): void;
}) {
  const pipelineNames = [
    ...new Set([...pipelines.map((pipeline) => pipeline.name), ...filter.pipelines]),
  ];
  return (
    <div className="run-filters" role="group" aria-label="Filters">
      <label className="inline-field">
        <span>Time</span>
        <select
          value={filter.window}
          onChange={(event) => {
            const window = event.target.value as TimeWindow;
            const { from: _from, to: _to, ...rest } = filter;
            onChange(
              window === 'custom'
                ? {
                    ...rest,
                    window,
                    from: new Date(Date.now() - RelativeWindows['24h'].ms).toISOString(),
                  }
                : { ...rest, window },
            );
          }}
        >
          {TIME_WINDOWS.map((window) => (
            <option key={window} value={window}>
              {window === 'custom' ? 'Custom range' : RelativeWindows[window].label}
            </option>
          ))}
        </select>
      </label>
      {filter.window === 'custom' ? (
        <>
          <label className="inline-field">
            <span>From</span>
            <input
              type="datetime-local"
              value={localInputValue(filter.from)}
              onChange={(event) => onChange(withRangeEnd(filter, 'from', event.target.value))}
            />
          </label>
          <label className="inline-field">
            <span>To</span>
            <input
              type="datetime-local"
              value={localInputValue(filter.to)}
              onChange={(event) => onChange(withRangeEnd(filter, 'to', event.target.value))}
            />
          </label>
        </>
      ) : null}
      <MultiSelect
        label="Status"
        options={PipelineRunStatuses}
        chosen={filter.statuses}
        onChange={(statuses) =>
          onChange({
            ...filter,
            statuses: PipelineRunStatuses.filter((status) => statuses.includes(status)),
          })
        }
      />
      <MultiSelect
        label="Pipeline"
        options={pipelineNames}
        chosen={filter.pipelines}
        onChange={(chosen) => onChange({ ...filter, pipelines: chosen })}
      />
    </div>
  );
}

function withRangeEnd(filter: RunListFilter, end: 'from' | 'to', text: string): RunListFilter {
  const { [end]: _old, ...rest } = filter;
  const iso = isoFromLocalInput(text);
  return iso === undefined ? rest : { ...rest, [end]: iso };
}

/** A drop-down of checkboxes (native details/summary, so it works with the keyboard). */
function MultiSelect({
  label,
  options,
  chosen,
  onChange,
}: {
  readonly label: string;
  readonly options: readonly string[];
  readonly chosen: readonly string[];
  onChange(chosen: string[]): void;
}) {
  // The URL (the truth) changes in a transition: until it does, the boxes show the user's choice.
  const [shown, setShown] = useState({ from: chosen, value: chosen });
  if (shown.from !== chosen) setShown({ from: chosen, value: chosen });
  const current = shown.from === chosen ? shown.value : chosen;
  const choose = (next: string[]) => {
    setShown({ from: chosen, value: next });
    onChange(next);
  };
  const summary =
    current.length === 0
      ? 'Any'
      : current.length <= 2
        ? current.join(', ')
        : `${current.length} chosen`;
  return (
    <details className="multi-select">
      <summary aria-label={`${label}: ${summary}`}>
        <span className="muted">{label}:</span> {summary}
      </summary>
      <div className="multi-select-menu" role="group" aria-label={label}>
        {options.length === 0 ? <span className="muted small">None</span> : null}
        {options.map((option) => (
          <label key={option} className="check">
            <input
              type="checkbox"
              checked={current.includes(option)}
              onChange={(event) =>
                choose(
                  event.target.checked
                    ? [...current, option]
                    : current.filter((value) => value !== option),
                )
              }
            />
            {option}
          </label>
        ))}
        {current.length > 0 ? (
          <button type="button" className="link-button" onClick={() => choose([])}>
            Clear
          </button>
        ) : null}
      </div>
    </details>
  );
}
