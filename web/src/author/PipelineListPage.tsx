import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { listResources } from '../api/factory-api.js';
import { SearchableTable } from '../ui/SearchableTable.js';
import { pipelinesQueryKey } from './author-api.js';
import { DeletePipelineDialog } from './DeletePipelineDialog.js';
import { NewPipelineDialog } from './NewPipelineDialog.js';
import { filterPipelineRows, pipelineRow } from './pipeline-list.js';
import './author.css';

/** `/factories/:factory/pipelines`: the factory's pipelines, searchable; create and delete. */
export function PipelineListPage() {
  const factory = useParams()['factory'] ?? '';
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<string>();
  const pipelines = useQuery({
    queryKey: pipelinesQueryKey(factory),
    queryFn: () => listResources(factory, 'pipelines'),
  });
  const allRows = useMemo(() => (pipelines.data ?? []).map(pipelineRow), [pipelines.data]);
  const rows = useMemo(() => filterPipelineRows(allRows, search), [allRows, search]);

  return (
    <section className="pipeline-list">
      <h1>Pipelines</h1>
      <SearchableTable
        plural="pipelines"
        singular="pipeline"
        label="Pipelines"
        query={pipelines}
        allRowCount={allRows.length}
        rows={rows}
        search={search}
        onSearchChange={setSearch}
        searchPlaceholder="Search by name, folder or description"
        searchClassName="pipeline-search"
        toolbarEnd={
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New pipeline
          </button>
        }
        empty={
          <>
            This factory has no pipeline yet. Create one with <strong>New pipeline</strong>.
          </>
        }
        columns={[
          {
            header: 'Folder',
            cell: (row) => (row.folder === '' ? <span className="muted">—</span> : row.folder),
          },
          {
            header: 'Activities',
            headerClassName: 'numeric',
            className: 'numeric',
            cell: (row) => (
              <>
                {row.activityCount}
                {row.totalActivityCount > row.activityCount ? (
                  <span className="muted small" title="Nested activities included">
                    {' '}
                    ({row.totalActivityCount})
                  </span>
                ) : null}
              </>
            ),
          },
          { header: 'Description', className: 'description-cell', cell: (row) => row.description },
          {
            header: <span className="visually-hidden">Actions</span>,
            className: 'actions-cell',
            cell: (row) => (
              <button
                type="button"
                className="danger small-button"
                aria-label={`Delete ${row.name}`}
                onClick={() => setDeleting(row.name)}
              >
                Delete
              </button>
            ),
          },
        ]}
      />
      {creating ? (
        <NewPipelineDialog
          factory={factory}
          existingNames={allRows.map((row) => row.name)}
          onClose={() => setCreating(false)}
          onCreated={(name) => void navigate(encodeURIComponent(name))}
        />
      ) : null}
      {deleting === undefined ? null : (
        <DeletePipelineDialog
          factory={factory}
          name={deleting}
          onClose={() => setDeleting(undefined)}
        />
      )}
    </section>
  );
}
