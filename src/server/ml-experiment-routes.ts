/**
 * Experiments (Millrace; Azure ML keeps them in run history, outside the pipelines API): the
 * list with each one's run count and newest run, and one step's metrics across an experiment's
 * newest runs, which is how a value logged once per run becomes a trend.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { MlRunStatuses } from '../store/ml-store.js';
import {
  errorBodySchema,
  experimentEntitySchema,
  stepMetricsEntitySchema,
} from './ml-entity-schemas.js';
import { experimentEntity, metricsEntity, RUN_STATUS_CODES } from './ml-entities.js';
import { workspaceParamsProperties, workspaceParamsSchema } from './ml-request-schemas.js';
import { requires } from './route-permission.js';
import type { RouteDependencies, TypedApp } from './typed-app.js';

const tags = ['Experiments'];
const errors = { 400: errorBodySchema, 404: errorBodySchema };
/** Runs looked at when the request says nothing. */
const DEFAULT_METRIC_RUNS = 20;

const experimentParamsSchema = {
  type: 'object',
  properties: { ...workspaceParamsProperties, experimentName: { type: 'string' } },
  required: ['subscriptionId', 'resourceGroupName', 'workspaceName', 'experimentName'],
} as const;

const stepMetricsQuerySchema = {
  type: 'object',
  properties: {
    step: { type: 'string', minLength: 1, description: 'The step name.' },
    pipelineName: {
      type: 'string',
      description: "Only runs of published pipelines of this name. (Default: every pipeline's)",
    },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      description: "The experiment's newest this many runs. (Default: 20)",
    },
  },
  required: ['step'],
} as const;

export const experimentStepMetricsEntitySchema = {
  type: 'object',
  description:
    "A step's metrics in each of the experiment's newest runs that have the step, newest first (Millrace).",
  properties: {
    ExperimentName: { type: 'string' },
    StepName: { type: 'string' },
    Runs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          RunId: { type: 'string' },
          PipelineName: { type: 'string' },
          Status: { type: 'string', enum: MlRunStatuses, description: 'Run-history status.' },
          StatusCode: { type: 'integer', enum: [0, 1, 2, 3, 4] },
          CreatedDate: { type: 'string', description: 'An ISO 8601 instant.' },
          Reused: { type: 'boolean', description: 'Whether the step reused an earlier result.' },
          ...stepMetricsEntitySchema.properties,
        },
        required: [
          'RunId',
          'PipelineName',
          'Status',
          'StatusCode',
          'CreatedDate',
          'Reused',
          ...stepMetricsEntitySchema.required,
        ],
        additionalProperties: false,
      },
    },
  },
  required: ['ExperimentName', 'StepName', 'Runs'],
  additionalProperties: false,
} as const;

export type ExperimentStepMetricsEntity = FromSchema<typeof experimentStepMetricsEntitySchema>;

export function registerExperimentRoutes(app: TypedApp, { workspace }: RouteDependencies): void {
  app.get(
    '/Experiments',
    {
      ...requires('ml/runs/read'),
      schema: {
        tags,
        summary:
          'Experiments with their run counts and newest runs, most recently used first (Millrace)',
        params: workspaceParamsSchema,
        response: { 200: { type: 'array', items: experimentEntitySchema }, ...errors },
      },
    },
    async () => (await workspace.listExperiments()).map(experimentEntity),
  );

  app.get(
    '/Experiments/:experimentName/StepMetrics',
    {
      ...requires('ml/runs/read'),
      schema: {
        tags,
        summary: "A step's metrics across the experiment's newest runs (Millrace)",
        params: experimentParamsSchema,
        querystring: stepMetricsQuerySchema,
        response: { 200: experimentStepMetricsEntitySchema, ...errors },
      },
    },
    async (request): Promise<ExperimentStepMetricsEntity> => {
      const { experimentName } = request.params;
      const { step, pipelineName, limit } = request.query;
      const page = await workspace.listRuns({
        experimentName,
        limit: limit ?? DEFAULT_METRIC_RUNS,
      });
      const runs = page.value.filter(
        (run) => pipelineName === undefined || run.pipelineName === pipelineName,
      );
      const details = await Promise.all(runs.map((run) => workspace.getRun(run.id)));
      return {
        ExperimentName: experimentName,
        StepName: step,
        Runs: details.flatMap(({ run, steps }) => {
          const stepRun = steps.find((candidate) => candidate.stepName === step);
          if (stepRun === undefined) return [];
          return [
            {
              RunId: run.id,
              PipelineName: run.pipelineName,
              Status: run.status,
              StatusCode: RUN_STATUS_CODES[run.status],
              CreatedDate: run.createdAt,
              Reused: stepRun.reused,
              StepName: stepRun.stepName,
              StepRunId: stepRun.id,
              Metrics: metricsEntity(stepRun.metrics),
            },
          ];
        }),
      };
    },
  );
}
