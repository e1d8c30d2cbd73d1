/**
 * Pipeline runs: get one (with its step runs), list them (Millrace's paged list, and Azure ML's
 * runs-of-a-pipeline), cancel, and a step's runs, logs and metrics.
 */
import type { MlRunDetails } from '../ml/workspace/ml-workspace.js';
import { MlWorkspaceError } from '../ml/workspace/ml-workspace-errors.js';
import { MlRunStatuses, type MlRunStatus, type MlStepRunRecord } from '../store/ml-store.js';
import {
  errorBodySchema,
  pipelineRunEntitySchema,
  pipelineRunPageSchema,
  stepMetricsEntitySchema,
  stepRunEntitySchema,
} from './ml-entity-schemas.js';
import { metricsEntity, pipelineRunEntity, stepRunEntity } from './ml-entities.js';
import {
  pipelineParamsSchema,
  pipelineRunsQuerySchema,
  runListQuerySchema,
  runParamsSchema,
  runWaitQuerySchema,
  stepLogParamsSchema,
  stepParamsSchema,
  workspaceParamsSchema,
} from './ml-request-schemas.js';
import { urlsOf, type RouteDependencies, type TypedApp } from './typed-app.js';
import { requires } from './route-permission.js';

const tags = ['Pipeline runs'];
const DEFAULT_WAIT_SECONDS = 30;
const errors = { 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
/** Runs per page when the request says nothing. */
const DEFAULT_RUN_LIMIT = 100;

export function registerRunRoutes(app: TypedApp, { workspace }: RouteDependencies): void {
  app.get(
    '/PipelineRuns',
    {
      ...requires('ml/runs/read'),
      schema: {
        tags,
        summary: 'List runs, newest first, a page at a time (Millrace)',
        params: workspaceParamsSchema,
        querystring: runListQuerySchema,
        response: { 200: pipelineRunPageSchema, ...errors },
      },
    },
    async (request) => {
      const { query } = request;
      const page = await workspace.listRuns({
        ...(query.experimentName === undefined ? {} : { experimentName: query.experimentName }),
        ...(query.pipelineId === undefined ? {} : { pipelineId: query.pipelineId }),
        ...(query.pipelineEndpointId === undefined
          ? {}
          : { pipelineEndpointId: query.pipelineEndpointId }),
        ...(query.status === undefined ? {} : { statuses: statusesOf(query.status) }),
        limit: query.limit ?? DEFAULT_RUN_LIMIT,
        ...(query.continuationToken === undefined
          ? {}
          : { continuationToken: query.continuationToken }),
      });
      const urls = urlsOf(request);
      return {
        Value: page.value.map((run) => pipelineRunEntity(run, undefined, urls)),
        ...(page.continuationToken === undefined
          ? {}
          : { ContinuationToken: page.continuationToken }),
      };
    },
  );

  app.get(
    '/PipelineRuns/Pipeline/:pipelineId',
    {
      ...requires('ml/runs/read'),
      schema: {
        tags,
        summary: 'The newest runs of a published pipeline',
        params: pipelineParamsSchema,
        querystring: pipelineRunsQuerySchema,
        response: { 200: { type: 'array', items: pipelineRunEntitySchema }, ...errors },
      },
    },
    async (request) => {
      const pipeline = await workspace.getPipeline(request.params.pipelineId);
      const page = await workspace.listRuns({
        pipelineId: pipeline.id,
        limit: request.query.limit ?? DEFAULT_RUN_LIMIT,
      });
      const urls = urlsOf(request);
      return page.value.map((run) => pipelineRunEntity(run, undefined, urls));
    },
  );

  app.get(
    '/PipelineRuns/:runId',
    {
      ...requires('ml/runs/read'),
      schema: {
        tags,
        summary: 'Get a run with its step runs',
        params: runParamsSchema,
        querystring: runWaitQuerySchema,
        response: { 200: pipelineRunEntitySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { waitWhileStatus, waitSeconds } = request.query;
      if (waitWhileStatus !== undefined) {
        const disconnected = new AbortController();
        const onClose = () => disconnected.abort();
        reply.raw.once('close', onClose);
        try {
          await workspace.waitForRunChange(request.params.runId, waitWhileStatus, {
            timeoutMs: (waitSeconds ?? DEFAULT_WAIT_SECONDS) * 1000,
            signal: disconnected.signal,
          });
        } finally {
          reply.raw.off('close', onClose);
        }
      }
      const { run, steps } = await workspace.getRun(request.params.runId);
      return pipelineRunEntity(run, steps, urlsOf(request));
    },
  );

  const cancel = async (runId: string) => {
    const run = await workspace.cancelRun(runId);
    const { steps } = await workspace.getRun(run.id);
    return { run, steps };
  };

  app.post(
    '/PipelineRuns/:runId/Cancel',
    {
      ...requires('ml/runs/cancel'),
      schema: {
        tags,
        summary: 'Cancel a run: CancelRequested now, Canceled once its step processes stopped',
        params: runParamsSchema,
        response: { 200: pipelineRunEntitySchema, ...errors },
      },
    },
    async (request) => {
      const { run, steps } = await cancel(request.params.runId);
      return pipelineRunEntity(run, steps, urlsOf(request));
    },
  );

  app.delete(
    '/PipelineRuns/:runId/Execution',
    {
      ...requires('ml/runs/cancel'),
      schema: {
        tags,
        summary: 'Cancel a run (the path azureml-pipeline-core cancels with)',
        params: runParamsSchema,
        response: { 200: pipelineRunEntitySchema, ...errors },
      },
    },
    async (request) => {
      const { run, steps } = await cancel(request.params.runId);
      return pipelineRunEntity(run, steps, urlsOf(request));
    },
  );

  app.get(
    '/PipelineRuns/:runId/StepRuns',
    {
      ...requires('ml/runs/read'),
      schema: {
        tags,
        summary: "A run's step runs, in step order",
        params: runParamsSchema,
        response: { 200: { type: 'array', items: stepRunEntitySchema }, ...errors },
      },
    },
    async (request) => (await workspace.getRun(request.params.runId)).steps.map(stepRunEntity),
  );

  app.get(
    '/PipelineRuns/:runId/StepRuns/:step/Logs/:stream',
    {
      ...requires('ml/runs/read'),
      schema: {
        tags,
        summary: "A step's stdout or stderr (so far, while it runs), as text",
        params: stepLogParamsSchema,
        response: {
          200: { type: 'string', description: 'The log text (text/plain).' },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { runId, step, stream } = request.params;
      const text = await workspace.readStepLog(runId, step, stream);
      return reply.type('text/plain; charset=utf-8').send(text);
    },
  );

  app.get(
    '/PipelineRuns/:runId/StepRuns/:step/Metrics',
    {
      ...requires('ml/runs/read'),
      schema: {
        tags,
        summary: 'The metrics a step logged (`##millrace {"metric": …}` lines)',
        params: stepParamsSchema,
        response: { 200: stepMetricsEntitySchema, ...errors },
      },
    },
    async (request) => {
      const step = stepOf(await workspace.getRun(request.params.runId), request.params.step);
      return { StepName: step.stepName, StepRunId: step.id, Metrics: metricsEntity(step.metrics) };
    },
  );
}

/** A step by name, else by step run id (as `readStepLog` finds it). */
export function stepOf(details: MlRunDetails, step: string): MlStepRunRecord {
  const found =
    details.steps.find((candidate) => candidate.stepName === step) ??
    details.steps.find((candidate) => candidate.id === step);
  if (found !== undefined) return found;
  throw new MlWorkspaceError(
    'ML_RUN_NOT_FOUND',
    `Run ${details.run.id} has no step named or with the id ${JSON.stringify(step)}; its steps are ${details.steps.map((s) => s.stepName).join(', ')}.`,
  );
}

function statusesOf(text: string): MlRunStatus[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(MlRunStatuses as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new MlWorkspaceError(
      'ML_INVALID_REQUEST',
      `query.status: ${unknown.map((name) => JSON.stringify(name)).join(', ')} ${unknown.length === 1 ? 'is not a status' : 'are not statuses'}; use ${MlRunStatuses.join(', ')}.`,
      unknown.map((name) => ({ name, problem: 'not a run status' })),
    );
  }
  return names as MlRunStatus[];
}
