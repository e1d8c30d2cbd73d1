/**
 * The factory REST API in Data Factory's shape, under `FACTORY_ROUTE_PREFIX`: pipelines, linked
 * services (with Test connection), datasets, pipeline runs, activity runs and live run events. Registered as one
 * encapsulated plugin with its own error handler (ADF's error shape) and serializer, so that it
 * leaves the rest of the server as it is; every route declares its permission (`requires`) and
 * the caller's auth hook enforces it.
 */
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import type { FactoryService } from '../factory-service/factory-service.js';
import { registerFactoryConnectionTestRoutes } from './factory-connection-test-routes.js';
import { installFactoryErrorHandling } from './factory-error-handling.js';
import { registerFactoryEventRoutes } from './factory-event-routes.js';
import { registerFactoryResourceRoutes } from './factory-resource-routes.js';
import { registerFactoryRunRoutes } from './factory-run-routes.js';
import { FACTORY_LIST_ROUTE, FACTORY_ROUTE_PREFIX, type FactoryPathIds } from './factory-urls.js';
import { requires } from './route-permission.js';
import type { ServerSentEventStream } from './server-sent-events.js';

export interface FactoryRouteDependencies {
  readonly factory: FactoryService;
}

export interface FactoryRouteOptions extends FactoryRouteDependencies {
  /** How often event streams send a keep-alive comment, in ms. (Default: 15 000) */
  readonly keepAliveMs?: number;
}

const DEFAULT_KEEP_ALIVE_MS = 15_000;

export function registerFactoryRoutes(app: FastifyInstance, options: FactoryRouteOptions): void {
  const dependencies: FactoryRouteDependencies = { factory: options.factory };
  const streams = {
    keepAliveMs: options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS,
    open: new Set<ServerSentEventStream>(),
  };
  void app.register(
    async (scope) => {
      const api = scope.withTypeProvider<JsonSchemaToTsProvider>();
      // Answers are written as they are; the response schemas document them.
      api.setSerializerCompiler(() => (data) => JSON.stringify(data));
      installFactoryErrorHandling(api);
      // Data Factory's clients send POST bodies that are optional (createRun's parameters, run
      // filters) as nothing at all, or as an empty body labelled JSON: both read as `{}`.
      const parseJson = api.getDefaultJsonParser('error', 'error');
      api.removeContentTypeParser('application/json');
      api.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
        if (body === '') done(null, undefined);
        else void parseJson(request, body.toString(), done);
      });
      api.addHook('preValidation', async (request) => {
        if (request.method === 'POST' && (request.body === undefined || request.body === null))
          request.body = {};
      });
      // Before the body is validated: a path to another factory is 404 whatever the body.
      api.addHook('preValidation', async (request) => {
        options.factory.assertFactory((request.params as { factoryName: string }).factoryName);
      });
      // Event streams never end by themselves: end them so that closing the server does not wait.
      api.addHook('preClose', async () => {
        for (const stream of [...streams.open]) stream.end({ reason: 'server closing' });
      });
      registerFactoryResourceRoutes(api, dependencies);
      registerFactoryConnectionTestRoutes(api, dependencies);
      registerFactoryRunRoutes(api, dependencies);
      registerFactoryEventRoutes(api, dependencies, streams);
    },
    { prefix: FACTORY_ROUTE_PREFIX },
  );
  // Data Factory's "Factories - List By Resource Group": the one factory this server hosts.
  void app.register(async (scope) => {
    scope.get(
      FACTORY_LIST_ROUTE,
      {
        ...requires('factory/pipelines/read'),
        schema: {
          tags: ['Factories'],
          summary:
            "The factories this server hosts (one), in the shape of ADF's list by resource group",
        },
      },
      async (request) => {
        const ids = request.params as FactoryPathIds;
        const name = options.factory.factoryName;
        return {
          value: [
            {
              id: `/subscriptions/${ids.subscriptionId}/resourceGroups/${ids.resourceGroupName}/providers/Microsoft.DataFactory/factories/${name}`,
              name,
              type: 'Microsoft.DataFactory/factories',
              properties: { provisioningState: 'Succeeded' },
            },
          ],
        };
      },
    );
  });
}
