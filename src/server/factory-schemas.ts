/**
 * JSON schemas of the factory REST API: path parameters, query strings, bodies and answers, in
 * Data Factory's field names. Answers are written as they are (the schemas document them).
 */

const factoryParamsProperties = {
  subscriptionId: { type: 'string' },
  resourceGroupName: { type: 'string' },
  factoryName: { type: 'string' },
} as const;
const factoryParamsRequired = ['subscriptionId', 'resourceGroupName', 'factoryName'] as const;

export const factoryParamsSchema = {
  type: 'object',
  properties: factoryParamsProperties,
  required: factoryParamsRequired,
} as const;

export const resourceParamsSchema = {
  type: 'object',
  properties: { ...factoryParamsProperties, name: { type: 'string' } },
  required: [...factoryParamsRequired, 'name'],
} as const;

export const runParamsSchema = {
  type: 'object',
  properties: { ...factoryParamsProperties, runId: { type: 'string' } },
  required: [...factoryParamsRequired, 'runId'],
} as const;

const apiVersion = {
  'api-version': {
    type: 'string',
    description: "Data Factory's API version (2018-06-01); accepted and not checked.",
  },
} as const;

export const apiVersionQuerySchema = {
  type: 'object',
  properties: apiVersion,
} as const;

export const createRunQuerySchema = {
  type: 'object',
  properties: {
    ...apiVersion,
    referencePipelineRunId: {
      type: 'string',
      description: "Rerun this run: its parameters are used and the body's ignored.",
    },
    isRecovery: {
      type: 'boolean',
      description: 'With referencePipelineRunId: the new run joins its run group. (Default: false)',
    },
    startActivityName: {
      type: 'string',
      description: 'In recovery: this top-level activity and everything downstream run again.',
    },
    startFromFailure: {
      type: 'boolean',
      description: 'In recovery: top-level activities that succeeded are kept. (Default: false)',
    },
  },
} as const;

export const cancelQuerySchema = {
  type: 'object',
  properties: {
    ...apiVersion,
    isRecursive: {
      type: 'boolean',
      description: 'Also cancel the runs its ExecutePipeline activities started. (Default: true)',
    },
  },
} as const;

export const resourceBodySchema = {
  type: 'object',
  description:
    "Data Factory's resource JSON: `properties` as in a git folder's file; `name`, when given, must be the path's (letter case aside). Masked SecureString values keep the stored secret.",
  properties: {
    name: { type: 'string' },
    properties: { type: 'object' },
  },
} as const;

export const debugRunBodySchema = {
  type: 'object',
  description:
    "The pipeline to debug, saved or not (`properties` as PUT takes them; masked SecureString values are the stored pipeline's), and the parameters of the run.",
  properties: {
    name: { type: 'string', description: "When given, the path's (letter case aside)." },
    properties: { type: 'object' },
    parameters: {
      type: 'object',
      additionalProperties: true,
      description: "The run's parameters by name. (Default: none; their defaults apply.)",
    },
  },
} as const;

export const parametersBodySchema = {
  type: 'object',
  description: "The run's parameters by name.",
  additionalProperties: true,
} as const;

export const runFilterBodySchema = {
  type: 'object',
  description:
    "Data Factory's RunFilterParameters. Millrace does not require the two instants and takes one orderBy entry at most.",
  properties: {
    lastUpdatedAfter: { type: 'string', description: 'ISO 8601, inclusive.' },
    lastUpdatedBefore: { type: 'string', description: 'ISO 8601, exclusive.' },
    continuationToken: { type: 'string' },
    filters: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          operand: { type: 'string' },
          operator: { type: 'string', description: 'Equals, NotEquals, In or NotIn.' },
          values: { type: 'array', items: { type: 'string' } },
        },
        required: ['operand', 'operator', 'values'],
      },
    },
    orderBy: {
      type: 'array',
      maxItems: 1,
      items: {
        type: 'object',
        properties: {
          orderBy: { type: 'string' },
          order: { type: 'string', description: 'ASC or DESC.' },
        },
        required: ['orderBy', 'order'],
      },
    },
  },
} as const;

const problemSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    target: { type: 'string', description: 'A JSON pointer, or <collection>/<name>#<pointer>.' },
  },
  required: ['code', 'message'],
} as const;

export const resourceEntitySchema = {
  type: 'object',
  description: 'A pipeline, linked service or dataset as Data Factory returns it; secrets masked.',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string' },
    properties: { type: 'object' },
    etag: { type: 'string' },
    warnings: {
      type: 'array',
      items: problemSchema,
      description: "Millrace: the resource's validation warnings, after a create or update.",
    },
  },
  required: ['id', 'name', 'type', 'properties', 'etag'],
} as const;

export const validationResultSchema = {
  type: 'object',
  description:
    "Millrace: what PUT would say of the body, nothing stored. errors are what PUT would refuse it for (its 400's details, same targets); warnings are the resource's.",
  properties: {
    valid: { type: 'boolean' },
    errors: { type: 'array', items: problemSchema },
    warnings: { type: 'array', items: problemSchema },
  },
  required: ['valid', 'errors', 'warnings'],
} as const;

export const resourceListSchema = {
  type: 'object',
  properties: {
    value: { type: 'array', items: resourceEntitySchema },
    nextLink: { type: 'string' },
  },
  required: ['value'],
} as const;

export const createRunResponseSchema = {
  type: 'object',
  properties: { runId: { type: 'string' } },
  required: ['runId'],
} as const;

export const runDefinitionSchema = {
  type: 'object',
  description: 'The pipeline resource a run executes (Millrace), SecureString values masked.',
  properties: { name: { type: 'string' }, properties: { type: 'object' } },
  required: ['name', 'properties'],
} as const;

export const pipelineRunSchema = {
  type: 'object',
  description:
    "A pipeline run in Data Factory's fields (SecureString parameters masked); output, parentRunId and referencePipelineRunId are Millrace's.",
  properties: {
    runId: { type: 'string' },
    runGroupId: { type: 'string' },
    isLatest: { type: 'boolean' },
    pipelineName: { type: 'string' },
    parameters: { description: 'By name; SecureString values masked.' },
    invokedBy: {
      description:
        '{ name, id, invokedByType, pipelineName?, pipelineRunId? }; a debug run (debugRun, and its recovery reruns) has name and invokedByType Debug.',
    },
    runStart: { type: 'string' },
    runEnd: { type: ['string', 'null'] },
    durationInMs: { type: ['number', 'null'] },
    status: { type: 'string' },
    message: { type: 'string' },
    lastUpdated: { type: 'string' },
  },
  required: ['runId', 'pipelineName', 'status'],
} as const;

export const pipelineRunPageSchema = {
  type: 'object',
  properties: {
    value: { type: 'array', items: pipelineRunSchema },
    continuationToken: { type: 'string' },
  },
  required: ['value'],
} as const;

export const activityRunSchema = {
  type: 'object',
  description:
    "An activity run in Data Factory's fields (secure input and output masked); scope and attempt are Millrace's.",
  properties: {
    activityRunId: { type: 'string' },
    pipelineRunId: { type: 'string' },
    pipelineName: { type: 'string' },
    activityName: { type: 'string' },
    activityType: { type: 'string' },
    status: { type: 'string' },
    activityRunStart: { type: 'string' },
    activityRunEnd: { type: ['string', 'null'] },
    durationInMs: { type: ['number', 'null'] },
    input: {},
    output: {},
    error: {},
  },
  required: ['activityRunId', 'pipelineRunId', 'activityName', 'status'],
} as const;

export const activityRunPageSchema = {
  type: 'object',
  properties: {
    value: { type: 'array', items: activityRunSchema },
    continuationToken: { type: 'string' },
  },
  required: ['value'],
} as const;

export const factoryErrorBodySchema = {
  type: 'object',
  description: "Every error answer, in Data Factory's shape.",
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        target: { type: 'string' },
        details: { type: 'array', items: problemSchema },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

export const factoryErrors = {
  400: factoryErrorBodySchema,
  404: factoryErrorBodySchema,
} as const;
