/**
 * A transition committed in one PostgreSQL statement: one round trip instead of BEGIN, one
 * statement per write and COMMIT. A single statement is atomic on its own, so the writes go in a
 * chain of data-modifying CTEs:
 *
 * ```sql
 * with missing as (…patched ids that do not exist…),
 *   create_runs as (insert into pipeline_runs (…) select * from (values (…), …) as created
 *                   where not exists (select from missing)),
 *   update_run_0 as (update pipeline_runs set … where run_id = $n and not exists (select from missing)),
 *   create_activity_runs as (…), update_activity_run_0 as (…),
 *   touch as (update pipeline_runs set last_updated = $at where … and not exists (select from missing))
 * select record, id from missing
 * ```
 *
 * Why it is shaped so:
 * - A patch of a record that does not exist must write nothing. Every write is guarded by "no
 *   patched record is missing", which the statement decides from its snapshot before writing;
 *   it returns the missing records, and the store raises STORE_RECORD_NOT_FOUND. No error is
 *   provoked to undo writes already made.
 * - Every CTE sees the snapshot taken when the statement starts: an UPDATE cannot see rows that
 *   another CTE inserts, and when two UPDATEs reach one row PostgreSQL applies only one of them.
 *   So a plan that patches a record it creates, or patches one record twice, does not fit (the
 *   store then uses its transaction); and one UPDATE touches `last_updated` of the runs of new and
 *   of patched activity runs, leaving out the runs the plan inserts or updates itself.
 * - Rows are inserted from a guarded SELECT over VALUES, where parameters are not typed by their
 *   target column: each value is cast to its column's type.
 * - Foreign keys are checked when the statement ends, so activity runs may belong to a run the
 *   same statement creates; violations come back as driver errors, as from the transaction.
 *
 * Statements are compiled once per shape (row counts, patched columns) like the store's others.
 */
import { sql, type Compilable, type Kysely, type RawBuilder } from 'kysely';
import { PreparedQuery, PreparedQueryCache, type SlotFunction } from '../prepared-query.js';
import { ACTIVITY_RUN_COLUMNS, PIPELINE_RUN_COLUMNS, type StoreDatabase } from '../schema.js';
import type {
  MissingRecord,
  RecordUpdate,
  TransitionPlan,
  TransitionStatement,
} from '../transition-plan.js';
import { postgresDialect } from './dialect.js';

type PipelineRunColumn = (typeof PIPELINE_RUN_COLUMNS)[number];
type ActivityRunColumn = (typeof ACTIVITY_RUN_COLUMNS)[number];

/** Column types as `migrations.ts` creates them, for the casts of inserted values. */
export const PIPELINE_RUN_COLUMN_TYPES: Readonly<Record<PipelineRunColumn, string>> = {
  run_id: 'text',
  run_group_id: 'text',
  pipeline_name: 'text',
  factory_name: 'text',
  parameters: 'jsonb',
  invoked_by: 'jsonb',
  status: 'text',
  message: 'text',
  run_start: 'timestamptz',
  run_end: 'timestamptz',
  duration_in_ms: 'bigint',
  last_updated: 'timestamptz',
  output: 'jsonb',
  variables: 'jsonb',
  definition: 'jsonb',
  factory_snapshot: 'jsonb',
  parent_run_id: 'text',
  parent_activity_run_id: 'text',
  reference_pipeline_run_id: 'text',
  is_latest: 'boolean',
  cancel_requested: 'boolean',
  lease_owner: 'text',
  lease_expires_at: 'timestamptz',
};

export const ACTIVITY_RUN_COLUMN_TYPES: Readonly<Record<ActivityRunColumn, string>> = {
  activity_run_id: 'text',
  pipeline_run_id: 'text',
  scope: 'text',
  activity_name: 'text',
  activity_type: 'text',
  attempt: 'integer',
  status: 'text',
  input: 'jsonb',
  output: 'jsonb',
  error: 'jsonb',
  activity_run_start: 'timestamptz',
  activity_run_end: 'timestamptz',
  duration_in_ms: 'bigint',
  child_run_id: 'text',
  state: 'jsonb',
  copied_from_activity_run_id: 'text',
};

/** Plans with more rows or ids than this are compiled for the one call, not kept. */
const MAX_PREPARED_ROWS = 64;

type Slot = SlotFunction<TransitionPlan>;
type Sql = RawBuilder<unknown>;

/** What the SQL text depends on; two plans of one shape share a compiled statement. */
interface PlanShape {
  readonly runRows: number;
  readonly runUpdateColumns: readonly (readonly string[])[];
  readonly activityRunRows: number;
  readonly activityRunUpdateColumns: readonly (readonly string[])[];
  readonly runsWrittenDirectly: number;
  readonly runsOfNewActivityRuns: number;
  readonly patchedActivityRunIds: number;
}

function shapeOf(plan: TransitionPlan): PlanShape {
  return {
    runRows: plan.runRows.length,
    runUpdateColumns: plan.runUpdates.map(({ set }) => Object.keys(set)),
    activityRunRows: plan.activityRunRows.length,
    activityRunUpdateColumns: plan.activityRunUpdates.map(({ set }) => Object.keys(set)),
    runsWrittenDirectly: plan.runsWrittenDirectly.length,
    runsOfNewActivityRuns: plan.runsOfNewActivityRuns.length,
    patchedActivityRunIds: plan.patchedActivityRunIds.length,
  };
}

function parameterCount(shape: PlanShape): number {
  const updated = (columns: readonly (readonly string[])[]) =>
    columns.reduce((sum, set) => sum + set.length + 2, 0);
  return (
    1 +
    shape.runRows * PIPELINE_RUN_COLUMNS.length +
    updated(shape.runUpdateColumns) +
    shape.activityRunRows * ACTIVITY_RUN_COLUMNS.length +
    updated(shape.activityRunUpdateColumns) +
    shape.runsWrittenDirectly +
    shape.runsOfNewActivityRuns +
    shape.patchedActivityRunIds
  );
}

function hasRepeats(ids: readonly string[]): boolean {
  return new Set(ids).size !== ids.length;
}

function overlaps(ids: readonly string[], others: readonly string[]): boolean {
  const set = new Set(others);
  return ids.some((id) => set.has(id));
}

/** What the parts of one statement share while it is built. */
interface StatementContext {
  readonly slot: Slot;
  /** The condition every write carries: no patched record is missing. */
  readonly guard: Sql;
}

/** `$n` placeholders for `count` values that `read` takes from the plan. */
function slotList(
  slot: Slot,
  count: number,
  read: (plan: TransitionPlan) => readonly unknown[],
): Sql {
  return sql.join(Array.from({ length: count }, (_, index) => slot((plan) => read(plan)[index])));
}

/** The patched ids, of `count` patches, that have no row in `table`. */
function missingRecords(
  { slot }: StatementContext,
  record: MissingRecord['record'],
  table: string,
  key: string,
  count: number,
  patches: (plan: TransitionPlan) => readonly RecordUpdate<object>[],
): Sql {
  const ids = Array.from(
    { length: count },
    (_, index) => sql`(${slot((plan) => patches(plan)[index]?.id)}::text)`,
  );
  return sql`select ${sql.lit(record)} as record, id from (values ${sql.join(ids)}) as patched (id)
    where not exists (select from ${sql.id(table)} where ${sql.id(key)} = patched.id)`;
}

function insertRows<Column extends string>(
  { slot, guard }: StatementContext,
  table: string,
  count: number,
  types: Readonly<Record<Column, string>>,
  rows: (plan: TransitionPlan) => readonly object[],
): Sql {
  const columns = Object.keys(types) as Column[];
  const values = Array.from({ length: count }, (_, index) => {
    const read = (plan: TransitionPlan, column: Column) =>
      (rows(plan)[index] as Record<string, unknown> | undefined)?.[column];
    return sql`(${sql.join(
      columns.map(
        (column) => sql`${slot((plan) => read(plan, column))}::${sql.raw(types[column])}`,
      ),
    )})`;
  });
  return sql`insert into ${sql.id(table)} (${sql.join(columns.map((column) => sql.id(column)))})
    select * from (values ${sql.join(values)}) as created where ${guard}`;
}

function updateRow(
  { slot, guard }: StatementContext,
  table: string,
  key: string,
  columns: readonly string[],
  patch: (plan: TransitionPlan) => RecordUpdate<object> | undefined,
): Sql {
  const read = (plan: TransitionPlan, column: string) =>
    (patch(plan)?.set as Record<string, unknown> | undefined)?.[column];
  const set = columns.map(
    (column) => sql`${sql.id(column)} = ${slot((plan) => read(plan, column))}`,
  );
  return sql`update ${sql.id(table)} set ${sql.join(set)}
    where ${sql.id(key)} = ${slot((plan) => patch(plan)?.id)} and ${guard}`;
}

/**
 * Sets `last_updated` on the runs of new activity runs and of patched ones, except the runs the
 * plan writes itself (a second UPDATE of their rows in this statement could be lost, or win).
 */
function touchRuns({ slot, guard }: StatementContext, shape: PlanShape): Sql | undefined {
  const runs: Sql[] = [];
  if (shape.runsOfNewActivityRuns > 0) {
    const ids = slotList(slot, shape.runsOfNewActivityRuns, (plan) => plan.runsOfNewActivityRuns);
    runs.push(sql`run_id in (${ids})`);
  }
  if (shape.patchedActivityRunIds > 0) {
    const patched = slotList(
      slot,
      shape.patchedActivityRunIds,
      (plan) => plan.patchedActivityRunIds,
    );
    const ofPatched = sql`run_id in
      (select pipeline_run_id from activity_runs where activity_run_id in (${patched}))`;
    const written = slotList(slot, shape.runsWrittenDirectly, (plan) => plan.runsWrittenDirectly);
    runs.push(
      shape.runsWrittenDirectly > 0
        ? sql`(${ofPatched} and run_id not in (${written}))`
        : ofPatched,
    );
  }
  if (runs.length === 0) return undefined;
  return sql`update pipeline_runs set last_updated = ${slot((plan) => plan.at)}
    where (${sql.join(runs, sql` or `)}) and ${guard}`;
}

function buildStatement(shape: PlanShape, slot: Slot): RawBuilder<MissingRecord> {
  const runPatches = shape.runUpdateColumns.length;
  const activityRunPatches = shape.activityRunUpdateColumns.length;
  const checked = runPatches + activityRunPatches > 0;
  const context: StatementContext = {
    slot,
    guard: checked ? sql`not exists (select from missing)` : sql`true`,
  };
  const ctes: Sql[] = [];
  const cte = (name: string, body: Sql) => ctes.push(sql`${sql.id(name)} as (${body})`);

  if (checked) {
    const checks: Sql[] = [];
    if (runPatches > 0) {
      checks.push(
        missingRecords(
          context,
          'pipeline run',
          'pipeline_runs',
          'run_id',
          runPatches,
          (plan) => plan.runUpdates,
        ),
      );
    }
    if (activityRunPatches > 0) {
      checks.push(
        missingRecords(
          context,
          'activity run',
          'activity_runs',
          'activity_run_id',
          activityRunPatches,
          (plan) => plan.activityRunUpdates,
        ),
      );
    }
    cte('missing', sql.join(checks, sql` union all `));
  }
  if (shape.runRows > 0) {
    cte(
      'create_runs',
      insertRows(
        context,
        'pipeline_runs',
        shape.runRows,
        PIPELINE_RUN_COLUMN_TYPES,
        (plan) => plan.runRows,
      ),
    );
  }
  shape.runUpdateColumns.forEach((columns, index) => {
    cte(
      `update_run_${index}`,
      updateRow(context, 'pipeline_runs', 'run_id', columns, (plan) => plan.runUpdates.at(index)),
    );
  });
  if (shape.activityRunRows > 0) {
    cte(
      'create_activity_runs',
      insertRows(
        context,
        'activity_runs',
        shape.activityRunRows,
        ACTIVITY_RUN_COLUMN_TYPES,
        (plan) => plan.activityRunRows,
      ),
    );
  }
  shape.activityRunUpdateColumns.forEach((columns, index) => {
    // An empty patch writes nothing: `missing` checks that the activity run exists.
    if (columns.length === 0) return;
    cte(
      `update_activity_run_${index}`,
      updateRow(context, 'activity_runs', 'activity_run_id', columns, (plan) =>
        plan.activityRunUpdates.at(index),
      ),
    );
  });
  const touch = touchRuns(context, shape);
  if (touch !== undefined) cte('touch', touch);

  const result = checked
    ? sql`select record, id from missing`
    : sql`select null::text as record, null::text as id where false`;
  return sql<MissingRecord>`with ${sql.join(ctes, sql`, `)} ${result}`;
}

export class PostgresTransitionStatement implements TransitionStatement {
  private readonly prepared = new PreparedQueryCache();

  constructor(private readonly db: Kysely<StoreDatabase>) {}

  fits(plan: TransitionPlan): boolean {
    const runsUpdated = plan.runUpdates.map(({ id }) => id);
    const activityRunsUpdated = plan.activityRunUpdates.map(({ id }) => id);
    return (
      !hasRepeats(runsUpdated) &&
      !hasRepeats(activityRunsUpdated) &&
      !overlaps(
        runsUpdated,
        plan.runRows.map((row) => row.run_id),
      ) &&
      !overlaps(
        activityRunsUpdated,
        plan.activityRunRows.map((row) => row.activity_run_id),
      ) &&
      parameterCount(shapeOf(plan)) <= postgresDialect.maxParameters
    );
  }

  async execute(plan: TransitionPlan): Promise<MissingRecord | undefined> {
    const { rows } = await this.statementFor(plan).execute(this.db, plan);
    return rows[0];
  }

  private statementFor(plan: TransitionPlan): PreparedQuery<TransitionPlan, MissingRecord> {
    const shape = shapeOf(plan);
    const build = () =>
      PreparedQuery.build<TransitionPlan, MissingRecord>((slot): Compilable<MissingRecord> => {
        const statement = buildStatement(shape, slot);
        return { compile: () => statement.compile(this.db) };
      });
    // Id lists are no longer than the rows and patches they come from.
    const large = [
      shape.runRows,
      shape.activityRunRows,
      shape.runUpdateColumns.length,
      shape.activityRunUpdateColumns.length,
    ].some((count) => count > MAX_PREPARED_ROWS);
    return large ? build() : this.prepared.get(JSON.stringify(shape), build);
  }
}
