import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { listResources } from '../api/factory-api.js';
import { SearchableTable } from '../ui/SearchableTable.js';
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

  return (
    <section className="resource-page">
      <h1>Datasets</h1>
      <p className="muted small">
        Named views of data in a linked service’s store. Read-only here: change them in the
        factory’s files (<code>dataset/*.json</code>) or through the API.
      </p>
      <SearchableTable
        plural="datasets"
        singular="dataset"
        label="Datasets"
        query={datasets}
        allRowCount={allRows.length}
        rows={filterRows(allRows, search)}
        search={search}
        onSearchChange={setSearch}
        searchPlaceholder="Search by name, type, linked service or folder"
        searchClassName="resource-search"
        columns={[
          { header: 'Type', cell: (row) => row.type },
          {
            header: 'Linked service',
            cell: (row) =>
              row.linkedService === '' ? (
                <span className="muted">—</span>
              ) : (
                <Link
                  to={`/factories/${encodeURIComponent(factory)}/linkedservices/${encodeURIComponent(row.linkedService)}`}
                >
                  {row.linkedService}
                </Link>
              ),
          },
          {
            header: 'Folder',
            cell: (row) => (row.folder === '' ? <span className="muted">—</span> : row.folder),
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
