import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { listResources } from '../api/factory-api.js';
import { SearchableTable } from '../ui/SearchableTable.js';
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

  return (
    <section className="resource-page">
      <h1>Linked services</h1>
      <p className="muted small">
        Connections the factory’s activities and datasets use. Read-only here: change them in the
        factory’s files (<code>linkedService/*.json</code>) or through the API.
      </p>
      <SearchableTable
        plural="linked services"
        singular="linked service"
        label="Linked services"
        query={services}
        allRowCount={allRows.length}
        rows={filterRows(allRows, search)}
        search={search}
        onSearchChange={setSearch}
        searchPlaceholder="Search by name, type or description"
        searchClassName="resource-search"
        columns={[
          {
            header: 'Type',
            cell: (row) => (
              <>
                {typeLabel(row.type)}
                {typeLabel(row.type) === row.type ? null : (
                  <div className="muted small mono">{row.type}</div>
                )}
              </>
            ),
          },
          {
            header: 'Connect via',
            cell: (row) =>
              row.connectVia === '' ? (
                <span className="muted">Default runtime</span>
              ) : (
                row.connectVia
              ),
          },
          {
            header: 'Description',
            className: 'resource-description',
            cell: (row) => row.description,
          },
        ]}
      />
    </section>
  );
}
