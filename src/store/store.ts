/**
 * The store port: everything the engine and the API persist, in domain operations. Adapters
 * (`sqlite/`, `postgres/`) implement it with Kysely; one conformance suite checks both.
 *
 * Glossary:
 * - Pipeline run: one execution of a pipeline, with ADF's fields (runId, runGroupId, status …) and
 *   what the engine needs to resume it (definition snapshot, variables, lease).
 * - Activity run: one attempt of one activity in one scope of a pipeline run.
 * - Scope: where an activity run sits: `''` for the pipeline's own activities, else a path such as
 *   `ForEach1[3]` or `ForEach1[3]/If1:true` (see src/engine/scope-path.ts).
 * - Transition: the records one engine step changes, committed in one transaction.
 * - Lease: a process's claim on a run, renewed while it works; an expired lease marks an orphan.
 */
import type { JsonObject, JsonValue } from '../factory/resources.js';
import type { IdentityStore } from '../identity/identity.js';
import type { FactoryResourceStore } from './factory-resource-store.js';
import type { MlWorkspaceStore } from './ml-store.js';
import type { ActivityRunStatus, PipelineRunStatus } from './run-statuses.js';

export {
  ActivityRunStatuses,
  PipelineRunStatuses,
  TERMINAL_ACTIVITY_STATUSES,
  TERMINAL_RUN_STATUSES,
  type ActivityRunStatus,
  type PipelineRunStatus,
} from './run-statuses.js';

export interface InvokedBy {
  readonly name: string;
  readonly id: string;
  /** `Manual`, `PipelineActivity` (ExecutePipeline), `ScheduleTrigger` … */
  readonly invokedByType: string;
  readonly pipelineName?: string;
  readonly pipelineRunId?: string;
}

/** ADF's activity error shape. */
export interface ActivityError {
  readonly errorCode: string;
  readonly message: string;
  readonly failureType: 'UserError' | 'SystemError';
  readonly target: string;
  readonly details?: JsonValue;
}

export interface PipelineRunRecord {
  readonly runId: string;
  readonly runGroupId: string;
  readonly pipelineName: string;
  readonly factoryName: string;
  readonly parameters: JsonObject;
  readonly invokedBy: InvokedBy;
  readonly status: PipelineRunStatus;
  readonly message: string;
  /** ISO 8601 instants. */
  readonly runStart: string;
  readonly runEnd: string | null;
  readonly durationInMs: number | null;
  readonly lastUpdated: string;
  /** `pipelineReturnValue`, or null. */
  readonly output: JsonValue;
  /** Current values of the pipeline's variables. */
  readonly variables: JsonObject;
  /** The pipeline resource JSON the run executes, so a resumed run uses what it started with. */
  readonly definition: JsonObject;
  /** Linked services, datasets, other pipelines and global parameters the run may need, as JSON. */
  readonly factorySnapshot: JsonObject;
  readonly parentRunId: string | null;
  readonly parentActivityRunId: string | null;
  /** The run this one reruns, when it is a rerun. */
  readonly referencePipelineRunId: string | null;
  readonly isLatest: boolean;
  /** True once someone asked to cancel; the owner stops the run. */
  readonly cancelRequested: boolean;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: string | null;
}

export interface ActivityRunRecord {
  readonly activityRunId: string;
  readonly pipelineRunId: string;
  readonly scope: string;
  readonly activityName: string;
  readonly activityType: string;
  /** 1 for the first attempt, 2 for the first retry … */
  readonly attempt: number;
  readonly status: ActivityRunStatus;
  readonly input: JsonValue;
  readonly output: JsonValue;
  readonly error: ActivityError | null;
  /** When it started; for a queued retry, when it may start. */
  readonly activityRunStart: string;
  readonly activityRunEnd: string | null;
  readonly durationInMs: number | null;
  /** For ExecutePipeline: the child run. */
  readonly childRunId: string | null;
  /** Engine bookkeeping that must survive a restart (ForEach items, Until iteration …). */
  readonly state: JsonObject;
  /** Copied unchanged from the run it reruns (rerun from failure). */
  readonly copiedFromActivityRunId: string | null;
}

export type PipelineRunPatch = Partial<
  Pick<
    PipelineRunRecord,
    | 'status'
    | 'message'
    | 'runEnd'
    | 'durationInMs'
    | 'output'
    | 'variables'
    | 'cancelRequested'
    | 'isLatest'
  >
>;

export type ActivityRunPatch = Partial<
  Pick<
    ActivityRunRecord,
    | 'status'
    | 'input'
    | 'output'
    | 'error'
    | 'activityRunStart'
    | 'activityRunEnd'
    | 'durationInMs'
    | 'childRunId'
    | 'state'
  >
>;

/** Everything one engine step changes, applied atomically with `lastUpdated` set to `at`. */
export interface Transition {
  readonly at: string;
  readonly createRuns?: readonly PipelineRunRecord[];
  readonly updateRuns?: readonly { readonly runId: string; readonly patch: PipelineRunPatch }[];
  readonly createActivityRuns?: readonly ActivityRunRecord[];
  readonly updateActivityRuns?: readonly {
    readonly activityRunId: string;
    readonly patch: ActivityRunPatch;
  }[];
}

/**
 * What `queryPipelineRuns` filters on. `InvokedByType` is the run's `invokedBy.invokedByType`
 * (`Manual`, `PipelineActivity`, `Debug` …), compared exactly.
 */
export const PipelineRunFilterOperands = [
  'PipelineName',
  'Status',
  'RunGroupId',
  'RunId',
  'InvokedByType',
] as const;
export type PipelineRunFilterOperand = (typeof PipelineRunFilterOperands)[number];

export interface PipelineRunQuery {
  /** Only runs of this factory (exact name). (Default: every factory's.) */
  readonly factoryName?: string;
  /** Runs updated at or after this instant (ISO 8601). */
  readonly lastUpdatedAfter?: string;
  /** Runs updated before this instant. */
  readonly lastUpdatedBefore?: string;
  readonly filters?: readonly {
    readonly operand: PipelineRunFilterOperand;
    readonly operator: 'Equals' | 'NotEquals' | 'In' | 'NotIn';
    readonly values: readonly string[];
  }[];
  /** (Default: RunStart descending). */
  readonly orderBy?: { readonly orderBy: 'RunStart' | 'RunEnd'; readonly order: 'ASC' | 'DESC' };
  /** (Default: 100, at most 1000). */
  readonly limit?: number;
  readonly continuationToken?: string;
}

export interface PipelineRunPage {
  readonly value: readonly PipelineRunRecord[];
  readonly continuationToken?: string;
}

export interface RunStore {
  /** Applies every change of one engine step in one transaction, or none of them. */
  commit(transition: Transition): Promise<void>;
  getPipelineRun(runId: string): Promise<PipelineRunRecord | undefined>;
  /** Every activity run of a pipeline run (all scopes, all attempts), oldest first. */
  listActivityRuns(runId: string): Promise<readonly ActivityRunRecord[]>;
  queryPipelineRuns(query: PipelineRunQuery): Promise<PipelineRunPage>;
  /** Child runs started by ExecutePipeline activities of this run. */
  listChildRuns(runId: string): Promise<readonly PipelineRunRecord[]>;
  /**
   * Takes or renews `owner`'s lease on a run until `expiresAt`; succeeds when the run has no
   * lease, an expired one (before `now`), or one held by `owner`. Atomic.
   */
  acquireLease(runId: string, owner: string, now: string, expiresAt: string): Promise<boolean>;
  /** Renews every lease `owner` holds. */
  renewLeases(owner: string, expiresAt: string): Promise<void>;
  releaseLease(runId: string, owner: string): Promise<void>;
  /** Runs not finished whose lease is missing or expired before `now`: crashed processes' work. */
  findOrphanedRuns(now: string): Promise<readonly string[]>;
  close(): Promise<void>;
}

/**
 * The whole store: pipeline runs, the ML workspace and identity in one database, closed once.
 * What the adapters return and the composition roots hand out.
 */
export interface Store extends RunStore, MlWorkspaceStore, IdentityStore, FactoryResourceStore {}
