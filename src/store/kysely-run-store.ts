/**
 * The {@link RunStore} port over Kysely, shared by the SQLite and PostgreSQL adapters; what
 * differs between them comes in as a {@link StoreDialect}.
 *
 * `commit` is on the engine's hot path (two transitions per activity). It turns the transition
 * into a {@link TransitionPlan}, then writes it in one transaction — multi-row inserts, one UPDATE
 * per patch, one UPDATE of `last_updated` for the runs whose activity runs changed — reading
 * nothing back. An adapter whose round trips are dear (PostgreSQL) passes a
 * {@link TransitionStatement} that writes the plans it fits in one statement instead. Statements
 * and point reads are {@link PreparedQuery}s: built and compiled once per shape (row count,
 * patched columns), then only bound.
 */
import type { Insertable, Kysely, Updateable } from 'kysely';
import { chunks } from './chunks.js';
import { guardAvailability, guardIntegrity } from './driver-errors.js';
import { canonicalInstant } from './instants.js';
import { queryPipelineRuns } from './pipeline-run-query.js';
import { PreparedQuery, PreparedQueryCache } from './prepared-query.js';
import { activityRunRecord, pipelineRunRecord } from './record-mapping.js';
import {
  ACTIVITY_RUN_COLUMNS,
  PIPELINE_RUN_COLUMNS,
  type ActivityRunsTable,
  type PipelineRunsTable,
  type StoreDatabase,
} from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import type {
  ActivityRunRecord,
  PipelineRunPage,
  PipelineRunQuery,
  PipelineRunRecord,
  PipelineRunStatus,
  RunStore,
  Transition,
} from './store.js';
import {
  planTransition,
  recordNotFoundError,
  type RecordUpdate,
  type TransitionPlan,
  type TransitionStatement,
} from './transition-plan.js';

/** Runs that a process should be driving; without a live lease they are orphans. */
const UNFINISHED_RUN_STATUSES: readonly PipelineRunStatus[] = ['Queued', 'InProgress', 'Canceling'];

/** Multi-row inserts and id lists up to this size are prepared; larger ones are built each time. */
const MAX_PREPARED_ROWS = 64;

type Db = Kysely<StoreDatabase>;

interface RowsArgs<Table> {
  readonly rows: readonly Insertable<Table>[];
}
interface TouchArgs {
  readonly at: string;
  readonly ids: readonly string[];
  readonly exclude: readonly string[];
}

export interface KyselyRunStoreOptions {
  /**
   * Writes the transitions it fits in one statement; the others, and all of them without it, are
   * written in a transaction (Default: none).
   */
  readonly transitionStatement?: TransitionStatement;
}

function idList(ids: readonly string[]): string {
  const shown = ids.slice(0, 5).join(', ');
  return ids.length > 5 ? `${shown} … (${ids.length} in all)` : shown;
}

function writesNothing(plan: TransitionPlan): boolean {
  return (
    plan.runRows.length === 0 &&
    plan.runUpdates.length === 0 &&
    plan.activityRunRows.length === 0 &&
    plan.activityRunUpdates.length === 0
  );
}

/** What a plan creates, for the message of a conflict found by its one statement. */
function creations(plan: TransitionPlan): string {
  const parts: string[] = [];
  if (plan.runRows.length > 0) {
    parts.push(`pipeline runs ${idList(plan.runRows.map((row) => row.run_id))}`);
  }
  if (plan.activityRunRows.length > 0) {
    parts.push(`activity runs ${idList(plan.activityRunRows.map((row) => row.activity_run_id))}`);
  }
  return parts.length > 0 ? `creating ${parts.join(' and ')}` : 'updating runs';
}

export class KyselyRunStore implements RunStore {
  private readonly prepared = new PreparedQueryCache();

  constructor(
    private readonly db: Db,
    private readonly dialect: StoreDialect,
    private readonly options: KyselyRunStoreOptions = {},
  ) {}

  async commit(transition: Transition): Promise<void> {
    // Everything is converted (and validated) before anything is written.
    const plan = planTransition(transition, this.dialect);
    if (writesNothing(plan)) return;
    const statement = this.options.transitionStatement;
    if (statement?.fits(plan) === true) {
      const missing = await this.reachable(() =>
        this.guard(creations(plan), () => statement.execute(plan)),
      );
      if (missing !== undefined) throw recordNotFoundError(missing);
      return;
    }
    await this.reachable(() =>
      this.db.transaction().execute((trx) => this.writeInTransaction(trx, plan)),
    );
  }

  private async writeInTransaction(trx: Db, plan: TransitionPlan): Promise<void> {
    if (plan.runRows.length > 0) {
      await this.guard(
        `creating pipeline runs ${idList(plan.runRows.map((row) => row.run_id))}`,
        () => this.insertRuns(trx, plan.runRows),
      );
    }
    for (const update of plan.runUpdates) {
      const result = await this.updateRunQuery(update.set).execute(trx, update);
      if (result.numAffectedRows === 0n) {
        throw recordNotFoundError({ record: 'pipeline run', id: update.id });
      }
    }
    if (plan.activityRunRows.length > 0) {
      await this.guard(
        `creating activity runs ${idList(plan.activityRunRows.map((row) => row.activity_run_id))}`,
        () => this.insertActivityRuns(trx, plan.activityRunRows),
      );
    }
    for (const update of plan.activityRunUpdates) {
      const result = await this.updateActivityRunQuery(update.set).execute(trx, update);
      if (result.numAffectedRows === 0n) {
        throw recordNotFoundError({ record: 'activity run', id: update.id });
      }
    }
    if (plan.runsOfNewActivityRuns.length > 0) {
      await this.touchRuns(trx, { at: plan.at, ids: plan.runsOfNewActivityRuns, exclude: [] });
    }
    if (plan.patchedActivityRunIds.length > 0) {
      await this.touchRunsOfActivityRuns(trx, {
        at: plan.at,
        ids: plan.patchedActivityRunIds,
        exclude: [...plan.runsWrittenDirectly, ...plan.runsOfNewActivityRuns],
      });
    }
  }

  private async insertRuns(trx: Db, rows: readonly Insertable<PipelineRunsTable>[]) {
    const perStatement = Math.floor(this.dialect.maxParameters / PIPELINE_RUN_COLUMNS.length);
    for (const chunk of chunks(rows, perStatement)) {
      if (chunk.length > MAX_PREPARED_ROWS) {
        await trx.insertInto('pipeline_runs').values(chunk).execute();
        continue;
      }
      const query = this.prepared.get(`insert runs ${chunk.length}`, () =>
        PreparedQuery.build<RowsArgs<PipelineRunsTable>, unknown>((slot) =>
          this.db.insertInto('pipeline_runs').values(
            chunk.map((_, index) => {
              const row: Record<string, unknown> = {};
              for (const column of PIPELINE_RUN_COLUMNS) {
                row[column] = slot((args) => args.rows[index]?.[column]);
              }
              return row as unknown as Insertable<PipelineRunsTable>;
            }),
          ),
        ),
      );
      await query.execute(trx, { rows: chunk });
    }
  }

  private async insertActivityRuns(trx: Db, rows: readonly Insertable<ActivityRunsTable>[]) {
    const perStatement = Math.floor(this.dialect.maxParameters / ACTIVITY_RUN_COLUMNS.length);
    for (const chunk of chunks(rows, perStatement)) {
      if (chunk.length > MAX_PREPARED_ROWS) {
        await trx.insertInto('activity_runs').values(chunk).execute();
        continue;
      }
      const query = this.prepared.get(`insert activity runs ${chunk.length}`, () =>
        PreparedQuery.build<RowsArgs<ActivityRunsTable>, unknown>((slot) =>
          this.db.insertInto('activity_runs').values(
            chunk.map((_, index) => {
              const row: Record<string, unknown> = {};
              for (const column of ACTIVITY_RUN_COLUMNS) {
                row[column] = slot((args) => args.rows[index]?.[column]);
              }
              return row as unknown as Insertable<ActivityRunsTable>;
            }),
          ),
        ),
      );
      await query.execute(trx, { rows: chunk });
    }
  }

  /** One prepared UPDATE per set of patched columns. */
  private updateRunQuery(set: Updateable<PipelineRunsTable>) {
    const columns = Object.keys(set) as (keyof PipelineRunsTable)[];
    return this.prepared.get(`update run ${columns.join(',')}`, () =>
      PreparedQuery.build<RecordUpdate<PipelineRunsTable>, unknown>((slot) => {
        const values: Record<string, unknown> = {};
        for (const column of columns) values[column] = slot((args) => args.set[column]);
        return this.db
          .updateTable('pipeline_runs')
          .set(values as Updateable<PipelineRunsTable>)
          .where(
            'run_id',
            '=',
            slot((args) => args.id),
          );
      }),
    );
  }

  private updateActivityRunQuery(set: Updateable<ActivityRunsTable>) {
    const columns = Object.keys(set) as (keyof ActivityRunsTable)[];
    return this.prepared.get(`update activity run ${columns.join(',')}`, () =>
      PreparedQuery.build<RecordUpdate<ActivityRunsTable>, unknown>((slot) => {
        const update = this.db.updateTable('activity_runs');
        const values: Record<string, unknown> = {};
        for (const column of columns) values[column] = slot((args) => args.set[column]);
        return (
          columns.length > 0
            ? update.set(values as Updateable<ActivityRunsTable>)
            : // An empty patch changes nothing but still checks that the activity run exists.
              update.set((eb) => ({ status: eb.ref('activity_runs.status') }))
        ).where(
          'activity_run_id',
          '=',
          slot((args) => args.id),
        );
      }),
    );
  }

  private slots<Value>(
    slot: <V>(read: (args: TouchArgs) => V) => V,
    count: number,
    list: (args: TouchArgs) => readonly Value[],
  ): Value[] {
    return Array.from({ length: count }, (_, index) => slot((args) => list(args)[index] as Value));
  }

  private async touchRuns(trx: Db, args: TouchArgs): Promise<void> {
    if (args.ids.length > MAX_PREPARED_ROWS) {
      await trx
        .updateTable('pipeline_runs')
        .set({ last_updated: args.at })
        .where('run_id', 'in', args.ids)
        .execute();
      return;
    }
    const query = this.prepared.get(`touch runs ${args.ids.length}`, () =>
      PreparedQuery.build<TouchArgs, unknown>((slot) =>
        this.db
          .updateTable('pipeline_runs')
          .set({ last_updated: slot((a) => a.at) })
          .where(
            'run_id',
            'in',
            this.slots(slot, args.ids.length, (a) => a.ids),
          ),
      ),
    );
    await query.execute(trx, args);
  }

  /** Sets lastUpdated on the runs of these activity runs, except the runs in `exclude`. */
  private async touchRunsOfActivityRuns(trx: Db, args: TouchArgs): Promise<void> {
    const build = (db: Db, ids: readonly string[], exclude: readonly string[], at: string) => {
      const update = db
        .updateTable('pipeline_runs')
        .set({ last_updated: at })
        .where('run_id', 'in', (eb) =>
          eb
            .selectFrom('activity_runs')
            .select('activity_runs.pipeline_run_id')
            .where('activity_runs.activity_run_id', 'in', ids),
        );
      return exclude.length > 0 ? update.where('run_id', 'not in', exclude) : update;
    };
    if (args.ids.length > MAX_PREPARED_ROWS || args.exclude.length > MAX_PREPARED_ROWS) {
      await build(trx, args.ids, args.exclude, args.at).execute();
      return;
    }
    const query = this.prepared.get(
      `touch runs of activity runs ${args.ids.length} ${args.exclude.length}`,
      () =>
        PreparedQuery.build<TouchArgs, unknown>((slot) =>
          build(
            this.db,
            this.slots(slot, args.ids.length, (a) => a.ids),
            this.slots(slot, args.exclude.length, (a) => a.exclude),
            slot((a) => a.at),
          ),
        ),
    );
    await query.execute(trx, args);
  }

  /** Runs `work`, turning integrity violations into coded errors that say what `doing` was. */
  private guard<T>(doing: string, work: () => Promise<T>): Promise<T> {
    return guardIntegrity(
      this.dialect,
      {
        conflict: `Failed ${doing}: one of these ids already exists (or is repeated in the transition). Ids must be new; update the existing record instead.`,
        missingReference: `Failed ${doing}: an activity run belongs to a pipeline run that does not exist. Create the pipeline run first, in this transition or an earlier one.`,
      },
      work,
    );
  }

  /** Runs `work`, reporting a lost or busy database as the retryable `STORE_UNAVAILABLE`. */
  private reachable<T>(work: () => Promise<T>): Promise<T> {
    return guardAvailability(this.dialect, work);
  }

  async getPipelineRun(runId: string): Promise<PipelineRunRecord | undefined> {
    const query = this.prepared.get('get run', () =>
      PreparedQuery.build((slot: <V>(read: (args: { runId: string }) => V) => V) =>
        this.db
          .selectFrom('pipeline_runs')
          .selectAll()
          .where(
            'run_id',
            '=',
            slot((args) => args.runId),
          ),
      ),
    );
    const { rows } = await this.reachable(() => query.execute(this.db, { runId }));
    const row = rows[0];
    return row === undefined ? undefined : pipelineRunRecord(row, this.dialect);
  }

  async listActivityRuns(runId: string): Promise<readonly ActivityRunRecord[]> {
    const query = this.prepared.get('list activity runs', () =>
      PreparedQuery.build((slot: <V>(read: (args: { runId: string }) => V) => V) =>
        this.db
          .selectFrom('activity_runs')
          .selectAll()
          .where(
            'pipeline_run_id',
            '=',
            slot((args) => args.runId),
          )
          .orderBy('activity_run_start', 'asc')
          .orderBy('seq', 'asc'),
      ),
    );
    const { rows } = await this.reachable(() => query.execute(this.db, { runId }));
    return rows.map((row) => activityRunRecord(row, this.dialect));
  }

  queryPipelineRuns(query: PipelineRunQuery): Promise<PipelineRunPage> {
    return this.reachable(() => queryPipelineRuns(this.db, this.dialect, query));
  }

  async listChildRuns(runId: string): Promise<readonly PipelineRunRecord[]> {
    const query = this.prepared.get('list child runs', () =>
      PreparedQuery.build((slot: <V>(read: (args: { runId: string }) => V) => V) =>
        this.db
          .selectFrom('pipeline_runs')
          .selectAll()
          .where(
            'parent_run_id',
            '=',
            slot((args) => args.runId),
          )
          .orderBy('run_start', 'asc')
          .orderBy('run_id', 'asc'),
      ),
    );
    const { rows } = await this.reachable(() => query.execute(this.db, { runId }));
    return rows.map((row) => pipelineRunRecord(row, this.dialect));
  }

  async acquireLease(
    runId: string,
    owner: string,
    now: string,
    expiresAt: string,
  ): Promise<boolean> {
    const args = {
      runId,
      owner,
      now: canonicalInstant(now, 'now', 'STORE_INVALID_RECORD'),
      expiresAt: canonicalInstant(expiresAt, 'expiresAt', 'STORE_INVALID_RECORD'),
    };
    const query = this.prepared.get('acquire lease', () =>
      PreparedQuery.build((slot: <V>(read: (a: typeof args) => V) => V) =>
        this.db
          .updateTable('pipeline_runs')
          .set({ lease_owner: slot((a) => a.owner), lease_expires_at: slot((a) => a.expiresAt) })
          .where(
            'run_id',
            '=',
            slot((a) => a.runId),
          )
          .where((eb) =>
            eb.or([
              eb('lease_owner', 'is', null),
              eb(
                'lease_owner',
                '=',
                slot((a) => a.owner),
              ),
              eb(
                'lease_expires_at',
                '<',
                slot((a) => a.now),
              ),
            ]),
          ),
      ),
    );
    const result = await this.reachable(() => query.execute(this.db, args));
    return (result.numAffectedRows ?? 0n) > 0n;
  }

  async renewLeases(owner: string, expiresAt: string): Promise<void> {
    const args = {
      owner,
      expiresAt: canonicalInstant(expiresAt, 'expiresAt', 'STORE_INVALID_RECORD'),
    };
    const query = this.prepared.get('renew leases', () =>
      PreparedQuery.build((slot: <V>(read: (a: typeof args) => V) => V) =>
        this.db
          .updateTable('pipeline_runs')
          .set({ lease_expires_at: slot((a) => a.expiresAt) })
          .where(
            'lease_owner',
            '=',
            slot((a) => a.owner),
          ),
      ),
    );
    await this.reachable(() => query.execute(this.db, args));
  }

  async releaseLease(runId: string, owner: string): Promise<void> {
    const args = { runId, owner };
    const query = this.prepared.get('release lease', () =>
      PreparedQuery.build((slot: <V>(read: (a: typeof args) => V) => V) =>
        this.db
          .updateTable('pipeline_runs')
          .set({ lease_owner: null, lease_expires_at: null })
          .where(
            'run_id',
            '=',
            slot((a) => a.runId),
          )
          .where(
            'lease_owner',
            '=',
            slot((a) => a.owner),
          ),
      ),
    );
    await this.reachable(() => query.execute(this.db, args));
  }

  async findOrphanedRuns(now: string): Promise<readonly string[]> {
    const args = { now: canonicalInstant(now, 'now', 'STORE_INVALID_QUERY') };
    const query = this.prepared.get('find orphaned runs', () =>
      PreparedQuery.build((slot: <V>(read: (a: typeof args) => V) => V) =>
        this.db
          .selectFrom('pipeline_runs')
          .select('run_id')
          .where('status', 'in', UNFINISHED_RUN_STATUSES)
          .where((eb) =>
            eb.or([
              eb('lease_owner', 'is', null),
              eb(
                'lease_expires_at',
                '<',
                slot((a) => a.now),
              ),
            ]),
          )
          .orderBy('run_start', 'asc')
          .orderBy('run_id', 'asc'),
      ),
    );
    const { rows } = await this.reachable(() => query.execute(this.db, args));
    return rows.map((row) => row.run_id);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
