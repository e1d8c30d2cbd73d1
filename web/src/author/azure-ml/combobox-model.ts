/**
 * The searchable list behind the ML pipeline combobox: which options match what the user typed
 * (every word must appear in the option's name, version, id or note, ignoring case) and where
 * the highlighted option moves on the arrow keys (wrapping around).
 */

export interface ComboboxOption {
  /** The value chosen (a pipeline id, an endpoint id or name). */
  readonly value: string;
  readonly label: string;
  /** Shown beside the label: version, id, status. */
  readonly details: readonly string[];
}

export function filterOptions<T extends ComboboxOption>(
  options: readonly T[],
  query: string,
): readonly T[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length === 0) return options;
  return options.filter((option) => {
    const haystack = [option.label, option.value, ...option.details].join(' ').toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** The next highlighted index; -1 (none) when the list is empty. */
export function moveActive(current: number, delta: number, count: number): number {
  if (count === 0) return -1;
  if (current < 0) return delta > 0 ? 0 : count - 1;
  return (((current + delta) % count) + count) % count;
}
