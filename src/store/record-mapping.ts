/**
 * Records ↔ rows. Writes bind JSON as text and instants in canonical ISO form; reads accept what
 * either driver returns (see `schema.ts`).
 */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { JsonObject, JsonValue } from '../factory/resources.js';
import { canonicalInstant, readInstant, readNullableInstant } from './instants.js';
import type { ActivityRunsTable, PipelineRunsTable } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import type {
  ActivityError,
  ActivityRunPatch,
  ActivityRunRecord,
  InvokedBy,
  PipelineRunPatch,
  PipelineRunRecord,
} from './store.js';

export type PipelineRunRow = Selectable<PipelineRunsTable>;
export type ActivityRunRow = Selectable<ActivityRunsTable>;

export function writeInstant(value: string, what: string): string {
  return canonicalInstant(value, what, 'STORE_INVALID_RECORD');
}

export function writeNullableInstant(value: string | null, what: string): string | null {
  return value === null ? null : writeInstant(value, what);
}

/** A BIGINT column (a string from node-postgres) as a number. */
export function readCount(value: number | string | bigint | null): number | null {
  return value === null ? null : Number(value);
}

/** The row for a new run; `lastUpdated` is the transition's instant, whatever the record says. */
export function pipelineRunRow(
  run: PipelineRunRecord,
  lastUpdated: string,
  dialect: StoreDialect,
): Insertable<PipelineRunsTable> {
  const where = `pipeline run ${run.runId}`;
  return {
    run_id: run.runId,
    run_group_id: run.runGroupId,
    pipeline_name: run.pipelineName,
    factory_name: run.factoryName,
    parameters: JSON.stringify(run.parameters),
    invoked_by: JSON.stringify(run.invokedBy),
    status: run.status,
    message: run.message,
    run_start: writeInstant(run.runStart, `runStart of ${where}`),
    run_end: writeNullableInstant(run.runEnd, `runEnd of ${where}`),
    duration_in_ms: run.durationInMs,
    last_updated: lastUpdated,
    output: JSON.stringify(run.output),
    variables: JSON.stringify(run.variables),
    definition: JSON.stringify(run.definition),
    factory_snapshot: JSON.stringify(run.factorySnapshot),
    parent_run_id: run.parentRunId,
    parent_activity_run_id: run.parentActivityRunId,
    reference_pipeline_run_id: run.referencePipelineRunId,
    is_latest: dialect.writeBoolean(run.isLatest),
    cancel_requested: dialect.writeBoolean(run.cancelRequested),
    lease_owner: run.leaseOwner,
    lease_expires_at: writeNullableInstant(run.leaseExpiresAt, `leaseExpiresAt of ${where}`),
  };
}

export function pipelineRunUpdate(
  runId: string,
  patch: PipelineRunPatch,
  lastUpdated: string,
  dialect: StoreDialect,
): Updateable<PipelineRunsTable> {
  const set: Updateable<PipelineRunsTable> = { last_updated: lastUpdated };
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.message !== undefined) set.message = patch.message;
  if (patch.runEnd !== undefined)
    set.run_end = writeNullableInstant(patch.runEnd, `runEnd of pipeline run ${runId}`);
  if (patch.durationInMs !== undefined) set.duration_in_ms = patch.durationInMs;
  if (patch.output !== undefined) set.output = JSON.stringify(patch.output);
  if (patch.variables !== undefined) set.variables = JSON.stringify(patch.variables);
  if (patch.cancelRequested !== undefined)
    set.cancel_requested = dialect.writeBoolean(patch.cancelRequested);
  if (patch.isLatest !== undefined) set.is_latest = dialect.writeBoolean(patch.isLatest);
  return set;
}

export function activityRunRow(run: ActivityRunRecord): Insertable<ActivityRunsTable> {
  const where = `activity run ${run.activityRunId}`;
  return {
    activity_run_id: run.activityRunId,
    pipeline_run_id: run.pipelineRunId,
    scope: run.scope,
    activity_name: run.activityName,
    activity_type: run.activityType,
    attempt: run.attempt,
    status: run.status,
    input: JSON.stringify(run.input),
    output: JSON.stringify(run.output),
    error: run.error === null ? null : JSON.stringify(run.error),
    activity_run_start: writeInstant(run.activityRunStart, `activityRunStart of ${where}`),
    activity_run_end: writeNullableInstant(run.activityRunEnd, `activityRunEnd of ${where}`),
    duration_in_ms: run.durationInMs,
    child_run_id: run.childRunId,
    state: JSON.stringify(run.state),
    copied_from_activity_run_id: run.copiedFromActivityRunId,
  };
}

/** The columns a patch sets; empty when the patch sets nothing. */
export function activityRunUpdate(
  activityRunId: string,
  patch: ActivityRunPatch,
): Updateable<ActivityRunsTable> {
  const where = `activity run ${activityRunId}`;
  const set: Updateable<ActivityRunsTable> = {};
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.input !== undefined) set.input = JSON.stringify(patch.input);
  if (patch.output !== undefined) set.output = JSON.stringify(patch.output);
  if (patch.error !== undefined)
    set.error = patch.error === null ? null : JSON.stringify(patch.error);
  if (patch.activityRunStart !== undefined)
    set.activity_run_start = writeInstant(patch.activityRunStart, `activityRunStart of ${where}`);
  if (patch.activityRunEnd !== undefined)
    set.activity_run_end = writeNullableInstant(patch.activityRunEnd, `activityRunEnd of ${where}`);
  if (patch.durationInMs !== undefined) set.duration_in_ms = patch.durationInMs;
  if (patch.childRunId !== undefined) set.child_run_id = patch.childRunId;
  if (patch.state !== undefined) set.state = JSON.stringify(patch.state);
  return set;
}

export function pipelineRunRecord(row: PipelineRunRow, dialect: StoreDialect): PipelineRunRecord {
  return {
    runId: row.run_id,
    runGroupId: row.run_group_id,
    pipelineName: row.pipeline_name,
    factoryName: row.factory_name,
    parameters: dialect.readJson(row.parameters) as JsonObject,
    invokedBy: dialect.readJson(row.invoked_by) as InvokedBy,
    status: row.status,
    message: row.message,
    runStart: readInstant(row.run_start),
    runEnd: readNullableInstant(row.run_end),
    durationInMs: readCount(row.duration_in_ms),
    lastUpdated: readInstant(row.last_updated),
    output: dialect.readJson(row.output) as JsonValue,
    variables: dialect.readJson(row.variables) as JsonObject,
    definition: dialect.readJson(row.definition) as JsonObject,
    factorySnapshot: dialect.readJson(row.factory_snapshot) as JsonObject,
    parentRunId: row.parent_run_id,
    parentActivityRunId: row.parent_activity_run_id,
    referencePipelineRunId: row.reference_pipeline_run_id,
    isLatest: Boolean(row.is_latest),
    cancelRequested: Boolean(row.cancel_requested),
    leaseOwner: row.lease_owner,
    leaseExpiresAt: readNullableInstant(row.lease_expires_at),
  };
}

export function activityRunRecord(row: ActivityRunRow, dialect: StoreDialect): ActivityRunRecord {
  return {
    activityRunId: row.activity_run_id,
    pipelineRunId: row.pipeline_run_id,
    scope: row.scope,
    activityName: row.activity_name,
    activityType: row.activity_type,
    attempt: row.attempt,
    status: row.status,
    input: dialect.readJson(row.input) as JsonValue,
    output: dialect.readJson(row.output) as JsonValue,
    error: row.error === null ? null : (dialect.readJson(row.error) as ActivityError),
    activityRunStart: readInstant(row.activity_run_start),
    activityRunEnd: readNullableInstant(row.activity_run_end),
    durationInMs: readCount(row.duration_in_ms),
    childRunId: row.child_run_id,
    state: dialect.readJson(row.state) as JsonObject,
    copiedFromActivityRunId: row.copied_from_activity_run_id,
  };
}
