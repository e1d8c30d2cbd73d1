import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { getResource, type JsonObject } from '../api/factory-api.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { JsonView } from './JsonView.js';
import { ParameterList } from './ParameterList.js';
import { datasetRow } from './resource-rows.js';
import { ResourceUses } from './ResourceUses.js';
import './resources.css';

/** `/factories/:factory/datasets/:name`: one dataset, read-only. */
export function DatasetDetailPage() {
  const params = useParams();
  const factory = params['factory'] ?? '';
  const name = params['name'] ?? '';
  const base = `/factories/${encodeURIComponent(factory)}`;
  const dataset = useQuery({
    queryKey: ['resources', factory, 'datasets', name],
    queryFn: () => getResource(factory, 'datasets', name),
  });
  const row = dataset.data === undefined ? undefined : datasetRow(dataset.data);
  const parameters = dataset.data?.properties['parameters'];

  return (
    <section className="resource-page">
      <nav aria-label="Breadcrumb" className="resource-breadcrumb small">
        <Link to={`${base}/datasets`}>Datasets</Link> / <span aria-current="page">{name}</span>
      </nav>
      <h1>{name}</h1>
      {dataset.isPending ? <Loading what="the dataset" /> : null}
      {dataset.error ? <ErrorMessage error={dataset.error} title="Could not read it" /> : null}
      {dataset.data === undefined || row === undefined ? null : (
        <div className="resource-detail">
          <div className="resource-main">
            <dl className="resource-facts">
              <dt>Type</dt>
              <dd className="mono">{row.type}</dd>
              <dt>Linked service</dt>
              <dd>
                {row.linkedService === '' ? (
                  <span className="muted">—</span>
                ) : (
                  <Link to={`${base}/linkedservices/${encodeURIComponent(row.linkedService)}`}>
                    {row.linkedService}
                  </Link>
                )}
              </dd>
              {row.folder === '' ? null : (
                <>
                  <dt>Folder</dt>
                  <dd>{row.folder}</dd>
                </>
              )}
              {row.description === '' ? null : (
                <>
                  <dt>Description</dt>
                  <dd>{row.description}</dd>
                </>
              )}
              <dt>Parameters</dt>
              <dd>
                <ParameterList
                  parameters={
                    typeof parameters === 'object' &&
                    parameters !== null &&
                    !Array.isArray(parameters)
                      ? (parameters as JsonObject)
                      : {}
                  }
                />
              </dd>
            </dl>
            <section aria-labelledby="resource-uses">
              <h2 id="resource-uses">Used by</h2>
              <ResourceUses factory={factory} name={name} type="DatasetReference" />
            </section>
          </div>
          <section className="resource-json" aria-labelledby="resource-json">
            <h2 id="resource-json">JSON</h2>
            <p className="muted small">Read-only.</p>
            <JsonView value={dataset.data} label={`JSON of dataset ${name}`} />
          </section>
        </div>
      )}
    </section>
  );
}
