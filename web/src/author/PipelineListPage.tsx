import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { listResources } from '../api/factory-api.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
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
      <div className="toolbar">
        <input
          type="search"
          aria-label="Search pipelines"
          placeholder="Search by name, folder or description"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          className="pipeline-search"
        />
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          New pipeline
        </button>
      </div>
      {pipelines.isPending ? <Loading what="pipelines" /> : null}
      {pipelines.error ? (
        <ErrorMessage error={pipelines.error} title="Could not list pipelines" />
      ) : null}
      {pipelines.data === undefined ? null : allRows.length === 0 ? (
        <p className="info-box">
          This factory has no pipeline yet. Create one with <strong>New pipeline</strong>.
        </p>
      ) : (
        <table className="data" aria-label="Pipelines">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Folder</th>
              <th scope="col" className="numeric">
                Activities
              </th>
              <th scope="col">Description</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name}>
                <td>
                  <Link to={encodeURIComponent(row.name)}>{row.name}</Link>
                </td>
                <td>{row.folder === '' ? <span className="muted">—</span> : row.folder}</td>
                <td className="numeric">
                  {row.activityCount}
                  {row.totalActivityCount > row.activityCount ? (
                    <span className="muted small" title="Nested activities included">
                      {' '}
                      ({row.totalActivityCount})
                    </span>
                  ) : null}
                </td>
                <td className="description-cell">{row.description}</td>
                <td className="actions-cell">
                  <button
                    type="button"
                    className="danger small-button"
                    aria-label={`Delete ${row.name}`}
                    onClick={() => setDeleting(row.name)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">
                  No pipeline matches “{search}”.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      )}
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
