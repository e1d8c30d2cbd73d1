/**
 * Submissions, on Azure ML's paths: a published pipeline by id, an endpoint by id (its default
 * version, or one in the path or `?pipelineVersion=`), or an endpoint by `?name=`. The answer is
 * the new run (Queued) with its step runs.
 */
import type { MlSubmitRequest, MlSubmitTarget, MlWorkspace } from '../ml/workspace/ml-workspace.js';
import { errorBodySchema, pipelineRunEntitySchema } from './ml-entity-schemas.js';
import { pipelineRunEntity } from './ml-entities.js';
import {
  endpointParamsSchema,
  endpointVersionParamsSchema,
  pipelineParamsSchema,
  submitBodySchema,
  submitNameQuerySchema,
  submitQuerySchema,
  workspaceParamsSchema,
} from './ml-request-schemas.js';
import { submitRequestOf } from './ml-submit-request.js';
import type { WorkspaceUrls } from './workspace-urls.js';
import { urlsOf, type RouteDependencies, type TypedApp } from './typed-app.js';
import { requires } from './route-permission.js';

const tags = ['Submissions'];
const response = { 200: pipelineRunEntitySchema, 400: errorBodySchema, 404: errorBodySchema };

export function registerSubmitRoutes(app: TypedApp, { workspace }: RouteDependencies): void {
  app.post(
    '/PipelineRuns/PipelineSubmit/:pipelineId',
    {
      ...requires('ml/pipelines/submit'),
      schema: {
        tags,
        summary: 'Submit a run of a published pipeline',
        params: pipelineParamsSchema,
        querystring: submitQuerySchema,
        body: submitBodySchema,
        response,
      },
    },
    async (request) =>
      submitAndDescribe(
        workspace,
        { kind: 'pipeline', pipelineId: request.params.pipelineId },
        submitRequestOf(request.body, request.query, request.principal?.name),
        urlsOf(request),
      ),
  );

  app.post(
    '/PipelineRuns/PipelineEndpointSubmit/Id/:endpointId',
    {
      ...requires('ml/pipelines/submit'),
      schema: {
        tags,
        summary: "Submit a run of an endpoint's default version (or ?pipelineVersion=)",
        params: endpointParamsSchema,
        querystring: submitQuerySchema,
        body: submitBodySchema,
        response,
      },
    },
    async (request) =>
      submitAndDescribe(
        workspace,
        {
          kind: 'endpoint',
          endpointId: request.params.endpointId,
          ...versionOf(request.query.pipelineVersion),
        },
        submitRequestOf(request.body, request.query, request.principal?.name),
        urlsOf(request),
      ),
  );

  app.post(
    '/PipelineRuns/PipelineEndpointSubmit/Id/:endpointId/:version',
    {
      ...requires('ml/pipelines/submit'),
      schema: {
        tags,
        summary: 'Submit a run of one version of an endpoint',
        params: endpointVersionParamsSchema,
        querystring: submitQuerySchema,
        body: submitBodySchema,
        response,
      },
    },
    async (request) =>
      submitAndDescribe(
        workspace,
        {
          kind: 'endpoint',
          endpointId: request.params.endpointId,
          version: request.params.version,
        },
        submitRequestOf(request.body, request.query, request.principal?.name),
        urlsOf(request),
      ),
  );

  app.post(
    '/PipelineRuns/PipelineEndpointSubmit/Name',
    {
      ...requires('ml/pipelines/submit'),
      schema: {
        tags,
        summary: 'Submit a run of an endpoint named ?name= (default version, or ?pipelineVersion=)',
        params: workspaceParamsSchema,
        querystring: submitNameQuerySchema,
        body: submitBodySchema,
        response,
      },
    },
    async (request) =>
      submitAndDescribe(
        workspace,
        {
          kind: 'endpoint',
          endpointName: request.query.name,
          ...versionOf(request.query.pipelineVersion),
        },
        submitRequestOf(request.body, request.query, request.principal?.name),
        urlsOf(request),
      ),
  );
}

function versionOf(version: string | undefined): { version?: string } {
  return version === undefined || version === '' ? {} : { version };
}

/** The run as recorded at submission (Queued), with its step runs as they are by now. */
async function submitAndDescribe(
  workspace: MlWorkspace,
  target: MlSubmitTarget,
  request: MlSubmitRequest,
  urls: WorkspaceUrls,
) {
  const run = await workspace.submit(target, request);
  const { steps } = await workspace.getRun(run.id);
  return pipelineRunEntity(run, steps, urls);
}
