import { useId } from 'react';
import { RUN_STATUS_FILTERS, type RunStatusFilter } from './run-filters.js';

/** The "Status" choice of a runs list: any, queued or running, or one end. */
export function RunStatusSelect({
  value,
  onChange,
}: {
  readonly value: RunStatusFilter;
  onChange(value: RunStatusFilter): void;
}) {
  const id = useId();
  return (
    <label className="ml-inline-label" htmlFor={id}>
      Status
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value as RunStatusFilter)}
      >
        {Object.entries(RUN_STATUS_FILTERS).map(([key, { label }]) => (
          <option key={key} value={key}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
