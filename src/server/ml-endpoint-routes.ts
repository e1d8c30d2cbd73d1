/**
 * Pipeline endpoints: create, list, get by id or name, list versions with their pipelines, and
 * update (add a version, set the default version, enable or disable).
 */
import { MlWorkspaceError } from '../ml/workspace/ml-workspace-errors.js';
import type { MlPipelineEndpointRecord } from '../store/ml-store.js';
import {
  endpointPipelineEntitySchema,
  errorBodySchema,
  pipelineEndpointEntitySchema,
} from './ml-entity-schemas.js';
import { endpointPipelineEntity, pipelineEndpointEntity } from './ml-entities.js';
import {
  activeOnlyQuerySchema,
  createEndpointBodySchema,
  endpointNameParamsSchema,
  endpointParamsSchema,
  nameQuerySchema,
  updateEndpointBodySchema,
  workspaceParamsSchema,
} from './ml-request-schemas.js';
import { urlsOf, type RouteDependencies, type TypedApp } from './typed-app.js';
import { requires } from './route-permission.js';

const tags = ['Pipeline endpoints'];
const errors = { 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

export function registerEndpointRoutes(app: TypedApp, { workspace }: RouteDependencies): void {
  app.get(
    '/PipelineEndpoints',
    {
      ...requires('ml/pipelines/read'),
      schema: {
        tags,
        summary: 'List pipeline endpoints',
        params: workspaceParamsSchema,
        querystring: activeOnlyQuerySchema,
        response: { 200: { type: 'array', items: pipelineEndpointEntitySchema } },
      },
    },
    async (request) => {
      const endpoints = await workspace.listEndpoints({ activeOnly: request.query.activeOnly });
      const urls = urlsOf(request);
      return endpoints.map((endpoint) => pipelineEndpointEntity(endpoint, urls));
    },
  );

  app.post(
    '/PipelineEndpoints',
    {
      ...requires('ml/pipelines/write'),
      schema: {
        tags,
        summary: 'Create a pipeline endpoint whose version "0" is a published pipeline',
        params: workspaceParamsSchema,
        body: createEndpointBodySchema,
        response: { 201: pipelineEndpointEntitySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { Name, Description, PipelineId } = request.body;
      const endpoint = await workspace.createEndpoint({
        name: Name,
        pipelineId: PipelineId,
        ...(Description === undefined ? {} : { description: Description }),
      });
      return reply.code(201).send(pipelineEndpointEntity(endpoint, urlsOf(request)));
    },
  );

  // Static segments win over `:endpointId`, so an endpoint id never shadows these two.
  app.get(
    '/PipelineEndpoints/Name',
    {
      ...requires('ml/pipelines/read'),
      schema: {
        tags,
        summary: 'Get a pipeline endpoint by name (?name=)',
        params: workspaceParamsSchema,
        querystring: nameQuerySchema,
        response: { 200: pipelineEndpointEntitySchema, ...errors },
      },
    },
    async (request) =>
      pipelineEndpointEntity(
        await workspace.getEndpointByName(request.query.name),
        urlsOf(request),
      ),
  );

  app.get(
    '/PipelineEndpoints/Name/:name',
    {
      ...requires('ml/pipelines/read'),
      schema: {
        tags,
        summary: 'Get a pipeline endpoint by name',
        params: endpointNameParamsSchema,
        response: { 200: pipelineEndpointEntitySchema, ...errors },
      },
    },
    async (request) =>
      pipelineEndpointEntity(
        await workspace.getEndpointByName(request.params.name),
        urlsOf(request),
      ),
  );

  app.get(
    '/PipelineEndpoints/:endpointId',
    {
      ...requires('ml/pipelines/read'),
      schema: {
        tags,
        summary: 'Get a pipeline endpoint',
        params: endpointParamsSchema,
        response: { 200: pipelineEndpointEntitySchema, ...errors },
      },
    },
    async (request) =>
      pipelineEndpointEntity(
        await workspace.getEndpoint(request.params.endpointId),
        urlsOf(request),
      ),
  );

  app.get(
    '/PipelineEndpoints/:endpointId/Pipelines',
    {
      ...requires('ml/pipelines/read'),
      schema: {
        tags,
        summary: "An endpoint's versions with their published pipelines, oldest first",
        params: endpointParamsSchema,
        querystring: activeOnlyQuerySchema,
        response: { 200: { type: 'array', items: endpointPipelineEntitySchema }, ...errors },
      },
    },
    async (request) => {
      const endpoint = await workspace.getEndpoint(request.params.endpointId);
      const urls = urlsOf(request);
      const versions = await Promise.all(
        endpoint.versions.map(async (version) => ({
          version: version.version,
          pipeline: await workspace.getPipeline(version.pipelineId),
        })),
      );
      return versions
        .filter(({ pipeline }) => !request.query.activeOnly || pipeline.status === 'Active')
        .map(({ version, pipeline }) => endpointPipelineEntity(endpoint, version, pipeline, urls));
    },
  );

  app.patch(
    '/PipelineEndpoints/:endpointId',
    {
      ...requires('ml/pipelines/write'),
      schema: {
        tags,
        summary: 'Add a version, set the default version, or enable/disable an endpoint',
        params: endpointParamsSchema,
        body: updateEndpointBodySchema,
        response: { 200: pipelineEndpointEntitySchema, ...errors },
      },
    },
    async (request) => {
      const { endpointId } = request.params;
      const { AddPipelineId, MakeDefault, DefaultVersion, Status } = request.body;
      if (AddPipelineId === undefined && DefaultVersion === undefined && Status === undefined) {
        throw new MlWorkspaceError(
          'ML_INVALID_REQUEST',
          'The body changes nothing: give AddPipelineId (and MakeDefault), DefaultVersion or Status.',
        );
      }
      let endpoint: MlPipelineEndpointRecord = await workspace.getEndpoint(endpointId);
      if (AddPipelineId !== undefined) {
        endpoint = await workspace.addEndpointVersion(endpointId, AddPipelineId, {
          makeDefault: MakeDefault === true,
        });
      }
      if (DefaultVersion !== undefined) {
        endpoint = await workspace.setEndpointDefaultVersion(endpointId, DefaultVersion);
      }
      if (Status !== undefined) endpoint = await workspace.setEndpointStatus(endpointId, Status);
      return pipelineEndpointEntity(endpoint, urlsOf(request));
    },
  );
}
