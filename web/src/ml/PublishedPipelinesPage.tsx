/** `/ml/pipelines`: the published pipelines, newest first, with the endpoint versions they are. */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { formatInstant } from '../ui/format.js';
import { Loading } from '../ui/Loading.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { CopyableId } from './CopyButton.js';
import { useEndpoints, usePublishedPipelines } from './ml-queries.js';
import { endpointVersionsByPipeline, type EndpointVersionOf } from './endpoint-versions.js';
import { filterByName } from './name-filter.js';
import { NameFilter } from './NameFilter.js';
import './ml.css';

export function EndpointVersionLinks({
  versions,
}: {
  readonly versions: readonly EndpointVersionOf[];
}) {
  if (versions.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="ml-inline-list">
      {versions.map(({ endpoint, version, isDefault }) => (
        <li key={`${endpoint.Id}/${version}`}>
          <Link to={`/ml/endpoints/${encodeURIComponent(endpoint.Id)}`}>{endpoint.Name}</Link>{' '}
          <span className="muted small">
            v{version}
            {isDefault ? ' (default)' : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function PublishedPipelinesPage() {
  const [showInactive, setShowInactive] = useState(false);
  const [filter, setFilter] = useState('');
  const pipelines = usePublishedPipelines(!showInactive);
  const endpoints = useEndpoints(false);
  useEffect(() => {
    document.title = 'Published pipelines · Millrace';
  }, []);
  const versions = endpointVersionsByPipeline(endpoints.data ?? []);
  const shown = filterByName(pipelines.data, filter);

  return (
    <section>
      <h1>Published pipelines</h1>
      <div className="toolbar">
        <NameFilter value={filter} onChange={setFilter} placeholder="Pipeline name" />
        <label className="ml-checkbox">
          <input
            type="checkbox"
            checked={showInactive}
            onChange={(event) => setShowInactive(event.target.checked)}
          />
          Show deprecated and disabled
        </label>
      </div>
      {pipelines.isPending ? <Loading what="published pipelines" /> : null}
      {pipelines.error ? <ErrorMessage error={pipelines.error} /> : null}
      {endpoints.error ? <ErrorMessage error={endpoints.error} title="Endpoints" /> : null}
      {pipelines.data === undefined ? null : shown.length === 0 ? (
        <p className="muted">
          {pipelines.data.length === 0
            ? 'Nothing is published yet. Publish with `millrace ml publish` or POST Pipelines.'
            : 'No pipeline matches the filter.'}
        </p>
      ) : (
        <table className="data">
          <caption className="visually-hidden">Published pipelines</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Version</th>
              <th scope="col">Id</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Endpoint</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((pipeline) => (
              <tr key={pipeline.Id}>
                <td>
                  <Link to={`/ml/pipelines/${encodeURIComponent(pipeline.Id)}`}>
                    {pipeline.Name}
                  </Link>
                  {pipeline.Description === '' ? null : (
                    <div className="muted small ml-clamp">{pipeline.Description}</div>
                  )}
                </td>
                <td>{pipeline.Version}</td>
                <td>
                  <CopyableId id={pipeline.Id} what={`the id of ${pipeline.Name}`} />
                </td>
                <td>
                  <StatusBadge status={pipeline.EntityStatus} />
                </td>
                <td>{formatInstant(pipeline.CreatedDate)}</td>
                <td>
                  <EndpointVersionLinks versions={versions.get(pipeline.Id) ?? []} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
