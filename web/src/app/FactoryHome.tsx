import { Navigate } from 'react-router';
import { ApiError } from '../api/http.js';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { Loading } from '../ui/Loading.js';
import { useFactories } from './use-factories.js';

/** `/`: the first factory's pipelines, or the ML side for a user who may not read factories. */
export function FactoryHome() {
  const factories = useFactories();
  if (factories.isPending) return <Loading what="factories" />;
  if (factories.error instanceof ApiError && factories.error.forbidden)
    return <Navigate to="/ml/pipelines" replace />;
  if (factories.error) return <ErrorMessage error={factories.error} />;
  const first = factories.data[0];
  if (first === undefined) return <p>This server hosts no factory.</p>;
  return <Navigate to={`/factories/${encodeURIComponent(first)}/pipelines`} replace />;
}
