/**
 * Published pipelines: list, get, publish (from a bundle: the YAML and its code files) and change
 * status (`PUT Pipelines/{id}/Status`, as azureml-pipeline-core's `set_status` calls it).
 */
import { MlWorkspaceError } from '../ml/workspace/ml-workspace-errors.js';
import type { MlPublishedPipelineStatus } from '../store/ml-store.js';
import {
  errorBodySchema,
  pipelineEntitySchema,
  publishResultEntitySchema,
} from './ml-entity-schemas.js';
import { pipelineEndpointEntity, publishedPipelineEntity } from './ml-entities.js';
import {
  activeOnlyQuerySchema,
  pipelineParamsSchema,
  pipelineStatusBodySchema,
  publishBodySchema,
  workspaceParamsSchema,
} from './ml-request-schemas.js';
import { urlsOf, type RouteDependencies, type TypedApp } from './typed-app.js';
import { requires } from './route-permission.js';

const tags = ['Published pipelines'];
const errors = { 400: errorBodySchema, 404: errorBodySchema };
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function registerPipelineRoutes(app: TypedApp, { workspace }: RouteDependencies): void {
  app.get(
    '/Pipelines',
    {
      ...requires('ml/pipelines/read'),
      schema: {
        tags,
        summary: 'List published pipelines, newest first',
        params: workspaceParamsSchema,
        querystring: activeOnlyQuerySchema,
        response: { 200: { type: 'array', items: pipelineEntitySchema } },
      },
    },
    async (request) => {
      const pipelines = await workspace.listPipelines({ activeOnly: request.query.activeOnly });
      const urls = urlsOf(request);
      return pipelines.map((pipeline) => publishedPipelineEntity(pipeline, urls));
    },
  );

  app.get(
    '/Pipelines/:pipelineId',
    {
      ...requires('ml/pipelines/read'),
      schema: {
        tags,
        summary: 'Get a published pipeline',
        params: pipelineParamsSchema,
        response: { 200: pipelineEntitySchema, ...errors },
      },
    },
    async (request) =>
      publishedPipelineEntity(
        await workspace.getPipeline(request.params.pipelineId),
        urlsOf(request),
      ),
  );

  app.post(
    '/Pipelines',
    {
      ...requires('ml/pipelines/write'),
      schema: {
        tags,
        summary: 'Publish a pipeline from its YAML and code files',
        params: workspaceParamsSchema,
        body: publishBodySchema,
        response: { 201: publishResultEntitySchema, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const result = await workspace.publish(
        {
          kind: 'bundle',
          fileName: body.DefinitionFileName,
          yaml: body.Definition,
          files: decodeFiles(body.Files ?? {}),
        },
        {
          ...(body.Name === undefined ? {} : { name: body.Name }),
          ...(body.Description === undefined ? {} : { description: body.Description }),
          ...(body.Version === undefined ? {} : { version: body.Version }),
          ...(body.ContinueRunOnStepFailure === undefined
            ? {}
            : { continueOnStepFailure: body.ContinueRunOnStepFailure }),
          ...(body.EndpointName === undefined
            ? {}
            : {
                endpoint: {
                  name: body.EndpointName,
                  makeDefault: body.MakeDefault === true,
                  skipIfUnchanged: body.SkipIfUnchanged === true,
                },
              }),
          ...(request.principal === undefined ? {} : { createdBy: request.principal.name }),
        },
      );
      const urls = urlsOf(request);
      return reply.code(201).send({
        ...publishedPipelineEntity(result.pipeline, urls),
        SnapshotExisted: result.snapshotExisted,
        PipelineEndpoint:
          result.endpoint === undefined ? null : pipelineEndpointEntity(result.endpoint, urls),
        PipelineEndpointVersion: result.endpointVersion ?? null,
        Unchanged: result.unchanged === true,
      });
    },
  );

  app.put(
    '/Pipelines/:pipelineId/Status',
    {
      ...requires('ml/pipelines/write'),
      schema: {
        tags,
        summary: 'Set the status: Active, Deprecated or Disabled',
        params: pipelineParamsSchema,
        body: pipelineStatusBodySchema,
        response: { 200: pipelineEntitySchema, ...errors },
      },
    },
    async (request) => {
      const body = request.body;
      const status: MlPublishedPipelineStatus = typeof body === 'string' ? body : body.Status;
      const pipeline = await workspace.setPipelineStatus(request.params.pipelineId, status);
      return publishedPipelineEntity(pipeline, urlsOf(request));
    },
  );
}

/** Base64 contents → bytes; every malformed one is reported at once. */
function decodeFiles(files: Readonly<Record<string, string>>): Record<string, Buffer> {
  const decoded: Record<string, Buffer> = {};
  const bad: string[] = [];
  for (const [path, content] of Object.entries(files)) {
    const compact = content.replace(/\s+/g, '');
    if (compact.length % 4 !== 0 || !BASE64.test(compact)) bad.push(path);
    else decoded[path] = Buffer.from(compact, 'base64');
  }
  if (bad.length > 0) {
    throw new MlWorkspaceError(
      'ML_INVALID_REQUEST',
      `body.Files: the content of ${bad.map((path) => JSON.stringify(path)).join(', ')} is not base64; send each file's bytes base64-encoded.`,
      bad.map((name) => ({ name, problem: 'not base64' })),
    );
  }
  return decoded;
}
