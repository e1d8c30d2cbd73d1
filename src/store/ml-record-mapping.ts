/**
 * ML workspace records ↔ rows. Writes bind JSON as text and instants in canonical ISO form (also
 * the instants inside step attempts); reads accept what either driver returns (see `schema.ts`).
 * A run's and a step run's fields are converted by one writer each, shared by the row of a new
 * record and the column set of a patch, so both always agree.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { JsonObject } from '../factory/resources.js';
import { readInstant, readNullableInstant } from './instants.js';
import type {
  MlEndpointVersion,
  MlExperimentRecord,
  MlExperimentSummary,
  MlMetricValue,
  MlPipelineEndpointRecord,
  MlPipelineInterface,
  MlPublishedPipelineRecord,
  MlRunError,
  MlRunPatch,
  MlRunRecord,
  MlRunStatus,
  MlStepAttempt,
  MlStepRunRecord,
} from './ml-store.js';
import { readCount, writeInstant, writeNullableInstant } from './record-mapping.js';
import type {
  MlEndpointVersionsTable,
  MlExperimentsTable,
  MlPipelineEndpointsTable,
  MlPublishedPipelinesTable,
  MlRunsTable,
  MlStepMetricsTable,
  MlStepRunsTable,
} from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { StoreError } from './store-error.js';

export type MlPublishedPipelineRow = Selectable<MlPublishedPipelinesTable>;
export type MlPipelineEndpointRow = Selectable<MlPipelineEndpointsTable>;
export type MlEndpointVersionRow = Selectable<MlEndpointVersionsTable>;
export type MlExperimentRow = Selectable<MlExperimentsTable>;
export type MlRunRow = Selectable<MlRunsTable>;
export type MlStepRunRow = Selectable<MlStepRunsTable>;
export type MlStepMetricRow = Selectable<MlStepMetricsTable>;

/** Where a value is written, for messages, and how the database binds booleans. */
interface WriteContext {
  readonly dialect: StoreDialect;
  readonly where: string;
}

/** One converter per field: the columns it sets. */
type FieldWriters<Fields, Table> = {
  readonly [Field in keyof Fields]-?: (
    value: Exclude<Fields[Field], undefined>,
    context: WriteContext,
  ) => Updateable<Table>;
};

/** The columns of the fields that `fields` sets (fields left undefined are skipped). */
function writeFields<Fields, Table>(
  writers: FieldWriters<Fields, Table>,
  fields: Partial<Fields>,
  context: WriteContext,
): Updateable<Table> {
  const set: Updateable<Table> = {};
  for (const field of Object.keys(writers) as (keyof Fields)[]) {
    const value = fields[field];
    if (value !== undefined) {
      Object.assign(
        set,
        writers[field](value as Exclude<Fields[keyof Fields], undefined>, context),
      );
    }
  }
  return set;
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

function nullableJson(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Endpoint versions are "0", "1", … and stored as their number.

const VERSION = /^(0|[1-9][0-9]{0,8})$/;

/** The ordinal of a version string, or undefined when it is not one ("01", "v1", "-1" …). */
export function versionOrdinal(version: string): number | undefined {
  return typeof version === 'string' && VERSION.test(version) ? Number(version) : undefined;
}

export function versionName(ordinal: number): string {
  return String(ordinal);
}

// ---------------------------------------------------------------------------------------------
// Published pipelines

export function publishedPipelineRow(
  record: MlPublishedPipelineRecord,
  dialect: StoreDialect,
): Insertable<MlPublishedPipelinesTable> {
  const where = `published pipeline ${record.id}`;
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    version: record.version,
    status: record.status,
    snapshot_hash: record.snapshotHash,
    definition: json(record.definition),
    interface: json(record.interface),
    continue_on_step_failure: dialect.writeBoolean(record.continueOnStepFailure),
    created_by: record.createdBy,
    created_at: writeInstant(record.createdAt, `createdAt of ${where}`),
    last_modified: writeInstant(record.lastModified, `lastModified of ${where}`),
  };
}

export function publishedPipelineRecord(
  row: MlPublishedPipelineRow,
  dialect: StoreDialect,
): MlPublishedPipelineRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    version: row.version,
    status: row.status,
    snapshotHash: row.snapshot_hash,
    definition: dialect.readJson(row.definition) as JsonObject,
    interface: dialect.readJson(row.interface) as MlPipelineInterface,
    continueOnStepFailure: Boolean(row.continue_on_step_failure),
    createdBy: row.created_by,
    createdAt: readInstant(row.created_at),
    lastModified: readInstant(row.last_modified),
  };
}

// ---------------------------------------------------------------------------------------------
// Pipeline endpoints

export interface EndpointRows {
  readonly endpoint: Insertable<MlPipelineEndpointsTable>;
  readonly versions: readonly Insertable<MlEndpointVersionsTable>[];
}

/**
 * The rows of a new endpoint. Its versions must be "0", "1", … in order (`STORE_INVALID_RECORD`),
 * and its default one of them — or "0", the version its first added pipeline gets, when it has
 * none yet (`STORE_CONSTRAINT_VIOLATED`).
 */
export function endpointRows(record: MlPipelineEndpointRecord): EndpointRows {
  const where = `pipeline endpoint ${record.id}`;
  const versions = record.versions.map((version, index) => {
    if (version.version !== versionName(index)) {
      throw new StoreError(
        'STORE_INVALID_RECORD',
        `The versions of ${where} must be "0", "1", … in the order they were added; version ${index + 1} is ${JSON.stringify(version.version)}.`,
      );
    }
    return {
      endpoint_id: record.id,
      ordinal: index,
      pipeline_id: version.pipelineId,
      added_at: writeInstant(version.addedAt, `addedAt of version ${version.version} of ${where}`),
    };
  });
  const defaultOrdinal = versionOrdinal(record.defaultVersion);
  if (defaultOrdinal === undefined || defaultOrdinal >= Math.max(versions.length, 1)) {
    throw new StoreError(
      'STORE_CONSTRAINT_VIOLATED',
      versions.length === 0
        ? `The default version of ${where} must be "0" (the version its first pipeline gets); got ${JSON.stringify(record.defaultVersion)}.`
        : `The default version of ${where} must be one of its versions ("0" to "${versions.length - 1}"); got ${JSON.stringify(record.defaultVersion)}.`,
    );
  }
  return {
    endpoint: {
      id: record.id,
      name: record.name,
      description: record.description,
      status: record.status,
      default_version: record.defaultVersion,
      created_at: writeInstant(record.createdAt, `createdAt of ${where}`),
      last_modified: writeInstant(record.lastModified, `lastModified of ${where}`),
    },
    versions,
  };
}

export function endpointVersion(row: MlEndpointVersionRow): MlEndpointVersion {
  return {
    version: versionName(Number(row.ordinal)),
    pipelineId: row.pipeline_id,
    addedAt: readInstant(row.added_at),
  };
}

/** The endpoint with its versions (rows of any order; they are sorted here). */
export function endpointRecord(
  row: MlPipelineEndpointRow,
  versions: readonly MlEndpointVersionRow[],
): MlPipelineEndpointRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    defaultVersion: row.default_version,
    versions: [...versions]
      .sort((left, right) => Number(left.ordinal) - Number(right.ordinal))
      .map(endpointVersion),
    createdAt: readInstant(row.created_at),
    lastModified: readInstant(row.last_modified),
  };
}

// ---------------------------------------------------------------------------------------------
// Experiments

export function experimentRecord(row: MlExperimentRow): MlExperimentRecord {
  return { id: row.id, name: row.name, createdAt: readInstant(row.created_at) };
}

/** An experiment row joined with its run count and its newest run's columns (null: none). */
export interface MlExperimentSummaryRow extends MlExperimentRow {
  /** PostgreSQL counts in bigint, which its driver reads as a string. */
  readonly run_count: number | string | bigint | null;
  readonly last_run_id: string | null;
  readonly last_run_status: MlRunStatus | null;
  readonly last_run_pipeline_name: string | null;
  readonly last_run_created_at: string | Date | null;
  readonly last_run_start_time: string | Date | null;
  readonly last_run_end_time: string | Date | null;
}

export function experimentSummaryRecord(row: MlExperimentSummaryRow): MlExperimentSummary {
  return {
    ...experimentRecord(row),
    runCount: readCount(row.run_count) ?? 0,
    lastRun:
      row.last_run_id === null || row.last_run_status === null || row.last_run_created_at === null
        ? null
        : {
            id: row.last_run_id,
            status: row.last_run_status,
            pipelineName: row.last_run_pipeline_name ?? '',
            createdAt: readInstant(row.last_run_created_at),
            startTime: readNullableInstant(row.last_run_start_time),
            endTime: readNullableInstant(row.last_run_end_time),
          },
  };
}

// ---------------------------------------------------------------------------------------------
// ML runs

type MlRunFields = Omit<MlRunRecord, 'id' | 'lastModified'>;

const ML_RUN_WRITERS: FieldWriters<MlRunFields, MlRunsTable> = {
  experimentName: (experiment_name) => ({ experiment_name }),
  pipelineId: (pipeline_id) => ({ pipeline_id }),
  pipelineName: (pipeline_name) => ({ pipeline_name }),
  pipelineEndpointId: (pipeline_endpoint_id) => ({ pipeline_endpoint_id }),
  endpointVersion: (endpoint_version) => ({ endpoint_version }),
  description: (description) => ({ description }),
  runSource: (run_source) => ({ run_source }),
  status: (status) => ({ status }),
  parameters: (parameters) => ({ parameters: json(parameters) }),
  dataPaths: (dataPaths) => ({ data_paths: json(dataPaths) }),
  continueOnStepFailure: (value, { dialect }) => ({
    continue_on_step_failure: dialect.writeBoolean(value),
  }),
  regenerateOutputs: (value, { dialect }) => ({ regenerate_outputs: dialect.writeBoolean(value) }),
  parentRunId: (parent_run_id) => ({ parent_run_id }),
  tags: (tags) => ({ tags: json(tags) }),
  createdBy: (created_by) => ({ created_by }),
  createdAt: (value, { where }) => ({ created_at: writeInstant(value, `createdAt of ${where}`) }),
  startTime: (value, { where }) => ({
    start_time: writeNullableInstant(value, `startTime of ${where}`),
  }),
  endTime: (value, { where }) => ({
    end_time: writeNullableInstant(value, `endTime of ${where}`),
  }),
  error: (error) => ({ error: nullableJson(error) }),
  cancelRequested: (value, { dialect }) => ({ cancel_requested: dialect.writeBoolean(value) }),
  leaseOwner: (lease_owner) => ({ lease_owner }),
  leaseExpiresAt: (value, { where }) => ({
    lease_expires_at: writeNullableInstant(value, `leaseExpiresAt of ${where}`),
  }),
};

export function mlRunRow(run: MlRunRecord, dialect: StoreDialect): Insertable<MlRunsTable> {
  const where = `ML run ${run.id}`;
  return {
    id: run.id,
    ...writeFields(ML_RUN_WRITERS, run, { dialect, where }),
    last_modified: writeInstant(run.lastModified, `lastModified of ${where}`),
  } as Insertable<MlRunsTable>;
}

/** The columns a patch sets, and `last_modified`; fields a patch may not change are ignored. */
export function mlRunUpdate(
  runId: string,
  patch: MlRunPatch,
  lastModified: string,
  dialect: StoreDialect,
): Updateable<MlRunsTable> {
  const { status, startTime, endTime, error, cancelRequested, leaseOwner, leaseExpiresAt } = patch;
  const patchable = {
    status,
    startTime,
    endTime,
    error,
    cancelRequested,
    leaseOwner,
    leaseExpiresAt,
  } satisfies Record<keyof MlRunPatch, unknown>;
  return {
    ...writeFields(ML_RUN_WRITERS, patchable, { dialect, where: `ML run ${runId}` }),
    last_modified: lastModified,
  };
}

export function mlRunRecord(row: MlRunRow, dialect: StoreDialect): MlRunRecord {
  return {
    id: row.id,
    experimentName: row.experiment_name,
    pipelineId: row.pipeline_id,
    pipelineName: row.pipeline_name,
    pipelineEndpointId: row.pipeline_endpoint_id,
    endpointVersion: row.endpoint_version,
    description: row.description,
    runSource: row.run_source,
    status: row.status,
    parameters: dialect.readJson(row.parameters) as MlRunRecord['parameters'],
    dataPaths: dialect.readJson(row.data_paths) as MlRunRecord['dataPaths'],
    continueOnStepFailure: Boolean(row.continue_on_step_failure),
    regenerateOutputs: Boolean(row.regenerate_outputs),
    parentRunId: row.parent_run_id,
    tags: dialect.readJson(row.tags) as MlRunRecord['tags'],
    createdBy: row.created_by,
    createdAt: readInstant(row.created_at),
    startTime: readNullableInstant(row.start_time),
    endTime: readNullableInstant(row.end_time),
    error: row.error === null ? null : (dialect.readJson(row.error) as MlRunError),
    cancelRequested: Boolean(row.cancel_requested),
    lastModified: readInstant(row.last_modified),
    leaseOwner: row.lease_owner,
    leaseExpiresAt: readNullableInstant(row.lease_expires_at),
  };
}

// ---------------------------------------------------------------------------------------------
// Step runs and their metrics

/** What a step run patch may set; metrics live in their own table. */
export type MlStepRunFields = Omit<
  MlStepRunRecord,
  'id' | 'runId' | 'stepName' | 'stepType' | 'metrics'
>;

function canonicalAttempt(attempt: MlStepAttempt, where: string): MlStepAttempt {
  const what = `attempt ${attempt.attempt} of ${where}`;
  return {
    ...attempt,
    startTime: writeInstant(attempt.startTime, `startTime of ${what}`),
    endTime: writeNullableInstant(attempt.endTime, `endTime of ${what}`),
  };
}

const STEP_RUN_WRITERS: FieldWriters<MlStepRunFields, MlStepRunsTable> = {
  status: (status) => ({ status }),
  attempt: (attempt) => ({ attempt }),
  attempts: (attempts, { where }) => ({
    attempts: json(attempts.map((attempt) => canonicalAttempt(attempt, where))),
  }),
  reused: (value, { dialect }) => ({ reused: dialect.writeBoolean(value) }),
  reusedFromRunId: (reused_from_run_id) => ({ reused_from_run_id }),
  reusedFromStepRunId: (reused_from_step_run_id) => ({ reused_from_step_run_id }),
  rerunReason: (rerun_reason) => ({ rerun_reason }),
  reuseKey: (reuse_key) => ({ reuse_key }),
  reuseComponents: (reuseComponents) => ({ reuse_components: json(reuseComponents) }),
  outputs: (outputs) => ({ outputs: json(outputs) }),
  logs: (logs) => ({ logs: json(logs) }),
  tags: (tags) => ({ tags: json(tags) }),
  progress: (progress) => ({ progress: nullableJson(progress) }),
  exitCode: (exit_code) => ({ exit_code }),
  startTime: (value, { where }) => ({
    start_time: writeNullableInstant(value, `startTime of ${where}`),
  }),
  endTime: (value, { where }) => ({
    end_time: writeNullableInstant(value, `endTime of ${where}`),
  }),
  durationMs: (duration_ms) => ({ duration_ms }),
  error: (error) => ({ error: nullableJson(error) }),
};

/** Stored as the JSON of an empty object: a step run without reuse components. */
export const NO_REUSE_COMPONENTS = json({});

export function stepRunRow(
  stepRun: MlStepRunRecord,
  dialect: StoreDialect,
): Insertable<MlStepRunsTable> {
  return {
    id: stepRun.id,
    run_id: stepRun.runId,
    step_name: stepRun.stepName,
    step_type: stepRun.stepType,
    ...writeFields(STEP_RUN_WRITERS, stepRun, { dialect, where: `step run ${stepRun.id}` }),
  } as Insertable<MlStepRunsTable>;
}

/** The columns a patch sets (its `metrics` aside); empty when it sets nothing else. */
export function stepRunUpdate(
  stepRunId: string,
  patch: Partial<MlStepRunFields>,
  dialect: StoreDialect,
): Updateable<MlStepRunsTable> {
  return writeFields(STEP_RUN_WRITERS, patch, { dialect, where: `step run ${stepRunId}` });
}

/** The rows of metric values to append, in the order given (names, then each name's values). */
export function metricRows(
  stepRunId: string,
  metrics: Readonly<Record<string, readonly MlMetricValue[]>>,
): Insertable<MlStepMetricsTable>[] {
  const rows: Insertable<MlStepMetricsTable>[] = [];
  for (const [name, values] of Object.entries(metrics)) {
    for (const { value, loggedAt } of values) {
      const what = `metric ${JSON.stringify(name)} of step run ${stepRunId}`;
      const kind = typeof value;
      if (!(kind === 'string' || kind === 'boolean' || Number.isFinite(value))) {
        throw new StoreError(
          'STORE_INVALID_RECORD',
          `A value of ${what} must be a finite number, a string or a boolean; got ${String(value)}.`,
        );
      }
      rows.push({
        step_run_id: stepRunId,
        name,
        value: json(value),
        logged_at: writeInstant(loggedAt, `loggedAt of ${what}`),
      });
    }
  }
  return rows;
}

/** Metric rows (in `seq` order) grouped by step run, then by name, in the order logged. */
export function metricsByStepRun(
  rows: readonly MlStepMetricRow[],
  dialect: StoreDialect,
): Map<string, MlStepRunRecord['metrics']> {
  const grouped = new Map<string, Map<string, MlMetricValue[]>>();
  for (const row of rows) {
    let byName = grouped.get(row.step_run_id);
    if (byName === undefined) grouped.set(row.step_run_id, (byName = new Map()));
    let values = byName.get(row.name);
    if (values === undefined) byName.set(row.name, (values = []));
    values.push({
      value: dialect.readJson(row.value) as MlMetricValue['value'],
      loggedAt: readInstant(row.logged_at),
    });
  }
  // fromEntries defines own properties, so a metric named "__proto__" stays a metric.
  return new Map([...grouped].map(([id, byName]) => [id, Object.fromEntries(byName)]));
}

export function stepRunRecord(
  row: MlStepRunRow,
  metrics: MlStepRunRecord['metrics'],
  dialect: StoreDialect,
): MlStepRunRecord {
  return {
    id: row.id,
    runId: row.run_id,
    stepName: row.step_name,
    stepType: row.step_type,
    status: row.status,
    attempt: row.attempt,
    attempts: dialect.readJson(row.attempts) as MlStepAttempt[],
    reused: Boolean(row.reused),
    reusedFromRunId: row.reused_from_run_id,
    reusedFromStepRunId: row.reused_from_step_run_id,
    rerunReason: row.rerun_reason,
    reuseKey: row.reuse_key,
    reuseComponents: dialect.readJson(row.reuse_components) as JsonObject,
    outputs: dialect.readJson(row.outputs) as MlStepRunRecord['outputs'],
    logs: dialect.readJson(row.logs) as MlStepRunRecord['logs'],
    metrics,
    tags: dialect.readJson(row.tags) as MlStepRunRecord['tags'],
    progress: row.progress === null ? null : (dialect.readJson(row.progress) as JsonObject),
    exitCode: row.exit_code,
    startTime: readNullableInstant(row.start_time),
    endTime: readNullableInstant(row.end_time),
    durationMs: readCount(row.duration_ms),
    error: row.error === null ? null : (dialect.readJson(row.error) as MlRunError),
  };
}
