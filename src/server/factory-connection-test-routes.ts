/**
 * `POST linkedservices/{name}/testConnection`: Data Factory's Test connection of a linked service,
 * stored or unsaved (`properties` in the body, masked secrets taken from the stored one), with
 * its parameters (`parameters`). The answer is 200 whether the connection works or not: a failed
 * test is a result with Data Factory's error code (4121 expired credential, 4122 invalid or
 * lacking permission …), never an HTTP error.
 */
import type { JsonObject } from '../factory/resources.js';
import type { FactoryRouteDependencies } from './factory-routes.js';
import { apiVersionQuerySchema, factoryErrors, resourceParamsSchema } from './factory-schemas.js';
import { requires } from './route-permission.js';
import type { TypedApp } from './typed-app.js';

export const connectionTestBodySchema = {
  type: 'object',
  description:
    'Optional. `parameters`: values of the linked service parameters (Default: their defaults). `properties`: unsaved linked service properties to test instead of the stored ones; a secret sent as `**********` is the stored one.',
  properties: {
    parameters: { type: 'object', additionalProperties: true },
    properties: { type: 'object', additionalProperties: true },
  },
  additionalProperties: false,
} as const;

export const connectionTestResultSchema = {
  type: 'object',
  description:
    'The outcome (Millrace): `succeeded`, a message that says what to do, and on success the workspace and the `ml/*` permissions the credentials hold; on failure the Data Factory error code.',
  properties: {
    succeeded: { type: 'boolean' },
    message: { type: 'string' },
    workspace: { type: 'string' },
    permissions: { type: 'array', items: { type: 'string' } },
    errorCode: { type: 'string' },
  },
  required: ['succeeded', 'message'],
  additionalProperties: false,
} as const;

export function registerFactoryConnectionTestRoutes(
  app: TypedApp,
  { factory }: FactoryRouteDependencies,
): void {
  app.post(
    '/linkedservices/:name/testConnection',
    {
      ...requires('factory/linkedservices/write'),
      schema: {
        tags: ['Linked services'],
        summary: 'Test connection of a linked service (AzureMLService), stored or unsaved',
        params: resourceParamsSchema,
        querystring: apiVersionQuerySchema,
        body: connectionTestBodySchema,
        response: { 200: connectionTestResultSchema, ...factoryErrors },
      },
    },
    async (request) => {
      const { parameters, properties } = request.body;
      const result = await factory.testLinkedServiceConnection(request.params.name, {
        ...(parameters === undefined ? {} : { parameters: parameters as JsonObject }),
        ...(properties === undefined ? {} : { properties: properties as JsonObject }),
      });
      return result.succeeded ? { ...result, permissions: [...result.permissions] } : result;
    },
  );
}
