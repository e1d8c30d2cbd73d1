/**
 * Pipelines, linked services and datasets: list, get, create or update, delete, in Data
 * Factory's shape, and validate (Millrace's: what PUT would say, nothing stored). Bodies are
 * validated as `millrace validate` validates a folder; secrets are masked in every answer.
 */
import type { ApiResourceKind } from '../factory-service/api-resource-kinds.js';
import type { JsonValue } from '../factory/resources.js';
import type { Permission } from '../identity/permissions.js';
import { resourceEntity } from './factory-entities.js';
import type { FactoryRouteDependencies } from './factory-routes.js';
import {
  apiVersionQuerySchema,
  factoryErrorBodySchema,
  factoryErrors,
  factoryParamsSchema,
  resourceBodySchema,
  resourceEntitySchema,
  resourceListSchema,
  resourceParamsSchema,
  validationResultSchema,
} from './factory-schemas.js';
import { requires } from './route-permission.js';
import type { TypedApp } from './typed-app.js';

interface KindRoutes {
  readonly kind: ApiResourceKind;
  readonly collection: string;
  readonly tag: string;
  readonly one: string;
  readonly read: Permission;
  readonly write: Permission;
  readonly delete: Permission;
}

const KINDS: readonly KindRoutes[] = [
  {
    kind: 'pipeline',
    collection: 'pipelines',
    tag: 'Pipelines',
    one: 'a pipeline',
    read: 'factory/pipelines/read',
    write: 'factory/pipelines/write',
    delete: 'factory/pipelines/delete',
  },
  {
    kind: 'linkedService',
    collection: 'linkedservices',
    tag: 'Linked services',
    one: 'a linked service',
    read: 'factory/linkedservices/read',
    write: 'factory/linkedservices/write',
    delete: 'factory/linkedservices/delete',
  },
  {
    kind: 'dataset',
    collection: 'datasets',
    tag: 'Datasets',
    one: 'a dataset',
    read: 'factory/datasets/read',
    write: 'factory/datasets/write',
    delete: 'factory/datasets/delete',
  },
];

const ifMatchHeaders = {
  type: 'object',
  properties: {
    'if-match': {
      type: 'string',
      description: 'Update only when the resource still has this etag (* for any).',
    },
  },
} as const;

const ifNoneMatchHeaders = {
  type: 'object',
  properties: {
    'if-none-match': {
      type: 'string',
      description: 'Answer 304 without a body when the resource has this etag (* for any).',
    },
  },
} as const;

export function registerFactoryResourceRoutes(
  app: TypedApp,
  { factory }: FactoryRouteDependencies,
): void {
  for (const routes of KINDS) {
    const { kind, collection } = routes;
    const tags = [routes.tag];

    app.get(
      `/${collection}`,
      {
        ...requires(routes.read),
        schema: {
          tags,
          summary: `List the factory's ${collection}, by name`,
          params: factoryParamsSchema,
          querystring: apiVersionQuerySchema,
          response: { 200: resourceListSchema, ...factoryErrors },
        },
      },
      async (request) => {
        const resources = await factory.listResources(kind);
        return {
          value: resources.map((resource) =>
            resourceEntity(request.params, factory.factoryName, resource),
          ),
        };
      },
    );

    app.get(
      `/${collection}/:name`,
      {
        ...requires(routes.read),
        schema: {
          tags,
          summary: `Get ${routes.one} (secrets masked)`,
          params: resourceParamsSchema,
          querystring: apiVersionQuerySchema,
          headers: ifNoneMatchHeaders,
          response: {
            200: resourceEntitySchema,
            304: { description: 'Not modified: the resource has the etag of If-None-Match.' },
            ...factoryErrors,
          },
        },
      },
      async (request, reply) => {
        const resource = await factory.getResource(kind, request.params.name);
        const ifNoneMatch = request.headers['if-none-match'];
        if (ifNoneMatch === '*' || ifNoneMatch === resource.etag)
          return reply.code(304).send(undefined);
        return resourceEntity(request.params, factory.factoryName, resource);
      },
    );

    app.put(
      `/${collection}/:name`,
      {
        ...requires(routes.write),
        schema: {
          tags,
          summary: `Create or update ${routes.one}`,
          params: resourceParamsSchema,
          querystring: apiVersionQuerySchema,
          headers: ifMatchHeaders,
          body: resourceBodySchema,
          response: { 200: resourceEntitySchema, ...factoryErrors, 412: factoryErrorBodySchema },
        },
      },
      async (request) => {
        const ifMatch = request.headers['if-match'];
        const { resource, warnings } = await factory.putResource(
          kind,
          request.params.name,
          request.body as JsonValue,
          ifMatch === undefined ? {} : { ifMatch },
        );
        return resourceEntity(request.params, factory.factoryName, resource, warnings);
      },
    );

    app.post(
      `/${collection}/:name/validate`,
      {
        // Validation changes nothing, so reading the collection is enough.
        ...requires(routes.read),
        schema: {
          tags,
          summary: `Validate ${routes.one} body as PUT would, against the factory's current resources, without storing it: 200 { valid, errors, warnings } (needs the read permission: nothing is written)`,
          params: resourceParamsSchema,
          querystring: apiVersionQuerySchema,
          body: resourceBodySchema,
          response: { 200: validationResultSchema, ...factoryErrors },
        },
      },
      async (request) => {
        const validation = await factory.validateResource(
          kind,
          request.params.name,
          request.body as JsonValue,
        );
        return {
          valid: validation.valid,
          errors: validation.errors.map((problem) => ({ ...problem })),
          warnings: validation.warnings.map((problem) => ({ ...problem })),
        };
      },
    );

    app.delete(
      `/${collection}/:name`,
      {
        ...requires(routes.delete),
        schema: {
          tags,
          summary: `Delete ${routes.one}: 200, or 204 when there was none; 400 while others refer to it`,
          params: resourceParamsSchema,
          querystring: apiVersionQuerySchema,
          response: {
            200: { description: 'Deleted.' },
            204: { description: 'There was no such resource.' },
            ...factoryErrors,
          },
        },
      },
      async (request, reply) => {
        const deleted = await factory.deleteResource(kind, request.params.name);
        return reply.code(deleted ? 200 : 204).send(undefined);
      },
    );
  }
}
