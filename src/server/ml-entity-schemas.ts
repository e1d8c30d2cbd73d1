/**
 * The wire contract of the ML workspace API: the entities the server answers with, as JSON
 * schemas (documented in the OpenAPI document) and, derived from them, their TypeScript types,
 * which the server's mapping and `MlWorkspaceClient` share.
 *
 * Field names are Azure ML's (PascalCase, as `azureml-pipeline-core` reads them: `Id`,
 * `EntityStatus`, `Url`, `PipelineVersionList`, `RunHistoryExperimentName`, `Status.StatusCode`
 * …). Fields Azure ML has no name for are Millrace's own and say so in their description; they
 * carry what a client needs to rebuild the store's records exactly.
 */
import type { FromSchema } from 'json-schema-to-ts';
import {
  MlEndpointStatuses,
  MlInterfaceParameterTypes,
  MlPublishedPipelineStatuses,
  MlRunStatuses,
} from '../store/ml-store.js';

const instant = { type: 'string', description: 'An ISO 8601 instant.' } as const;
const nullableInstant = { type: ['string', 'null'], description: 'An ISO 8601 instant.' } as const;
const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

export const dataPathEntitySchema = {
  type: 'object',
  description: 'A location on a datastore.',
  properties: {
    DataStoreName: { type: 'string' },
    RelativePath: { type: 'string' },
  },
  required: ['DataStoreName', 'RelativePath'],
  additionalProperties: false,
} as const;

const dataPathMap = { type: 'object', additionalProperties: dataPathEntitySchema } as const;

export const errorEntitySchema = {
  type: 'object',
  description: 'A run or step failure as data (Millrace).',
  properties: {
    Code: { type: 'string' },
    Message: { type: 'string' },
    FailureType: { type: 'string', enum: ['UserError', 'SystemError'] },
    Details: { description: 'Any JSON: what the failure concerns, item by item.' },
  },
  required: ['Code', 'Message', 'FailureType'],
  additionalProperties: false,
} as const;

const nullableError = { anyOf: [errorEntitySchema, { type: 'null' }] } as const;

const createdBySchema = {
  anyOf: [
    {
      type: 'object',
      description: 'Who created it, as the request said (Millrace does not verify it).',
      properties: { UserName: { type: 'string' } },
      required: ['UserName'],
      additionalProperties: false,
    },
    { type: 'null' },
  ],
} as const;

export const pipelineInterfaceEntitySchema = {
  type: 'object',
  description: "The published pipeline's parameters and data path parameters (Millrace).",
  properties: {
    Parameters: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          Name: { type: 'string' },
          Type: {
            type: 'integer',
            enum: [0, 1, 2, 3],
            description: "Azure ML's ParameterType code: Int=0, Double=1, Bool=2, String=3.",
          },
          TypeName: { type: 'string', enum: MlInterfaceParameterTypes },
          DefaultValue: {
            type: ['string', 'null'],
            description: 'As Azure sends it (a string); null when the parameter is required.',
          },
          IsOptional: { type: 'boolean' },
          Description: { type: 'string' },
        },
        required: ['Name', 'Type', 'TypeName', 'DefaultValue', 'IsOptional'],
        additionalProperties: false,
      },
    },
    DataPathParameters: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          Name: { type: 'string' },
          DataTypeId: { type: 'string', description: '`uri_folder`, `uri_file` or `mltable`.' },
          DefaultValue: { anyOf: [dataPathEntitySchema, { type: 'null' }] },
          IsOptional: { type: 'boolean' },
          Description: { type: 'string' },
        },
        required: ['Name', 'DataTypeId', 'DefaultValue', 'IsOptional'],
        additionalProperties: false,
      },
    },
  },
  required: ['Parameters', 'DataPathParameters'],
  additionalProperties: false,
} as const;

const pipelineEntityProperties = {
  Id: { type: 'string' },
  Name: { type: 'string' },
  Description: { type: 'string' },
  Version: { type: 'string' },
  EntityStatus: { type: 'string', enum: MlPublishedPipelineStatuses },
  Url: { type: 'string', description: 'Where to POST a submission of this pipeline.' },
  GraphId: { type: 'string', description: 'The snapshot hash (Azure ML: the graph id).' },
  SnapshotHash: {
    type: 'string',
    description: 'sha256 over the definition and its code (Millrace).',
  },
  TotalRunSteps: { type: 'integer' },
  ContinueRunOnStepFailure: { type: 'boolean' },
  EnableEmailNotification: { type: 'boolean', description: 'Always false in Millrace.' },
  CreatedBy: createdBySchema,
  CreatedDate: instant,
  LastModifiedDate: instant,
  Interface: pipelineInterfaceEntitySchema,
  Definition: {
    type: 'object',
    description: 'The stored pipeline definition: `{pipeline, stepCode}` (Millrace).',
  },
} as const;

const pipelineEntityRequired = [
  'Id',
  'Name',
  'Description',
  'Version',
  'EntityStatus',
  'Url',
  'GraphId',
  'SnapshotHash',
  'TotalRunSteps',
  'ContinueRunOnStepFailure',
  'EnableEmailNotification',
  'CreatedBy',
  'CreatedDate',
  'LastModifiedDate',
  'Interface',
  'Definition',
] as const;

export const pipelineEntitySchema = {
  type: 'object',
  description: 'A published pipeline (Azure ML: PipelineEntity).',
  properties: pipelineEntityProperties,
  required: pipelineEntityRequired,
  additionalProperties: false,
} as const;

export const pipelineEndpointEntitySchema = {
  type: 'object',
  description: 'A pipeline endpoint (Azure ML: PipelineEndpointEntity).',
  properties: {
    Id: { type: 'string' },
    Name: { type: 'string' },
    Description: { type: 'string' },
    EntityStatus: { type: 'string', enum: MlEndpointStatuses },
    DefaultVersion: { type: 'string' },
    Url: { type: 'string', description: 'Where to POST a submission of the default version.' },
    SwaggerUrl: { type: 'string', description: "The server's OpenAPI document." },
    PipelineVersionList: {
      type: 'array',
      description: 'Oldest first.',
      items: {
        type: 'object',
        properties: {
          PipelineId: { type: 'string' },
          Version: { type: 'string' },
          AddedDate: { ...instant, description: 'When the version was added (Millrace).' },
        },
        required: ['PipelineId', 'Version', 'AddedDate'],
        additionalProperties: false,
      },
    },
    CreatedDate: instant,
    LastModifiedDate: instant,
  },
  required: [
    'Id',
    'Name',
    'Description',
    'EntityStatus',
    'DefaultVersion',
    'Url',
    'SwaggerUrl',
    'PipelineVersionList',
    'CreatedDate',
    'LastModifiedDate',
  ],
  additionalProperties: false,
} as const;

/** A version of an endpoint with its published pipeline (`GET PipelineEndpoints/{id}/Pipelines`). */
export const endpointPipelineEntitySchema = {
  type: 'object',
  description: 'A published pipeline as a version of an endpoint.',
  properties: {
    ...pipelineEntityProperties,
    PipelineEndpointVersion: { type: 'string', description: 'The version (Millrace).' },
    IsDefaultVersion: { type: 'boolean', description: "Whether it is the endpoint's default." },
  },
  required: [...pipelineEntityRequired, 'PipelineEndpointVersion', 'IsDefaultVersion'],
  additionalProperties: false,
} as const;

export const publishResultEntitySchema = {
  type: 'object',
  description: 'The published pipeline, and the endpoint version it was added as, if any.',
  properties: {
    ...pipelineEntityProperties,
    SnapshotExisted: {
      type: 'boolean',
      description: 'True when an identical snapshot was already stored (Millrace).',
    },
    PipelineEndpoint: { anyOf: [pipelineEndpointEntitySchema, { type: 'null' }] },
    PipelineEndpointVersion: { type: ['string', 'null'] },
    Unchanged: {
      type: 'boolean',
      description:
        "True when SkipIfUnchanged found the endpoint's default version identical: nothing was published (Millrace).",
    },
  },
  required: [
    ...pipelineEntityRequired,
    'SnapshotExisted',
    'PipelineEndpoint',
    'PipelineEndpointVersion',
  ],
  additionalProperties: false,
} as const;

const metricValuesSchema = {
  type: 'object',
  description: 'Metric name → every value logged, oldest first.',
  additionalProperties: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        Value: { type: ['number', 'string', 'boolean'] },
        LoggedAt: instant,
      },
      required: ['Value', 'LoggedAt'],
      additionalProperties: false,
    },
  },
} as const;

export const stepRunEntitySchema = {
  type: 'object',
  description: 'One step of a pipeline run (Millrace; Azure ML keeps these as child runs).',
  properties: {
    Id: { type: 'string' },
    RunId: { type: 'string' },
    Name: { type: 'string' },
    StepType: { type: 'string', enum: ['command', 'parallel'] },
    Status: { type: 'string', enum: MlRunStatuses, description: 'Run-history status.' },
    StatusCode: {
      type: 'integer',
      enum: [0, 1, 2, 3, 4, 5, 6, 7],
      description:
        'Azure ML node status code: 0 NotStarted, 1 Queued, 2 Running, 3 Failed, 4 Finished, 5 Canceled (6 PartiallyExecuted and 7 Bypassed are never used; a reused step is 4 with Reused true).',
    },
    Reused: { type: 'boolean' },
    ReusedFromRunId: { type: ['string', 'null'] },
    ReusedFromStepRunId: { type: ['string', 'null'] },
    RerunReason: { type: ['string', 'null'], description: 'Why the step ran instead of reuse.' },
    ReuseKey: { type: ['string', 'null'] },
    ReuseComponents: { type: 'object', description: 'The hashed parts of the reuse key.' },
    Attempt: { type: 'integer', description: '0 until the first attempt starts.' },
    Attempts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          Attempt: { type: 'integer' },
          StartTime: instant,
          EndTime: nullableInstant,
          ExitCode: { type: ['integer', 'null'] },
          Error: nullableError,
        },
        required: ['Attempt', 'StartTime', 'EndTime', 'ExitCode', 'Error'],
        additionalProperties: false,
      },
    },
    ExitCode: { type: ['integer', 'null'] },
    StartTime: nullableInstant,
    EndTime: nullableInstant,
    DurationMs: { type: ['number', 'null'] },
    Outputs: { ...dataPathMap, description: 'Output name → where it was written.' },
    Logs: { ...dataPathMap, description: 'Stream name → where the log is kept.' },
    Metrics: metricValuesSchema,
    Tags: stringMap,
    Progress: {
      anyOf: [{ type: 'object' }, { type: 'null' }],
      description: 'Parallel steps: mini-batch and item counts.',
    },
    Error: nullableError,
  },
  required: [
    'Id',
    'RunId',
    'Name',
    'StepType',
    'Status',
    'StatusCode',
    'Reused',
    'ReusedFromRunId',
    'ReusedFromStepRunId',
    'RerunReason',
    'ReuseKey',
    'ReuseComponents',
    'Attempt',
    'Attempts',
    'ExitCode',
    'StartTime',
    'EndTime',
    'DurationMs',
    'Outputs',
    'Logs',
    'Metrics',
    'Tags',
    'Progress',
    'Error',
  ],
  additionalProperties: false,
} as const;

export const pipelineRunEntitySchema = {
  type: 'object',
  description: 'A pipeline run (Azure ML: PipelineRunEntity).',
  properties: {
    Id: { type: 'string' },
    Description: { type: 'string' },
    Status: {
      type: 'object',
      properties: {
        StatusCode: {
          type: 'integer',
          enum: [0, 1, 2, 3, 4],
          description:
            'Azure ML pipeline status code: 0 NotStarted, 1 Running, 2 Failed, 3 Finished, 4 Canceled.',
        },
        StatusDetail: { type: ['string', 'null'] },
        CreationTime: instant,
        EndTime: nullableInstant,
        Status: { type: 'string', enum: MlRunStatuses, description: 'Run-history status.' },
      },
      required: ['StatusCode', 'StatusDetail', 'CreationTime', 'EndTime', 'Status'],
      additionalProperties: false,
    },
    GraphId: { type: ['string', 'null'] },
    IsSubmitted: { type: 'boolean' },
    HasErrors: { type: 'boolean' },
    HasWarnings: { type: 'boolean' },
    RunHistoryExperimentName: { type: 'string' },
    PipelineId: { type: 'string' },
    PipelineName: { type: 'string', description: "The published pipeline's name (Millrace)." },
    PipelineEndpointId: { type: ['string', 'null'] },
    PipelineEndpointVersion: {
      type: ['string', 'null'],
      description: 'The endpoint version that ran (Millrace).',
    },
    RunSource: { type: 'string' },
    RunType: { type: 'string' },
    TotalRunSteps: { type: 'integer', description: 'Left out of run lists.' },
    ParameterAssignments: { ...stringMap, description: 'Resolved values, as strings.' },
    ParameterValues: {
      type: 'object',
      description: 'Resolved values in their declared types (Millrace).',
      additionalProperties: { type: ['string', 'number', 'boolean'] },
    },
    DataPathAssignments: dataPathMap,
    ContinueRunOnStepFailure: { type: 'boolean' },
    RegenerateOutputs: { type: 'boolean' },
    Tags: stringMap,
    StepTags: stringMap,
    ParentRunId: { type: ['string', 'null'] },
    RunUrl: { type: 'string', description: "This run's URL on this server." },
    CreatedBy: createdBySchema,
    CreatedDate: instant,
    LastModifiedDate: instant,
    StartTime: nullableInstant,
    EndTime: nullableInstant,
    CancelRequested: { type: 'boolean' },
    Error: nullableError,
    StepRuns: { type: 'array', items: stepRunEntitySchema, description: 'Left out of run lists.' },
  },
  required: [
    'Id',
    'Description',
    'Status',
    'GraphId',
    'IsSubmitted',
    'HasErrors',
    'HasWarnings',
    'RunHistoryExperimentName',
    'PipelineId',
    'PipelineName',
    'PipelineEndpointId',
    'PipelineEndpointVersion',
    'RunSource',
    'RunType',
    'ParameterAssignments',
    'ParameterValues',
    'DataPathAssignments',
    'ContinueRunOnStepFailure',
    'RegenerateOutputs',
    'Tags',
    'StepTags',
    'ParentRunId',
    'RunUrl',
    'CreatedBy',
    'CreatedDate',
    'LastModifiedDate',
    'StartTime',
    'EndTime',
    'CancelRequested',
    'Error',
  ],
  additionalProperties: false,
} as const;

export const pipelineRunPageSchema = {
  type: 'object',
  description: 'A page of runs, newest first; pass ContinuationToken back for the next.',
  properties: {
    Value: { type: 'array', items: pipelineRunEntitySchema },
    ContinuationToken: { type: 'string' },
  },
  required: ['Value'],
  additionalProperties: false,
} as const;

export const experimentEntitySchema = {
  type: 'object',
  description:
    "An experiment, a named group of runs created on a run's first use (Millrace; Azure ML keeps experiments in run history), with its run count and newest run.",
  properties: {
    Id: { type: 'string' },
    Name: { type: 'string' },
    CreatedDate: instant,
    RunCount: { type: 'integer', minimum: 0 },
    LastRun: {
      anyOf: [
        {
          type: 'object',
          description: 'The last created run.',
          properties: {
            Id: { type: 'string' },
            Status: { type: 'string', enum: MlRunStatuses, description: 'Run-history status.' },
            StatusCode: {
              type: 'integer',
              enum: [0, 1, 2, 3, 4],
              description:
                'Azure ML pipeline status code: 0 NotStarted, 1 Running, 2 Failed, 3 Finished, 4 Canceled.',
            },
            PipelineName: { type: 'string' },
            CreatedDate: instant,
            StartTime: nullableInstant,
            EndTime: nullableInstant,
          },
          required: [
            'Id',
            'Status',
            'StatusCode',
            'PipelineName',
            'CreatedDate',
            'StartTime',
            'EndTime',
          ],
          additionalProperties: false,
        },
        { type: 'null' },
      ],
    },
  },
  required: ['Id', 'Name', 'CreatedDate', 'RunCount', 'LastRun'],
  additionalProperties: false,
} as const;

export const stepMetricsEntitySchema = {
  type: 'object',
  properties: {
    StepName: { type: 'string' },
    StepRunId: { type: 'string' },
    Metrics: metricValuesSchema,
  },
  required: ['StepName', 'StepRunId', 'Metrics'],
  additionalProperties: false,
} as const;

export const errorBodySchema = {
  type: 'object',
  description: 'Every error answer.',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {},
        adfCode: { type: 'string', description: "Data Factory's code for it, when it has one." },
      },
      required: ['code', 'message'],
      additionalProperties: false,
    },
  },
  required: ['error'],
  additionalProperties: false,
} as const;

export type DataPathEntity = FromSchema<typeof dataPathEntitySchema>;
export type ErrorEntity = FromSchema<typeof errorEntitySchema>;
export type PipelineInterfaceEntity = FromSchema<typeof pipelineInterfaceEntitySchema>;
export type PipelineEntity = FromSchema<typeof pipelineEntitySchema>;
export type PipelineEndpointEntity = FromSchema<typeof pipelineEndpointEntitySchema>;
export type EndpointPipelineEntity = FromSchema<typeof endpointPipelineEntitySchema>;
export type PublishResultEntity = FromSchema<typeof publishResultEntitySchema>;
export type StepRunEntity = FromSchema<typeof stepRunEntitySchema>;
export type PipelineRunEntity = FromSchema<typeof pipelineRunEntitySchema>;
export type PipelineRunPageEntity = FromSchema<typeof pipelineRunPageSchema>;
export type StepMetricsEntity = FromSchema<typeof stepMetricsEntitySchema>;
export type ExperimentEntity = FromSchema<typeof experimentEntitySchema>;
export type ErrorBody = FromSchema<typeof errorBodySchema>;
