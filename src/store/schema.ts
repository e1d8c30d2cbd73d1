/**
 * The stored schema as Kysely sees it (version `0001_runs`, see `sqlite/migrations.ts` and
 * `postgres/migrations.ts`). Column types are the union of what the two drivers return: SQLite
 * gives text for JSON and instants and 0/1 for booleans; PostgreSQL gives parsed JSONB, `Date` for
 * timestamptz, booleans, and strings for bigint. `kysely-run-store.ts` maps rows to records.
 */
import type { ColumnType, Generated } from 'kysely';
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

export interface StoreDatabase {
  pipeline_runs: PipelineRunsTable;
  activity_runs: ActivityRunsTable;
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
