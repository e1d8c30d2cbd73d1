import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { listResources } from '../api/factory-api.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { datasetRow, filterRows } from './resource-rows.js';
import './resources.css';

/** `/factories/:factory/datasets`: the factory's datasets, searchable, read-only. */
export function DatasetListPage() {
  const factory = useParams()['factory'] ?? '';
  const [search, setSearch] = useState('');
  const datasets = useQuery({
    queryKey: ['resources', factory, 'datasets'],
    queryFn: () => listResources(factory, 'datasets'),
  });
  const allRows = useMemo(() => (datasets.data ?? []).map(datasetRow), [datasets.data]);
  const rows = filterRows(allRows, search);

  return (
    <section className="resource-page">
      <h1>Datasets</h1>
      <p className="muted small">
        Named views of data in a linked service’s store. Read-only here: change them in the
        factory’s files (<code>dataset/*.json</code>) or through the API.
      </p>
      <div className="toolbar">
        <input
          type="search"
          aria-label="Search datasets"
          placeholder="Search by name, type, linked service or folder"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          className="resource-search"
        />
      </div>
      {datasets.isPending ? <Loading what="datasets" /> : null}
      {datasets.error ? (
        <ErrorMessage error={datasets.error} title="Could not list datasets" />
      ) : null}
      {datasets.data === undefined ? null : allRows.length === 0 ? (
        <p className="info-box">This factory has no dataset.</p>
      ) : (
        <table className="data" aria-label="Datasets">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Linked service</th>
              <th scope="col">Folder</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name}>
                <td>
                  <Link to={encodeURIComponent(row.name)}>{row.name}</Link>
                </td>
                <td>{row.type}</td>
                <td>
                  {row.linkedService === '' ? (
                    <span className="muted">—</span>
                  ) : (
                    <Link
                      to={`/factories/${encodeURIComponent(factory)}/linkedservices/${encodeURIComponent(row.linkedService)}`}
                    >
                      {row.linkedService}
                    </Link>
                  )}
                </td>
                <td>{row.folder === '' ? <span className="muted">—</span> : row.folder}</td>
                <td className="resource-description">{row.description}</td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">
                  No dataset matches “{search}”.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      )}
    </section>
  );
}
