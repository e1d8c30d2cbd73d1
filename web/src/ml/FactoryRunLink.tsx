import { Link } from 'react-router';
import { ApiError } from '../api/http.js';
import { useFactories } from '../app/use-factories.js';
import { factoryRunPath, type FactoryRunReference } from './run-facts.js';

/**
 * The factory run that started an ML run: a link to its page in the server's factory (the first
 * it lists: a server hosts one), or the bare id for a user who may not read factories.
 */
export function FactoryRunLink({
  reference,
  short = false,
}: {
  readonly reference: FactoryRunReference;
  readonly short?: boolean;
}) {
  const factories = useFactories();
  const factory = factories.data?.[0];
  const text = short ? reference.pipelineRunId.slice(0, 8) : reference.pipelineRunId;
  if (factory === undefined || (factories.error instanceof ApiError && factories.error.forbidden)) {
    return (
      <code title={`Factory run ${reference.pipelineRunId}`} className="ml-id-text">
        {text}
      </code>
    );
  }
  return (
    <Link
      to={factoryRunPath(factory, reference.pipelineRunId)}
      title={`Factory run ${reference.pipelineRunId}`}
    >
      <code>{text}</code>
    </Link>
  );
}
