import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { getResource, type JsonObject } from '../api/factory-api.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { ConnectionTest } from './ConnectionTest.js';
import { JsonView } from './JsonView.js';
import { ParameterList } from './ParameterList.js';
import { linkedServiceRow, typeLabel } from './resource-rows.js';
import { ResourceUses } from './ResourceUses.js';
import './resources.css';

/** `/factories/:factory/linkedservices/:name`: one linked service, read-only, with Test connection. */
export function LinkedServiceDetailPage() {
  const params = useParams();
  const factory = params['factory'] ?? '';
  const name = params['name'] ?? '';
  const service = useQuery({
    queryKey: ['resources', factory, 'linkedservices', name],
    queryFn: () => getResource(factory, 'linkedservices', name),
  });
  const row = service.data === undefined ? undefined : linkedServiceRow(service.data);
  const declared = asObject(service.data?.properties['parameters']);

  return (
    <section className="resource-page">
      <nav aria-label="Breadcrumb" className="resource-breadcrumb small">
        <Link to={`/factories/${encodeURIComponent(factory)}/linkedservices`}>Linked services</Link>{' '}
        / <span aria-current="page">{name}</span>
      </nav>
      <h1>{name}</h1>
      {service.isPending ? <Loading what="the linked service" /> : null}
      {service.error ? <ErrorMessage error={service.error} title="Could not read it" /> : null}
      {service.data === undefined || row === undefined ? null : (
        <div className="resource-detail">
          <div className="resource-main">
            <dl className="resource-facts">
              <dt>Type</dt>
              <dd>
                {typeLabel(row.type)} <span className="muted small mono">{row.type}</span>
              </dd>
              <dt>Connect via</dt>
              <dd>{row.connectVia === '' ? 'Default runtime' : row.connectVia}</dd>
              {row.description === '' ? null : (
                <>
                  <dt>Description</dt>
                  <dd>{row.description}</dd>
                </>
              )}
              <dt>Parameters</dt>
              <dd>
                <ParameterList parameters={declared} />
              </dd>
            </dl>
            {row.type.toLowerCase() === 'azuremlservice' ? (
              <ConnectionTest factory={factory} name={name} declaredParameters={declared} />
            ) : null}
            <section aria-labelledby="resource-uses">
              <h2 id="resource-uses">Used by</h2>
              <ResourceUses factory={factory} name={name} type="LinkedServiceReference" />
            </section>
          </div>
          <section className="resource-json" aria-labelledby="resource-json">
            <h2 id="resource-json">JSON</h2>
            <p className="muted small">Read-only. Secrets are masked by the server.</p>
            <JsonView value={service.data} label={`JSON of linked service ${name}`} />
          </section>
        </div>
      )}
    </section>
  );
}

function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : {};
}
