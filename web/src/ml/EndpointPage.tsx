/**
 * `/ml/endpoints/:id`: a pipeline endpoint: its versions (each a published pipeline, the default
 * marked), how to submit to it, and the runs submitted through it.
 */
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/http.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { formatInstant } from '../ui/format.js';
import { Loading } from '../ui/Loading.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { CopyableId, CopyButton } from './CopyButton.js';
import { FactsList } from './FactsList.js';
import { useEndpoint, useEndpointPipelines, useRuns } from './ml-queries.js';
import { isActive } from './run-facts.js';
import { RunsTable } from './RunsTable.js';
import { useNow } from './use-now.js';
import './ml.css';

const RECENT_RUNS = 10;

export function EndpointPage() {
  const { id = '' } = useParams();
  const endpoint = useEndpoint(id);
  const pipelines = useEndpointPipelines(id);
  const runs = useRuns({ pipelineEndpointId: id, limit: RECENT_RUNS });
  const now = useNow(runs.data?.Value.some((run) => isActive(run.Status.Status)) ?? false);
  useEffect(() => {
    document.title = `${endpoint.data?.Name ?? 'Pipeline endpoint'} · Millrace`;
  }, [endpoint.data?.Name]);

  if (endpoint.isPending) return <Loading what="the endpoint" />;
  if (endpoint.error) {
    return (
      <section>
        <h1>Pipeline endpoint</h1>
        <ErrorMessage error={endpoint.error} />
        <Link to="/ml/endpoints">All endpoints</Link>
      </section>
    );
  }
  const data = endpoint.data;
  const added = new Map(data.PipelineVersionList.map((version) => [version.Version, version]));
  // Newest version first: the one people look for.
  const versions = [...(pipelines.data ?? [])].sort(
    (a, b) => Number(b.PipelineEndpointVersion) - Number(a.PipelineEndpointVersion),
  );

  return (
    <section>
      <nav aria-label="Breadcrumb" className="ml-breadcrumb small">
        <Link to="/ml/endpoints">Pipeline endpoints</Link> › {data.Name}
      </nav>
      <header className="ml-page-header">
        <h1>
          {data.Name} <StatusBadge status={data.EntityStatus} />
        </h1>
      </header>
      {data.Description === '' ? null : <p>{data.Description}</p>}
      <FactsList
        label="Endpoint facts"
        facts={[
          { label: 'Id', value: <CopyableId id={data.Id} what="the endpoint id" /> },
          { label: 'Default version', value: data.DefaultVersion },
          { label: 'Versions', value: data.PipelineVersionList.length },
          { label: 'Created', value: formatInstant(data.CreatedDate) },
          { label: 'Modified', value: formatInstant(data.LastModifiedDate) },
          {
            label: 'REST endpoint',
            value: (
              <span className="ml-id">
                <code title={data.Url}>
                  POST …/PipelineEndpointSubmit/Id/{data.Id.slice(0, 8)}…
                </code>
                <CopyButton value={data.Url} what="the submit URL" />
              </span>
            ),
          },
        ]}
      />
      <section aria-label="Versions">
        <h2>Versions</h2>
        {pipelines.isPending ? <Loading what="versions" /> : null}
        {pipelines.error ? <ErrorMessage error={pipelines.error} /> : null}
        {pipelines.data === undefined ? null : (
          <table className="data">
            <caption className="visually-hidden">Versions of {data.Name}</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Pipeline</th>
                <th scope="col">Pipeline id</th>
                <th scope="col">Status</th>
                <th scope="col">Added</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((pipeline) => (
                <tr
                  key={pipeline.PipelineEndpointVersion}
                  className={pipeline.IsDefaultVersion ? 'ml-default-row' : undefined}
                >
                  <td>
                    {pipeline.PipelineEndpointVersion}{' '}
                    {pipeline.IsDefaultVersion ? (
                      <span className="ml-default-badge">Default</span>
                    ) : null}
                  </td>
                  <td>
                    <Link to={`/ml/pipelines/${encodeURIComponent(pipeline.Id)}`}>
                      {pipeline.Name}
                    </Link>{' '}
                    <span className="muted small">version {pipeline.Version}</span>
                  </td>
                  <td>
                    <CopyableId
                      id={pipeline.Id}
                      what={`the pipeline id of version ${pipeline.PipelineEndpointVersion}`}
                    />
                  </td>
                  <td>
                    <StatusBadge status={pipeline.EntityStatus} />
                  </td>
                  <td>{formatInstant(added.get(pipeline.PipelineEndpointVersion)?.AddedDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-label="Recent runs">
        <h2>Recent runs</h2>
        {runs.error instanceof ApiError && runs.error.forbidden ? (
          <p className="muted small">You may not read runs (ml/runs/read).</p>
        ) : runs.error ? (
          <ErrorMessage error={runs.error} />
        ) : runs.data === undefined ? (
          <Loading what="runs" />
        ) : (
          <RunsTable runs={runs.data.Value} caption={`Recent runs of ${data.Name}`} now={now} />
        )}
      </section>
    </section>
  );
}
