/**
 * Pipeline runs in Data Factory's shape: create (and rerun), debug runs of unsaved pipelines
 * (Data Factory Studio's Debug), get, query, query a run's activity runs, cancel.
 */
import type { JsonObject, JsonValue } from '../factory/resources.js';
import type { RunFilterParameters } from '../factory-service/run-filter-parameters.js';
import type { FactoryRouteDependencies } from './factory-routes.js';
import {
  activityRunPageSchema,
  apiVersionQuerySchema,
  cancelQuerySchema,
  createRunQuerySchema,
  createRunResponseSchema,
  debugRunBodySchema,
  factoryErrorBodySchema,
  factoryErrors,
  factoryParamsSchema,
  parametersBodySchema,
  pipelineRunPageSchema,
  pipelineRunSchema,
  resourceParamsSchema,
  runDefinitionSchema,
  runFilterBodySchema,
  runParamsSchema,
} from './factory-schemas.js';
import { requires } from './route-permission.js';
import type { TypedApp } from './typed-app.js';

const tags = ['Pipeline runs'];
const conflicts = { 409: factoryErrorBodySchema };

export function registerFactoryRunRoutes(
  app: TypedApp,
  { factory }: FactoryRouteDependencies,
): void {
  app.post(
    '/pipelines/:name/createRun',
    {
      ...requires('factory/pipelines/createRun'),
      schema: {
        tags,
        summary:
          'Start a run of a pipeline (the body holds its parameters), or rerun one (referencePipelineRunId, isRecovery, startActivityName, startFromFailure)',
        params: resourceParamsSchema,
        querystring: createRunQuerySchema,
        body: parametersBodySchema,
        response: { 200: createRunResponseSchema, ...factoryErrors, ...conflicts },
      },
    },
    async (request) => {
      const { query } = request;
      return factory.createRun(request.params.name, (request.body ?? {}) as JsonObject, {
        ...(query.referencePipelineRunId === undefined
          ? {}
          : { referencePipelineRunId: query.referencePipelineRunId }),
        ...(query.isRecovery === undefined ? {} : { isRecovery: query.isRecovery }),
        ...(query.startActivityName === undefined
          ? {}
          : { startActivityName: query.startActivityName }),
        ...(query.startFromFailure === undefined
          ? {}
          : { startFromFailure: query.startFromFailure }),
      });
    },
  );

  app.get(
    '/pipelineruns/:runId/pipeline',
    {
      ...requires('factory/pipelineruns/read'),
      schema: {
        tags,
        summary:
          'Millrace: the pipeline a run executes, as it was when the run started (a debug run’s unsaved definition included), secrets masked',
        params: runParamsSchema,
        querystring: apiVersionQuerySchema,
        response: { 200: runDefinitionSchema, ...factoryErrors },
      },
    },
    async (request) => factory.getPipelineRunDefinition(request.params.runId),
  );

  app.post(
    '/pipelines/:name/debugRun',
    {
      ...requires('factory/pipelines/createRun'),
      schema: {
        tags,
        summary:
          "Debug a pipeline (Data Factory Studio's Debug): run the body's definition, saved or not and not saved by this, with its parameters; validated first as PUT validates (400 FACTORY_INVALID_RESOURCE with details, nothing started). The run's invokedBy is Debug (filter with InvokedByType); ExecutePipeline runs the stored pipelines",
        params: resourceParamsSchema,
        querystring: apiVersionQuerySchema,
        body: debugRunBodySchema,
        response: { 200: createRunResponseSchema, ...factoryErrors },
      },
    },
    async (request) => {
      const { name, properties, parameters } = request.body;
      return factory.debugRun(
        request.params.name,
        { ...(name === undefined ? {} : { name }), properties } as JsonValue,
        (parameters ?? {}) as JsonObject,
      );
    },
  );

  app.get(
    '/pipelineruns/:runId',
    {
      ...requires('factory/pipelineruns/read'),
      schema: {
        tags,
        summary: 'Get a pipeline run',
        params: runParamsSchema,
        querystring: apiVersionQuerySchema,
        response: { 200: pipelineRunSchema, ...factoryErrors },
      },
    },
    async (request) => ({ ...(await factory.getPipelineRun(request.params.runId)) }),
  );

  app.post(
    '/queryPipelineRuns',
    {
      ...requires('factory/pipelineruns/read'),
      schema: {
        tags,
        summary:
          "Query the factory's pipeline runs: filters on PipelineName, Status, RunGroupId, RunId, InvokedByType (Debug for debug runs); a lastUpdated window; order RunStart or RunEnd (Default: RunStart DESC); pages with a continuation token",
        params: factoryParamsSchema,
        querystring: apiVersionQuerySchema,
        body: runFilterBodySchema,
        response: { 200: pipelineRunPageSchema, ...factoryErrors },
      },
    },
    async (request) => {
      const page = await factory.queryPipelineRuns((request.body ?? {}) as RunFilterParameters);
      return { ...page, value: page.value.map((run) => ({ ...run })) };
    },
  );

  app.post(
    '/pipelineruns/:runId/queryActivityruns',
    {
      ...requires('factory/pipelineruns/read'),
      schema: {
        tags,
        summary:
          "Query a run's activity runs (every attempt, nested ones included): filters on ActivityName, ActivityType, Status; order ActivityRunStart, ActivityRunEnd or ActivityName (Default: start order)",
        params: runParamsSchema,
        querystring: apiVersionQuerySchema,
        body: runFilterBodySchema,
        response: { 200: activityRunPageSchema, ...factoryErrors },
      },
    },
    async (request) => {
      const page = await factory.queryActivityRuns(
        request.params.runId,
        (request.body ?? {}) as RunFilterParameters,
      );
      return { ...page, value: page.value.map((run) => ({ ...run })) };
    },
  );

  app.post(
    '/pipelineruns/:runId/cancel',
    {
      ...requires('factory/pipelineruns/cancel'),
      schema: {
        tags,
        summary:
          'Cancel a run; isRecursive (Default: true) also cancels the runs its ExecutePipeline activities started',
        params: runParamsSchema,
        querystring: cancelQuerySchema,
        response: {
          200: { description: 'Cancelled, or asked to cancel.' },
          ...factoryErrors,
          ...conflicts,
        },
      },
    },
    async (request, reply) => {
      await factory.cancelPipelineRun(request.params.runId, request.query.isRecursive ?? true);
      return reply.code(200).send(undefined);
    },
  );
}
