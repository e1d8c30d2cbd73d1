/** `/ml/endpoints`: pipeline endpoints, each a stable name over numbered published versions. */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { formatInstant } from '../ui/format.js';
import { Loading } from '../ui/Loading.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { CopyableId } from './CopyButton.js';
import { useEndpoints } from './ml-queries.js';
import './ml.css';

export function EndpointsPage() {
  const [showDisabled, setShowDisabled] = useState(false);
  const endpoints = useEndpoints(!showDisabled);
  useEffect(() => {
    document.title = 'Pipeline endpoints · Millrace';
  }, []);
  return (
    <section>
      <h1>Pipeline endpoints</h1>
      <div className="toolbar">
        <label className="ml-checkbox">
          <input
            type="checkbox"
            checked={showDisabled}
            onChange={(event) => setShowDisabled(event.target.checked)}
          />
          Show disabled
        </label>
      </div>
      {endpoints.isPending ? <Loading what="endpoints" /> : null}
      {endpoints.error ? <ErrorMessage error={endpoints.error} /> : null}
      {endpoints.data === undefined ? null : endpoints.data.length === 0 ? (
        <p className="muted">No endpoints yet: publishing with an endpoint name creates one.</p>
      ) : (
        <table className="data">
          <caption className="visually-hidden">Pipeline endpoints</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Default version</th>
              <th scope="col">Versions</th>
              <th scope="col">Default pipeline</th>
              <th scope="col">Status</th>
              <th scope="col">Modified</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.data.map((endpoint) => {
              const defaultPipeline = endpoint.PipelineVersionList.find(
                (version) => version.Version === endpoint.DefaultVersion,
              );
              return (
                <tr key={endpoint.Id}>
                  <td>
                    <Link to={`/ml/endpoints/${encodeURIComponent(endpoint.Id)}`}>
                      {endpoint.Name}
                    </Link>
                    {endpoint.Description === '' ? null : (
                      <div className="muted small">{endpoint.Description}</div>
                    )}
                  </td>
                  <td>{endpoint.DefaultVersion}</td>
                  <td>{endpoint.PipelineVersionList.length}</td>
                  <td>
                    {defaultPipeline === undefined ? (
                      '—'
                    ) : (
                      <CopyableId
                        id={defaultPipeline.PipelineId}
                        what={`the default pipeline id of ${endpoint.Name}`}
                      />
                    )}
                  </td>
                  <td>
                    <StatusBadge status={endpoint.EntityStatus} />
                  </td>
                  <td>{formatInstant(endpoint.LastModifiedDate)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
