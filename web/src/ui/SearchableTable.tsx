import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from './ErrorMessage.js';
import { Loading } from './Loading.js';

/** One column after the Name column of a {@link SearchableTable}. */
export interface TableColumn<Row> {
  readonly header: ReactNode;
  /** Class of the header cell, e.g. `numeric`. (Default: none) */
  readonly headerClassName?: string;
  /** Class of the body cells. (Default: none) */
  readonly className?: string;
  cell(row: Row): ReactNode;
}

/**
 * A factory's list page below its heading: a search box, the list query's loading and error
 * states, and a table whose first column links each row by name to its own page. The caller owns
 * the search text and filters the rows, so each list keeps its own matching rules.
 */
export function SearchableTable<Row extends { readonly name: string }>({
  plural,
  singular,
  label,
  query,
  allRowCount,
  rows,
  columns,
  search,
  onSearchChange,
  searchPlaceholder,
  searchClassName,
  toolbarEnd,
  empty,
}: {
  /** Lower-case plural for the search box's and the loading message's wording, e.g. `datasets`. */
  readonly plural: string;
  /** Lower-case singular for the empty and no-match messages, e.g. `dataset`. */
  readonly singular: string;
  /** The table's accessible name, e.g. `Datasets`. */
  readonly label: string;
  readonly query: { readonly isPending: boolean; readonly error: unknown; readonly data: unknown };
  /** How many rows there are before searching: none shows `empty` instead of the table. */
  readonly allRowCount: number;
  readonly rows: readonly Row[];
  readonly columns: readonly TableColumn<Row>[];
  readonly search: string;
  onSearchChange(search: string): void;
  readonly searchPlaceholder: string;
  readonly searchClassName: string;
  /** Controls at the toolbar's end, after a spacer. (Default: none) */
  readonly toolbarEnd?: ReactNode;
  /** What an empty factory shows. (Default: "This factory has no {singular}.") */
  readonly empty?: ReactNode;
}) {
  return (
    <>
      <div className="toolbar">
        <input
          type="search"
          aria-label={`Search ${plural}`}
          placeholder={searchPlaceholder}
          value={search}
          onChange={(event) => onSearchChange(event.target.value)}
          className={searchClassName}
        />
        {toolbarEnd === undefined ? null : (
          <>
            <span className="spacer" />
            {toolbarEnd}
          </>
        )}
      </div>
      {query.isPending ? <Loading what={plural} /> : null}
      {query.error ? <ErrorMessage error={query.error} title={`Could not list ${plural}`} /> : null}
      {query.data === undefined ? null : allRowCount === 0 ? (
        <p className="info-box">{empty ?? `This factory has no ${singular}.`}</p>
      ) : (
        <table className="data" aria-label={label}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              {columns.map((column, index) => (
                <th key={index} scope="col" className={column.headerClassName}>
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name}>
                <td>
                  <Link to={encodeURIComponent(row.name)}>{row.name}</Link>
                </td>
                {columns.map((column, index) => (
                  <td key={index} className={column.className}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length + 1} className="muted">
                  No {singular} matches “{search}”.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      )}
    </>
  );
}
