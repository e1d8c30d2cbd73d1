/**
 * The Fastify instance as routes see it: JSON-schema route types (request parts typed from
 * their schemas), and how a route reads its workspace URLs.
 */
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { MlWorkspace } from '../ml/workspace/ml-workspace.js';
import { workspaceUrls, type WorkspaceIds, type WorkspaceUrls } from './workspace-urls.js';

export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  JsonSchemaToTsProvider
>;

export interface RouteDependencies {
  readonly workspace: MlWorkspace;
}

/** The URLs of the workspace a request addressed, on the host it addressed. */
export function urlsOf(request: FastifyRequest): WorkspaceUrls {
  const params = request.params as Partial<WorkspaceIds>;
  return workspaceUrls(`${request.protocol}://${request.host}`, {
    subscriptionId: params.subscriptionId ?? '',
    resourceGroupName: params.resourceGroupName ?? '',
    workspaceName: params.workspaceName ?? '',
  });
}
