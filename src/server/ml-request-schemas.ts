/**
 * JSON schemas of the ML workspace API's requests: path parameters, query strings and bodies.
 * Body keys are matched ignoring case (`case-insensitive-body.ts` renames them to the spelling
 * here before validation); unknown body fields are ignored.
 */
import {
  MlEndpointStatuses,
  MlPublishedPipelineStatuses,
  MlRunStatuses,
} from '../store/ml-store.js';

export const workspaceParamsProperties = {
  subscriptionId: { type: 'string' },
  resourceGroupName: { type: 'string' },
  workspaceName: { type: 'string' },
} as const;

const workspaceParamsRequired = ['subscriptionId', 'resourceGroupName', 'workspaceName'] as const;

export const workspaceParamsSchema = {
  type: 'object',
  properties: workspaceParamsProperties,
  required: workspaceParamsRequired,
} as const;

export const pipelineParamsSchema = {
  type: 'object',
  properties: { ...workspaceParamsProperties, pipelineId: { type: 'string' } },
  required: [...workspaceParamsRequired, 'pipelineId'],
} as const;

export const endpointParamsSchema = {
  type: 'object',
  properties: { ...workspaceParamsProperties, endpointId: { type: 'string' } },
  required: [...workspaceParamsRequired, 'endpointId'],
} as const;

export const endpointVersionParamsSchema = {
  type: 'object',
  properties: {
    ...workspaceParamsProperties,
    endpointId: { type: 'string' },
    version: { type: 'string' },
  },
  required: [...workspaceParamsRequired, 'endpointId', 'version'],
} as const;

export const endpointNameParamsSchema = {
  type: 'object',
  properties: { ...workspaceParamsProperties, name: { type: 'string' } },
  required: [...workspaceParamsRequired, 'name'],
} as const;

export const runParamsSchema = {
  type: 'object',
  properties: { ...workspaceParamsProperties, runId: { type: 'string' } },
  required: [...workspaceParamsRequired, 'runId'],
} as const;

export const stepParamsSchema = {
  type: 'object',
  properties: {
    ...workspaceParamsProperties,
    runId: { type: 'string' },
    step: { type: 'string', description: 'A step name or step run id.' },
  },
  required: [...workspaceParamsRequired, 'runId', 'step'],
} as const;

export const stepLogParamsSchema = {
  type: 'object',
  properties: {
    ...workspaceParamsProperties,
    runId: { type: 'string' },
    step: { type: 'string', description: 'A step name or step run id.' },
    stream: { type: 'string', enum: ['stdout', 'stderr'] },
  },
  required: [...workspaceParamsRequired, 'runId', 'step', 'stream'],
} as const;

export const activeOnlyQuerySchema = {
  type: 'object',
  properties: {
    activeOnly: {
      type: 'boolean',
      default: true,
      description: 'Only Active ones. (Default: true)',
    },
  },
} as const;

export const nameQuerySchema = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1 } },
  required: ['name'],
} as const;

/** Millrace's long poll on `GET PipelineRuns/{runId}`: answer once the status moves on. */
export const runWaitQuerySchema = {
  type: 'object',
  properties: {
    waitWhileStatus: {
      type: 'string',
      enum: MlRunStatuses,
      description:
        'Answer only once the run has another status (or `waitSeconds` have passed): a follower learns of the change at once without polling.',
    },
    waitSeconds: {
      type: 'integer',
      minimum: 0,
      maximum: 60,
      description: 'The longest wait with `waitWhileStatus`. (Default: 30)',
    },
  },
} as const;

export const runListQuerySchema = {
  type: 'object',
  properties: {
    experimentName: { type: 'string' },
    pipelineId: { type: 'string' },
    pipelineEndpointId: { type: 'string' },
    status: {
      type: 'string',
      description: 'Run-history statuses, comma-separated (e.g. `Running,Queued`).',
    },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      description: 'Runs per page. (Default: 100)',
    },
    continuationToken: { type: 'string' },
  },
} as const;

export const pipelineRunsQuerySchema = {
  type: 'object',
  properties: {
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      description: 'The newest this many runs. (Default: 100)',
    },
  },
} as const;

export const submitQuerySchema = {
  type: 'object',
  properties: {
    pipelineVersion: {
      type: 'string',
      description: 'Endpoint submissions: the version to run. (Default: the default version)',
    },
    parentRunId: { type: 'string', description: 'Used when the body has no ParentRunId.' },
  },
} as const;

export const submitNameQuerySchema = {
  type: 'object',
  properties: { ...submitQuerySchema.properties, name: { type: 'string', minLength: 1 } },
  required: ['name'],
} as const;

export const publishBodySchema = {
  type: 'object',
  description: 'A pipeline YAML and the files its code folders hold, to publish.',
  properties: {
    Name: { type: 'string', description: "(Default: the YAML's name)" },
    Description: { type: 'string', description: "(Default: the YAML's description, else '')" },
    Version: { type: 'string', description: "(Default: '1')" },
    ContinueRunOnStepFailure: {
      type: 'boolean',
      description: "(Default: the YAML's settings.continue_on_step_failure)",
    },
    Definition: { type: 'string', minLength: 1, description: 'The pipeline YAML text.' },
    DefinitionFileName: {
      type: 'string',
      minLength: 1,
      default: 'pipeline.yml',
      description: "The YAML's file name. (Default: 'pipeline.yml')",
    },
    Files: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: "Path relative to the YAML's folder → content in base64.",
    },
    EndpointName: {
      type: 'string',
      minLength: 1,
      description: 'Also add the pipeline to this endpoint as a new version (created if needed).',
    },
    MakeDefault: {
      type: 'boolean',
      description: 'With EndpointName: make the new version the default. (Default: false)',
    },
    SkipIfUnchanged: {
      type: 'boolean',
      description:
        "With EndpointName: publish nothing when the endpoint's default version has the same definition and code; the answer is that version, with Unchanged true. (Default: false)",
    },
    CreatedBy: {
      type: 'string',
      description: 'Ignored: the signed-in principal is recorded as the creator (Millrace).',
    },
  },
  required: ['Definition'],
} as const;

export const pipelineStatusBodySchema = {
  description: 'The new status, as a JSON string (as azureml-pipeline-core sends it) or an object.',
  anyOf: [
    { type: 'string', enum: MlPublishedPipelineStatuses },
    {
      type: 'object',
      properties: { Status: { type: 'string', enum: MlPublishedPipelineStatuses } },
      required: ['Status'],
    },
  ],
} as const;

export const createEndpointBodySchema = {
  type: 'object',
  properties: {
    Name: { type: 'string', minLength: 1 },
    Description: { type: 'string' },
    PipelineId: { type: 'string', minLength: 1, description: 'Becomes version "0".' },
  },
  required: ['Name', 'PipelineId'],
} as const;

export const updateEndpointBodySchema = {
  type: 'object',
  description:
    'Any of: add a version (AddPipelineId, optionally MakeDefault), set the default version, set the status. Applied in that order.',
  properties: {
    AddPipelineId: { type: 'string', minLength: 1 },
    MakeDefault: { type: 'boolean', description: 'With AddPipelineId. (Default: false)' },
    DefaultVersion: { type: 'string', minLength: 1 },
    Status: { type: 'string', enum: MlEndpointStatuses },
  },
} as const;

export const submitBodySchema = {
  type: 'object',
  description: "Azure ML's PipelineSubmit body; keys match in any letter case.",
  properties: {
    ExperimentName: { type: 'string', minLength: 1 },
    Description: { type: ['string', 'null'] },
    RunSource: { type: ['string', 'null'], description: "(Default: 'API')" },
    ParameterAssignments: {
      type: ['object', 'null'],
      description: 'Name → value (strings as Azure clients send them, or JSON scalars).',
    },
    DataPathAssignments: {
      type: ['object', 'null'],
      description: 'Name → {DataStoreName, RelativePath}.',
      additionalProperties: { type: 'object' },
    },
    DataSetDefinitionValueAssignments: {
      type: ['object', 'null'],
      description: 'Not supported: must be empty; use DataPathAssignments.',
    },
    ContinueRunOnStepFailure: {
      type: ['boolean', 'null'],
      description: "(Default: the published pipeline's setting)",
    },
    Tags: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
    StepTags: { description: 'Ignored.' },
    ParentRunId: { type: ['string', 'null'] },
    RegenerateOutputs: {
      type: ['boolean', 'null'],
      description: 'Rerun every step. (Default: false)',
    },
    CreatedBy: {
      type: ['string', 'null'],
      description: 'Ignored: the signed-in principal is recorded as the creator (Millrace).',
    },
  },
  required: ['ExperimentName'],
} as const;
