import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { getResource, type FactoryResource, type JsonObject } from '../api/factory-api.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { JsonView } from './JsonView.js';
import { ParameterList } from './ParameterList.js';
import type { ReferenceType } from './resource-references.js';
import { ResourceUses } from './ResourceUses.js';
import './resources.css';

/**
 * The frame of a read-only resource page (`/factories/:factory/<collection>/:name`): breadcrumb,
 * the facts list (the kind's own facts, then Description and Parameters), what uses it, and its
 * JSON. Each kind supplies its row and its own facts.
 */
export function ResourceDetailPage<Row extends { readonly description: string }>({
  collection,
  listLabel,
  singular,
  referenceType,
  jsonNote,
  toRow,
  facts,
  afterFacts,
}: {
  readonly collection: 'datasets' | 'linkedservices';
  /** The breadcrumb's link back to the list, e.g. `Datasets`. */
  readonly listLabel: string;
  /** Lower-case name of the kind, e.g. `linked service`. */
  readonly singular: string;
  readonly referenceType: ReferenceType;
  /** The note above the JSON. */
  readonly jsonNote: string;
  toRow(resource: FactoryResource): Row;
  /** The `<dt>`/`<dd>` pairs before Description and Parameters. */
  facts(row: Row, factory: string): ReactNode;
  /** What goes between the facts list and "Used by". (Default: nothing) */
  afterFacts?(row: Row, context: AfterFactsContext): ReactNode;
}) {
  const params = useParams();
  const factory = params['factory'] ?? '';
  const name = params['name'] ?? '';
  const resource = useQuery({
    queryKey: ['resources', factory, collection, name],
    queryFn: () => getResource(factory, collection, name),
  });
  const row = resource.data === undefined ? undefined : toRow(resource.data);
  const declaredParameters = asObject(resource.data?.properties['parameters']);

  return (
    <section className="resource-page">
      <nav aria-label="Breadcrumb" className="resource-breadcrumb small">
        <Link to={`/factories/${encodeURIComponent(factory)}/${collection}`}>{listLabel}</Link> /{' '}
        <span aria-current="page">{name}</span>
      </nav>
      <h1>{name}</h1>
      {resource.isPending ? <Loading what={`the ${singular}`} /> : null}
      {resource.error ? <ErrorMessage error={resource.error} title="Could not read it" /> : null}
      {resource.data === undefined || row === undefined ? null : (
        <div className="resource-detail">
          <div className="resource-main">
            <dl className="resource-facts">
              {facts(row, factory)}
              {row.description === '' ? null : (
                <>
                  <dt>Description</dt>
                  <dd>{row.description}</dd>
                </>
              )}
              <dt>Parameters</dt>
              <dd>
                <ParameterList parameters={declaredParameters} />
              </dd>
            </dl>
            {afterFacts?.(row, { factory, name, declaredParameters })}
            <section aria-labelledby="resource-uses">
              <h2 id="resource-uses">Used by</h2>
              <ResourceUses factory={factory} name={name} type={referenceType} />
            </section>
          </div>
          <section className="resource-json" aria-labelledby="resource-json">
            <h2 id="resource-json">JSON</h2>
            <p className="muted small">{jsonNote}</p>
            <JsonView value={resource.data} label={`JSON of ${singular} ${name}`} />
          </section>
        </div>
      )}
    </section>
  );
}

export interface AfterFactsContext {
  readonly factory: string;
  readonly name: string;
  /** The resource's `parameters` declarations, `{}` when it declares none. */
  readonly declaredParameters: JsonObject;
}

function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : {};
}
