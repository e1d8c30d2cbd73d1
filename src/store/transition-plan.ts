/**
 * A transition turned into what `commit` writes: rows to insert, column sets to update, and the
 * runs whose `last_updated` moves because their activity runs change. Everything is converted
 * and validated here, before anything is written, so a bad instant never opens a transaction.
 *
 * Two writers consume a plan: the shared multi-statement transaction of `kysely-run-store.ts`,
 * and, where a round trip costs more than the work, a {@link TransitionStatement} that writes
 * the whole plan in one statement (PostgreSQL, `postgres/transition-statement.ts`).
 */
import type { Insertable, Updateable } from 'kysely';
import { canonicalInstant } from './instants.js';
import {
  activityRunRow,
  activityRunUpdate,
  pipelineRunRow,
  pipelineRunUpdate,
} from './record-mapping.js';
import type { ActivityRunsTable, PipelineRunsTable } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { StoreError } from './store-error.js';
import type { Transition } from './store.js';

export interface RecordUpdate<Table> {
  readonly id: string;
  readonly set: Updateable<Table>;
}

export interface TransitionPlan {
  /** The transition's instant, canonical: every `last_updated` the plan writes. */
  readonly at: string;
  readonly runRows: readonly Insertable<PipelineRunsTable>[];
  /** In the transition's order; each sets `last_updated` too. */
  readonly runUpdates: readonly RecordUpdate<PipelineRunsTable>[];
  readonly activityRunRows: readonly Insertable<ActivityRunsTable>[];
  /** In the transition's order; an empty `set` only checks that the activity run exists. */
  readonly activityRunUpdates: readonly RecordUpdate<ActivityRunsTable>[];
  /** Runs the plan inserts or updates: their own row write sets `last_updated`. */
  readonly runsWrittenDirectly: readonly string[];
  /** Runs that get new activity runs and are not written directly: touched by id. */
  readonly runsOfNewActivityRuns: readonly string[];
  /** Activity runs patched, each once: their runs are touched, unless already written. */
  readonly patchedActivityRunIds: readonly string[];
}

function unique(ids: Iterable<string>): string[] {
  return [...new Set(ids)];
}

export function planTransition(transition: Transition, dialect: StoreDialect): TransitionPlan {
  const at = canonicalInstant(transition.at, 'transition.at', 'STORE_INVALID_RECORD');
  const createRuns = transition.createRuns ?? [];
  const updateRuns = transition.updateRuns ?? [];
  const createActivityRuns = transition.createActivityRuns ?? [];
  const updateActivityRuns = transition.updateActivityRuns ?? [];
  const runsWrittenDirectly = unique([
    ...createRuns.map((run) => run.runId),
    ...updateRuns.map(({ runId }) => runId),
  ]);
  const written = new Set(runsWrittenDirectly);
  return {
    at,
    runRows: createRuns.map((run) => pipelineRunRow(run, at, dialect)),
    runUpdates: updateRuns.map(({ runId, patch }) => ({
      id: runId,
      set: pipelineRunUpdate(runId, patch, at, dialect),
    })),
    activityRunRows: createActivityRuns.map(activityRunRow),
    activityRunUpdates: updateActivityRuns.map(({ activityRunId, patch }) => ({
      id: activityRunId,
      set: activityRunUpdate(activityRunId, patch),
    })),
    runsWrittenDirectly,
    runsOfNewActivityRuns: unique(
      createActivityRuns.map((run) => run.pipelineRunId).filter((id) => !written.has(id)),
    ),
    patchedActivityRunIds: unique(updateActivityRuns.map(({ activityRunId }) => activityRunId)),
  };
}

/** A record a patch targets that does not exist. */
export interface MissingRecord {
  readonly record: 'pipeline run' | 'activity run';
  readonly id: string;
}

export function recordNotFoundError({ record, id }: MissingRecord): StoreError {
  const create = record === 'pipeline run' ? 'createRuns' : 'createActivityRuns';
  return new StoreError(
    'STORE_RECORD_NOT_FOUND',
    `Cannot update ${record} ${id}: it does not exist. Create it first (${create}), in this transition or an earlier one.`,
  );
}

/**
 * Writes a whole plan in one statement, all of it or nothing, for databases where a round trip
 * costs more than the work. Plans it does not fit go to the multi-statement transaction.
 */
export interface TransitionStatement {
  /** Whether one statement can write this plan with the semantics of the transaction. */
  fits(plan: TransitionPlan): boolean;
  /**
   * Writes the plan; when a patch targets a record that does not exist, writes nothing and
   * returns that record. Driver errors (unique and foreign-key violations …) are thrown as is.
   */
  execute(plan: TransitionPlan): Promise<MissingRecord | undefined>;
}
