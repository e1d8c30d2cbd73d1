/**
 * The normalised model of an ML pipeline written in Azure ML v2 pipeline-job YAML. Azure's
 * spellings and Millrace's own (allow_reuse, retry, always_run, run_max_try…) both map here, so
 * publishing, running and the REST API read one shape. Every object is immutable data.
 */

export const ML_PARAMETER_TYPES = ['string', 'integer', 'number', 'boolean'] as const;
export type MlParameterType = (typeof ML_PARAMETER_TYPES)[number];

/** Data types: a folder, a single file, or a table (an MLTable folder) read row by row. */
export const ML_DATA_TYPES = ['uri_folder', 'uri_file', 'mltable'] as const;
export type MlDataType = (typeof ML_DATA_TYPES)[number];

export type MlValueType = MlParameterType | MlDataType;

/** How a step sees a data input or output; optional everywhere (the runner picks a default). */
export const ML_DATA_MODES = [
  'ro_mount',
  'rw_mount',
  'download',
  'upload',
  'direct',
  'eval_mount',
  'eval_download',
] as const;
export type MlDataMode = (typeof ML_DATA_MODES)[number];

export type MlLiteral = string | number | boolean;

/** A location in a datastore. `path` is relative, normalised ('/'-separated, no '.' or '..'). */
export interface MlDataPath {
  readonly datastore: string;
  readonly path: string;
}

/** Where something was written in the YAML file (1-based), for problems found later. */
export interface MlSourceLocation {
  readonly line: number;
  readonly column: number;
  readonly path: string;
}

export type MlPipelineInput = MlParameterInput | MlDataInput;

/** A typed parameter (published as Int/Double/Bool/String). No default means required at submit. */
export interface MlParameterInput {
  readonly kind: 'parameter';
  readonly name: string;
  readonly type: MlParameterType;
  readonly default?: MlLiteral;
  readonly optional: boolean;
  readonly description?: string;
}

/** A data path parameter (published as a DataPath); the default is where it reads if not assigned. */
export interface MlDataInput {
  readonly kind: 'data';
  readonly name: string;
  readonly type: MlDataType;
  readonly default?: MlDataPath;
  readonly mode?: MlDataMode;
  readonly optional: boolean;
  readonly description?: string;
}

export interface MlPipelineOutput {
  readonly name: string;
  readonly type: MlDataType;
  readonly mode?: MlDataMode;
  /** Where the output is written; without one the runner chooses a path in the default datastore. */
  readonly dataPath?: MlDataPath;
  readonly description?: string;
}

export interface MlPipelineSettings {
  /** Datastore for outputs without a path and for data paths that name none. (Default: none.) */
  readonly defaultDatastore?: string;
  /** Keep running steps that do not depend on a failed step. (Default: false.) */
  readonly continueOnStepFailure: boolean;
  /** Run every step even when an earlier result could be reused. (Default: false.) */
  readonly forceRerun: boolean;
  readonly defaultCompute?: string;
}

/** Where a step input's value comes from. */
export type MlStepInputSource =
  | { readonly kind: 'literal'; readonly value: MlLiteral }
  | { readonly kind: 'data-path'; readonly dataPath: MlDataPath }
  | { readonly kind: 'pipeline-input'; readonly inputName: string }
  | { readonly kind: 'step-output'; readonly stepName: string; readonly outputName: string };

export interface MlStepInput {
  readonly name: string;
  readonly source: MlStepInputSource;
  /** The type the step receives: declared, or inferred from the source. */
  readonly type: MlValueType;
  readonly mode?: MlDataMode;
  readonly optional: boolean;
}

export interface MlStepOutput {
  readonly name: string;
  readonly type: MlDataType;
  readonly mode?: MlDataMode;
  /** `${{parent.outputs.x}}`: this output is also the pipeline output named here. */
  readonly pipelineOutput?: string;
}

export const ML_RETRY_BACKOFFS = ['none', 'exponential'] as const;
export type MlRetryBackoff = (typeof ML_RETRY_BACKOFFS)[number];

/** Millrace's step-level retry (Azure ML has none). */
export interface MlRetryPolicy {
  /** Attempts in all, the first included. (Default: 1, no retry.) */
  readonly maxAttempts: number;
  /** Seconds before the second attempt. (Default: 0.) */
  readonly intervalSeconds: number;
  /** 'exponential' doubles the interval after each attempt. (Default: 'none'.) */
  readonly backoff: MlRetryBackoff;
}

export const DEFAULT_RETRY_POLICY: MlRetryPolicy = {
  maxAttempts: 1,
  intervalSeconds: 0,
  backoff: 'none',
};

export const ML_STEP_TYPES = ['command', 'parallel'] as const;
export type MlStepType = (typeof ML_STEP_TYPES)[number];

interface MlStepBase {
  readonly name: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly inputs: readonly MlStepInput[];
  readonly outputs: readonly MlStepOutput[];
  readonly environment?: string;
  readonly compute?: string;
  readonly environmentVariables: Readonly<Record<string, string>>;
  /** Reuse an earlier identical run's outputs (Azure `is_deterministic`). (Default: true.) */
  readonly allowReuse: boolean;
  /** Fail the attempt after this many seconds (Azure `limits.timeout`). (Default: no limit.) */
  readonly timeoutSeconds?: number;
  readonly retry: MlRetryPolicy;
  /** A "finally" step: runs once its dependencies end, whatever their status. (Default: false.) */
  readonly alwaysRun: boolean;
  /** Steps whose outputs this step consumes, in declaration order. */
  readonly dependsOn: readonly string[];
  readonly location: MlSourceLocation;
}

export interface MlCommandStep extends MlStepBase {
  readonly type: 'command';
  /** The command line with `${{inputs.x}}` / `${{outputs.y}}` placeholders. */
  readonly command: string;
  /** Folder snapshotted for the step, relative to the YAML file. (Default: none.) */
  readonly code?: string;
  readonly codeLocation?: MlSourceLocation;
}

/** Mini-batch size: files per batch (file input), rows or approximate bytes (tabular input). */
export interface MlMiniBatchSize {
  readonly unit: 'files' | 'rows' | 'bytes';
  readonly value: number;
}

export const ML_OUTPUT_ACTIONS = ['append_row', 'summary_only'] as const;
export type MlOutputAction = (typeof ML_OUTPUT_ACTIONS)[number];

export const ML_LOGGING_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type MlLoggingLevel = (typeof ML_LOGGING_LEVELS)[number];

export const DEFAULT_APPEND_ROW_FILE_NAME = 'parallel_run_step.txt';

/** Batch inference: the entry script's init() runs once per worker, run(miniBatch) per batch. */
export interface MlParallelStep extends MlStepBase {
  readonly type: 'parallel';
  /** The step input partitioned into mini-batches (`input_data: ${{inputs.x}}`). */
  readonly inputData: string;
  /** (Default: 10 files for file input; 1 MB for tabular input.) */
  readonly miniBatchSize: MlMiniBatchSize;
  readonly code: string;
  readonly codeLocation: MlSourceLocation;
  readonly entryScript: string;
  readonly entryScriptLocation: MlSourceLocation;
  /** Arguments passed to the entry script, with placeholders. (Default: ''.) */
  readonly programArguments: string;
  /** `resources.instance_count`. (Default: 1.) */
  readonly instanceCount: number;
  /** Worker processes per instance. (Default: 1.) */
  readonly maxConcurrencyPerInstance: number;
  /** Tries per mini-batch before it counts as failed (Azure: retry_settings.max_retries + 1). (Default: 3.) */
  readonly runMaxTry: number;
  /** Seconds one run() call may take (Azure: retry_settings.timeout). (Default: 60.) */
  readonly runInvocationTimeoutSeconds: number;
  /** Failed items (files or rows) tolerated over the whole input; -1 ignores failures. (Default: -1.) */
  readonly errorThreshold: number;
  /** Failed mini-batches tolerated (Azure mini_batch_error_threshold); -1 ignores. (Default: -1.) */
  readonly allowedFailedCount: number;
  /** Percentage of failed mini-batches tolerated, 0–100. (Default: 100.) */
  readonly allowedFailedPercent: number;
  /** (Default: 'append_row'.) */
  readonly outputAction: MlOutputAction;
  /** The step output receiving appended rows (`append_row_to: ${{outputs.y}}`). (Default: none.) */
  readonly appendRowTo?: string;
  /** (Default: 'parallel_run_step.txt'.) */
  readonly appendRowFileName: string;
  /** (Default: 'INFO'.) */
  readonly loggingLevel: MlLoggingLevel;
}

export type MlStep = MlCommandStep | MlParallelStep;

export interface MlPipelineDefinition {
  /** The file it was parsed from, as given to the parser. */
  readonly file: string;
  /** `name`, else `display_name`, else the file name without extension. */
  readonly name: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly experimentName?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly settings: MlPipelineSettings;
  readonly inputs: readonly MlPipelineInput[];
  readonly outputs: readonly MlPipelineOutput[];
  /** In declaration order. */
  readonly steps: readonly MlStep[];
  /** Step names in an order where every step comes after the steps it depends on. */
  readonly stepOrder: readonly string[];
}
