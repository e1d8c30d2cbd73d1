import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { listResources } from '../api/factory-api.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { filterRows, linkedServiceRow, typeLabel } from './resource-rows.js';
import './resources.css';

/** `/factories/:factory/linkedservices`: the factory's linked services, searchable, read-only. */
export function LinkedServiceListPage() {
  const factory = useParams()['factory'] ?? '';
  const [search, setSearch] = useState('');
  const services = useQuery({
    queryKey: ['resources', factory, 'linkedservices'],
    queryFn: () => listResources(factory, 'linkedservices'),
  });
  const allRows = useMemo(() => (services.data ?? []).map(linkedServiceRow), [services.data]);
  const rows = filterRows(allRows, search);

  return (
    <section className="resource-page">
      <h1>Linked services</h1>
      <p className="muted small">
        Connections the factory’s activities and datasets use. Read-only here: change them in the
        factory’s files (<code>linkedService/*.json</code>) or through the API.
      </p>
      <div className="toolbar">
        <input
          type="search"
          aria-label="Search linked services"
          placeholder="Search by name, type or description"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          className="resource-search"
        />
      </div>
      {services.isPending ? <Loading what="linked services" /> : null}
      {services.error ? (
        <ErrorMessage error={services.error} title="Could not list linked services" />
      ) : null}
      {services.data === undefined ? null : allRows.length === 0 ? (
        <p className="info-box">This factory has no linked service.</p>
      ) : (
        <table className="data" aria-label="Linked services">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Connect via</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name}>
                <td>
                  <Link to={encodeURIComponent(row.name)}>{row.name}</Link>
                </td>
                <td>
                  {typeLabel(row.type)}
                  {typeLabel(row.type) === row.type ? null : (
                    <div className="muted small mono">{row.type}</div>
                  )}
                </td>
                <td>
                  {row.connectVia === '' ? (
                    <span className="muted">Default runtime</span>
                  ) : (
                    row.connectVia
                  )}
                </td>
                <td className="resource-description">{row.description}</td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  No linked service matches “{search}”.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      )}
    </section>
  );
}
