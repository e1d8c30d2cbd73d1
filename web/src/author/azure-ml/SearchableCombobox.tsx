/**
 * A text box that filters a list as the user types (ARIA 1.2 combobox with a listbox popup):
 * ArrowDown / ArrowUp open the list and move through it, Enter chooses, Escape closes it,
 * Home / End jump to the ends; the mouse works too. For lists of dozens of ML pipelines where a
 * bare select would be slow to search.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { filterOptions, moveActive, type ComboboxOption } from './combobox-model.js';

export interface SearchableComboboxProps<T extends ComboboxOption> {
  readonly label: string;
  readonly options: readonly T[];
  /** The chosen option's value (`undefined`: none). */
  readonly value: string | undefined;
  onSelect(option: T): void;
  readonly placeholder?: string;
  /** How an option looks in the list. (Default: its label and details) */
  readonly renderOption?: (option: T) => ReactNode;
  /** What the list says when nothing matches. (Default: 'Nothing matches.') */
  readonly emptyText?: string;
  readonly describedBy?: string;
  readonly invalid?: boolean;
  readonly id?: string;
}

export function SearchableCombobox<T extends ComboboxOption>({
  label,
  options,
  value,
  onSelect,
  placeholder,
  renderOption,
  emptyText = 'Nothing matches.',
  describedBy,
  invalid = false,
  id,
}: SearchableComboboxProps<T>) {
  const generated = useId();
  const inputId = id ?? `combobox-${generated}`;
  const listId = `${inputId}-list`;
  const optionId = (index: number) => `${inputId}-option-${index}`;
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState<string | undefined>(undefined);
  const [active, setActive] = useState(-1);
  const list = useRef<HTMLUListElement>(null);

  const selected = options.find((option) => option.value === value);
  const shown = filterOptions(options, query ?? '');

  useEffect(() => {
    if (!open || active < 0) return;
    list.current
      ?.querySelector<HTMLElement>(`#${CSS.escape(`${inputId}-option-${active}`)}`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [open, active, inputId]);

  const openList = (highlight: number) => {
    setOpen(true);
    setActive(highlight);
  };
  const close = () => {
    setOpen(false);
    setQuery(undefined);
    setActive(-1);
  };
  const choose = (option: T) => {
    onSelect(option);
    close();
  };
  const selectedIndex = selected === undefined ? -1 : shown.indexOf(selected);

  return (
    <div className="combobox">
      <label htmlFor={inputId} className="combobox-label">
        {label}
      </label>
      <div className="combobox-control">
        <input
          id={inputId}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-invalid={invalid}
          {...(describedBy === undefined ? {} : { 'aria-describedby': describedBy })}
          {...(open && active >= 0 ? { 'aria-activedescendant': optionId(active) } : {})}
          value={query ?? selected?.label ?? ''}
          placeholder={placeholder}
          onChange={(event) => {
            setQuery(event.target.value);
            openList(filterOptions(options, event.target.value).length > 0 ? 0 : -1);
          }}
          onClick={() => {
            if (!open) openList(selectedIndex);
          }}
          onBlur={close}
          onKeyDown={(event) => {
            switch (event.key) {
              case 'ArrowDown':
              case 'ArrowUp': {
                event.preventDefault();
                const delta = event.key === 'ArrowDown' ? 1 : -1;
                if (!open)
                  openList(
                    selectedIndex >= 0 ? selectedIndex : moveActive(-1, delta, shown.length),
                  );
                else setActive(moveActive(active, delta, shown.length));
                return;
              }
              case 'Home':
              case 'End':
                if (!open || shown.length === 0) return;
                event.preventDefault();
                setActive(event.key === 'Home' ? 0 : shown.length - 1);
                return;
              case 'Enter': {
                const option = open && active >= 0 ? shown[active] : undefined;
                if (option === undefined) return;
                event.preventDefault();
                choose(option);
                return;
              }
              case 'Escape':
                if (!open && query === undefined) return;
                // The list closes; a dialog around it stays open.
                event.preventDefault();
                event.stopPropagation();
                close();
                return;
            }
          }}
        />
        <button
          type="button"
          className="combobox-toggle"
          tabIndex={-1}
          aria-label={`${open ? 'Hide' : 'Show'} the list: ${label}`}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => {
            if (open) close();
            else {
              document.getElementById(inputId)?.focus();
              openList(selectedIndex);
            }
          }}
        >
          ▾
        </button>
      </div>
      <ul
        id={listId}
        ref={list}
        role="listbox"
        aria-label={label}
        className="combobox-list"
        hidden={!open}
      >
        {shown.length === 0 ? (
          <li className="combobox-empty muted" role="presentation">
            {emptyText}
          </li>
        ) : (
          shown.map((option, index) => (
            <li
              key={option.value}
              id={optionId(index)}
              role="option"
              aria-selected={option.value === value}
              className={index === active ? 'combobox-option active' : 'combobox-option'}
              // Keeps the focus in the text box, so that the click chooses before blur closes.
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => {
                if (index !== active) setActive(index);
              }}
              onClick={() => choose(option)}
            >
              {renderOption === undefined ? (
                <>
                  <span>{option.label}</span>{' '}
                  <span className="muted small">{option.details.join(' · ')}</span>
                </>
              ) : (
                renderOption(option)
              )}
            </li>
          ))
        )}
      </ul>
    </div>
  );
}
