import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  ACTIVITY_PALETTE,
  CATEGORY_KEYS,
  PALETTE_CATEGORIES,
  type PaletteEntry,
} from './activity-palette.js';
import { listIdOf, type ListLocation, type NamedList } from './activity-tree.js';

export interface AddActivityDialogProps {
  readonly lists: readonly NamedList[];
  /** The list new activities go to, until the user picks another. */
  readonly initialTarget: ListLocation;
  onAdd(type: string, target: ListLocation): void;
  onClose(): void;
}

/** Data Factory Studio's Activities pane as a dialog: search, pick where, pick a type. */
export function AddActivityDialog({
  lists,
  initialTarget,
  onAdd,
  onClose,
}: AddActivityDialogProps) {
  const [query, setQuery] = useState('');
  const [targetId, setTargetId] = useState(listIdOf(initialTarget));
  const search = useRef<HTMLInputElement>(null);
  const searchId = useId();
  const targetSelectId = useId();
  useEffect(() => {
    search.current?.focus();
  }, []);
  const matches = useMemo(() => {
    const words = query.trim().toLowerCase();
    return ACTIVITY_PALETTE.filter(
      (entry) =>
        words === '' ||
        entry.label.toLowerCase().includes(words) ||
        entry.type.toLowerCase().includes(words),
    );
  }, [query]);
  const target =
    lists.find((list) => listIdOf(list.location) === targetId)?.location ?? initialTarget;
  const add = (entry: PaletteEntry) => onAdd(entry.type, target);
  return (
    <div
      role="dialog"
      aria-label="Add activity"
      className="canvas-palette nowheel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="canvas-palette-fields">
        <label htmlFor={searchId} className="canvas-palette-field">
          Search activities
          <input
            id={searchId}
            ref={search}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              const first = matches[0];
              if (event.key === 'Enter' && first !== undefined) {
                event.preventDefault();
                add(first);
              }
            }}
          />
        </label>
        <label htmlFor={targetSelectId} className="canvas-palette-field">
          Add to
          <select
            id={targetSelectId}
            value={targetId}
            onChange={(event) => setTargetId(event.target.value)}
          >
            {lists.map((list) => (
              <option key={listIdOf(list.location)} value={listIdOf(list.location)}>
                {list.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="canvas-palette-groups">
        {PALETTE_CATEGORIES.map((category) => {
          const entries = matches.filter((entry) => entry.category === category);
          if (entries.length === 0) return null;
          return (
            <section key={category} aria-label={category}>
              <h3>{category}</h3>
              <ul>
                {entries.map((entry) => (
                  <li key={entry.type}>
                    <button
                      type="button"
                      className="canvas-palette-item"
                      onClick={() => add(entry)}
                    >
                      <span
                        className={`canvas-activity-icon small category-${CATEGORY_KEYS[category]}`}
                        aria-hidden="true"
                      >
                        {entry.icon}
                      </span>
                      {entry.label}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
        {matches.length === 0 && <p className="muted">No activity type matches “{query}”.</p>}
      </div>
      <div className="canvas-palette-footer">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
