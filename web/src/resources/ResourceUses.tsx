import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { listResources } from '../api/factory-api.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { usesOf, type ReferenceType } from './resource-references.js';

/** "Used by": the pipeline activities and datasets that reference this resource. */
export function ResourceUses({
  factory,
  name,
  type,
}: {
  readonly factory: string;
  readonly name: string;
  readonly type: ReferenceType;
}) {
  const pipelines = useQuery({
    queryKey: ['resources', factory, 'pipelines'],
    queryFn: () => listResources(factory, 'pipelines'),
  });
  const datasets = useQuery({
    queryKey: ['resources', factory, 'datasets'],
    queryFn: () => listResources(factory, 'datasets'),
    enabled: type === 'LinkedServiceReference',
  });
  const base = `/factories/${encodeURIComponent(factory)}`;
  if (pipelines.isPending) return <Loading what="where it is used" />;
  if (pipelines.isError)
    return <ErrorMessage error={pipelines.error} title="Could not find where it is used" />;
  const uses = usesOf(name, type, [
    ...pipelines.data.map((resource) => ({ kind: 'pipeline' as const, resource })),
    ...(datasets.data ?? []).map((resource) => ({ kind: 'dataset' as const, resource })),
  ]);
  if (uses.length === 0) return <p className="muted">Nothing in this factory uses it.</p>;
  return (
    <ul className="resource-uses">
      {uses.map((use) => (
        <li key={`${use.kind}/${use.resource}/${use.activity ?? ''}`}>
          {use.kind === 'pipeline' ? 'Pipeline ' : 'Dataset '}
          <Link
            to={`${base}/${use.kind === 'pipeline' ? 'pipelines' : 'datasets'}/${encodeURIComponent(use.resource)}`}
          >
            {use.resource}
          </Link>
          {use.activity === undefined ? null : (
            <>
              , activity <strong>{use.activity}</strong>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
