import { useId } from 'react';

/** The "Filter" search box of a list page, filtering by name as the user types. */
export function NameFilter({
  value,
  onChange,
  placeholder,
}: {
  readonly value: string;
  onChange(value: string): void;
  /** What is being filtered, e.g. `Experiment name`. */
  readonly placeholder: string;
}) {
  const id = useId();
  return (
    <label className="ml-inline-label" htmlFor={id}>
      Filter
      <input
        id={id}
        type="search"
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}
