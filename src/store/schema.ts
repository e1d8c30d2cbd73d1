/**
 * The stored schema as Kysely sees it (version `0002_ml_workspace`, see `sqlite/migrations.ts`
 * and `postgres/migrations.ts`). Column types are the union of what the two drivers return: SQLite
 * gives text for JSON and instants and 0/1 for booleans; PostgreSQL gives parsed JSONB, `Date` for
 * timestamptz, booleans, and strings for bigint. `record-mapping.ts` and `ml-record-mapping.ts` map rows to records.
 */
import type { ColumnType, Generated } from 'kysely';
import type { FactoryResourcesTable } from './factory-resource-schema.js';
import type { IdentityTables } from './identity-schema.js';
import type {
  MlEndpointStatus,
  MlPublishedPipelineStatus,
  MlRunStatus,
  MlStepRunRecord,
} from './ml-store.js';
import type { ActivityRunStatus, PipelineRunStatus } from './store.js';

/** Written as ISO 8601 text (`toISOString()` form); read as that text (SQLite) or a Date (pg). */
export type InstantColumn = ColumnType<string | Date, string, string>;
export type NullableInstantColumn = ColumnType<string | Date | null, string | null, string | null>;
/** Written as JSON text; read as that text (SQLite) or already parsed (PostgreSQL JSONB). */
export type JsonColumn = ColumnType<unknown, string, string>;
export type NullableJsonColumn = ColumnType<unknown, string | null, string | null>;
/** 0/1 in SQLite, boolean in PostgreSQL. */
export type BooleanColumn = ColumnType<number | boolean, number | boolean, number | boolean>;
/** INTEGER in SQLite, BIGINT (read as a string) in PostgreSQL. */
export type NullableBigIntColumn = ColumnType<
  number | string | bigint | null,
  number | null,
  number | null
>;

export interface PipelineRunsTable {
  run_id: string;
  run_group_id: string;
  pipeline_name: string;
  factory_name: string;
  parameters: JsonColumn;
  invoked_by: JsonColumn;
  status: PipelineRunStatus;
  message: string;
  run_start: InstantColumn;
  run_end: NullableInstantColumn;
  duration_in_ms: NullableBigIntColumn;
  last_updated: InstantColumn;
  output: JsonColumn;
  variables: JsonColumn;
  definition: JsonColumn;
  factory_snapshot: JsonColumn;
  parent_run_id: string | null;
  parent_activity_run_id: string | null;
  reference_pipeline_run_id: string | null;
  is_latest: BooleanColumn;
  cancel_requested: BooleanColumn;
  lease_owner: string | null;
  lease_expires_at: NullableInstantColumn;
}

export interface ActivityRunsTable {
  /** Insertion order: ties between activity runs that started at the same instant. */
  seq: Generated<number | string>;
  activity_run_id: string;
  pipeline_run_id: string;
  scope: string;
  activity_name: string;
  activity_type: string;
  attempt: number;
  status: ActivityRunStatus;
  input: JsonColumn;
  output: JsonColumn;
  error: NullableJsonColumn;
  activity_run_start: InstantColumn;
  activity_run_end: NullableInstantColumn;
  duration_in_ms: NullableBigIntColumn;
  child_run_id: string | null;
  state: JsonColumn;
  copied_from_activity_run_id: string | null;
}

export interface MlPublishedPipelinesTable {
  id: string;
  name: string;
  description: string;
  version: string;
  status: MlPublishedPipelineStatus;
  snapshot_hash: string;
  definition: JsonColumn;
  interface: JsonColumn;
  continue_on_step_failure: BooleanColumn;
  created_by: string | null;
  created_at: InstantColumn;
  last_modified: InstantColumn;
}

export interface MlPipelineEndpointsTable {
  id: string;
  /** Unique ignoring case (a unique index on `lower(name)`). */
  name: string;
  description: string;
  status: MlEndpointStatus;
  default_version: string;
  created_at: InstantColumn;
  last_modified: InstantColumn;
}

export interface MlEndpointVersionsTable {
  endpoint_id: string;
  /** The version as a number: version "3" is ordinal 3. */
  ordinal: number;
  pipeline_id: string;
  added_at: InstantColumn;
}

export interface MlExperimentsTable {
  id: string;
  name: string;
  created_at: InstantColumn;
}

export interface MlRunsTable {
  id: string;
  experiment_name: string;
  pipeline_id: string;
  pipeline_name: string;
  pipeline_endpoint_id: string | null;
  endpoint_version: string | null;
  description: string;
  run_source: string;
  status: MlRunStatus;
  parameters: JsonColumn;
  data_paths: JsonColumn;
  continue_on_step_failure: BooleanColumn;
  regenerate_outputs: BooleanColumn;
  parent_run_id: string | null;
  tags: JsonColumn;
  created_by: string | null;
  created_at: InstantColumn;
  start_time: NullableInstantColumn;
  end_time: NullableInstantColumn;
  error: NullableJsonColumn;
  cancel_requested: BooleanColumn;
  last_modified: InstantColumn;
  lease_owner: string | null;
  lease_expires_at: NullableInstantColumn;
}

export interface MlStepRunsTable {
  /** Creation order: a run's steps are listed, and the newest step run found, by it. */
  seq: Generated<number | string>;
  id: string;
  run_id: string;
  step_name: string;
  step_type: MlStepRunRecord['stepType'];
  status: MlRunStatus;
  attempt: number;
  attempts: JsonColumn;
  reused: BooleanColumn;
  reused_from_run_id: string | null;
  reused_from_step_run_id: string | null;
  rerun_reason: string | null;
  reuse_key: string | null;
  reuse_components: JsonColumn;
  outputs: JsonColumn;
  logs: JsonColumn;
  tags: JsonColumn;
  progress: NullableJsonColumn;
  exit_code: number | null;
  start_time: NullableInstantColumn;
  end_time: NullableInstantColumn;
  duration_ms: NullableBigIntColumn;
  error: NullableJsonColumn;
}

/** One logged value of one metric of a step run; read back in `seq` order into `metrics`. */
export interface MlStepMetricsTable {
  seq: Generated<number | string>;
  step_run_id: string;
  name: string;
  value: JsonColumn;
  logged_at: InstantColumn;
}

/** Identity tables (`identity-schema.ts`) included. */
export interface StoreDatabase extends IdentityTables {
  pipeline_runs: PipelineRunsTable;
  activity_runs: ActivityRunsTable;
  ml_published_pipelines: MlPublishedPipelinesTable;
  ml_pipeline_endpoints: MlPipelineEndpointsTable;
  ml_endpoint_versions: MlEndpointVersionsTable;
  ml_experiments: MlExperimentsTable;
  ml_runs: MlRunsTable;
  ml_step_runs: MlStepRunsTable;
  ml_step_metrics: MlStepMetricsTable;
  factory_resources: FactoryResourcesTable;
}

/** Lists every column of a table, checked by the compiler. */
type AllColumns<Table, List extends readonly (keyof Table)[]> =
  Exclude<keyof Table, List[number]> extends never ? List : never;

function allColumns<Table>() {
  return <const List extends readonly (keyof Table)[]>(list: AllColumns<Table, List>) => list;
}

/** The columns a new run's row sets, in the order `record-mapping.ts` writes them. */
export const PIPELINE_RUN_COLUMNS = allColumns<PipelineRunsTable>()([
  'run_id',
  'run_group_id',
  'pipeline_name',
  'factory_name',
  'parameters',
  'invoked_by',
  'status',
  'message',
  'run_start',
  'run_end',
  'duration_in_ms',
  'last_updated',
  'output',
  'variables',
  'definition',
  'factory_snapshot',
  'parent_run_id',
  'parent_activity_run_id',
  'reference_pipeline_run_id',
  'is_latest',
  'cancel_requested',
  'lease_owner',
  'lease_expires_at',
]);

/** The columns a new activity run's row sets (`seq` is generated). */
export const ACTIVITY_RUN_COLUMNS = allColumns<Omit<ActivityRunsTable, 'seq'>>()([
  'activity_run_id',
  'pipeline_run_id',
  'scope',
  'activity_name',
  'activity_type',
  'attempt',
  'status',
  'input',
  'output',
  'error',
  'activity_run_start',
  'activity_run_end',
  'duration_in_ms',
  'child_run_id',
  'state',
  'copied_from_activity_run_id',
]);
