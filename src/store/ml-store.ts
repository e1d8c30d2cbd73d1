/**
 * The ML workspace half of the store port: published pipelines, pipeline endpoints, experiments,
 * ML runs and step runs, in domain operations. The same Kysely adapters (SQLite, PostgreSQL)
 * implement it next to {@link RunStore}; one conformance suite checks both.
 *
 * Glossary:
 * - Published pipeline: an immutable snapshot of an ML pipeline (definition + content-hashed code)
 *   with a GUID id; only its status changes (Active → Deprecated / Disabled and back).
 * - Pipeline endpoint: a unique name whose versions "0", "1", … each point at a published
 *   pipeline; one is the default.
 * - Experiment: a named group of runs, created on first use.
 * - ML run: one submission of a published pipeline; statuses in Azure ML's run-history vocabulary.
 * - Step run: one step of one ML run (retries are attempts inside it); reused or executed.
 * - Reuse key: a hash of everything that decides a step's result; an earlier Completed step run
 *   with the same key lends its outputs.
 */
import type { JsonObject, JsonValue } from '../factory/resources.js';
import type { MlEndpointStatus, MlPublishedPipelineStatus, MlRunStatus } from './ml-statuses.js';

export {
  MlEndpointStatuses,
  MlPublishedPipelineStatuses,
  MlRunStatuses,
  TERMINAL_ML_RUN_STATUSES,
  type MlEndpointStatus,
  type MlPublishedPipelineStatus,
  type MlRunStatus,
} from './ml-statuses.js';

/** Published parameter types, named as Azure ML's interface names them. */
export const MlInterfaceParameterTypes = ['Int', 'Double', 'Bool', 'String'] as const;
export type MlInterfaceParameterType = (typeof MlInterfaceParameterTypes)[number];

export interface MlDataPathValue {
  readonly datastore: string;
  readonly path: string;
}

export interface MlPipelineInterface {
  readonly parameters: readonly {
    readonly name: string;
    readonly type: MlInterfaceParameterType;
    /** The default as Azure sends it (a string), or null when the parameter is required. */
    readonly defaultValue: string | null;
    readonly isOptional: boolean;
    readonly description?: string;
  }[];
  readonly dataPathParameters: readonly {
    readonly name: string;
    /** `uri_folder`, `uri_file` or `mltable`. */
    readonly dataType: string;
    readonly defaultValue: MlDataPathValue | null;
    readonly isOptional: boolean;
    readonly description?: string;
  }[];
}

export interface MlPublishedPipelineRecord {
  /** A GUID. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Free text, as in Azure ML (e.g. "1.0"). */
  readonly version: string;
  readonly status: MlPublishedPipelineStatus;
  /** sha256 over the definition and every code file; names the snapshot folder. */
  readonly snapshotHash: string;
  /** The `MlPipelineDefinition` as JSON. */
  readonly definition: JsonObject;
  readonly interface: MlPipelineInterface;
  readonly continueOnStepFailure: boolean;
  readonly createdBy: string | null;
  /** ISO 8601 instants. */
  readonly createdAt: string;
  readonly lastModified: string;
}

export interface MlEndpointVersion {
  /** "0", "1", … in the order they were added. */
  readonly version: string;
  readonly pipelineId: string;
  readonly addedAt: string;
}

export interface MlPipelineEndpointRecord {
  readonly id: string;
  /** Unique in the workspace (case-insensitive). */
  readonly name: string;
  readonly description: string;
  readonly status: MlEndpointStatus;
  readonly defaultVersion: string;
  /** Oldest first. */
  readonly versions: readonly MlEndpointVersion[];
  readonly createdAt: string;
  readonly lastModified: string;
}

export interface MlExperimentRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

/** An experiment with its run count and newest run, as an experiments list shows it. */
export interface MlExperimentSummary extends MlExperimentRecord {
  readonly runCount: number;
  /** The last created run, or null while the experiment has none. */
  readonly lastRun: {
    readonly id: string;
    readonly status: MlRunStatus;
    readonly pipelineName: string;
    readonly createdAt: string;
    readonly startTime: string | null;
    readonly endTime: string | null;
  } | null;
}

/** A failure as data: a stable code and a message that says what to do. */
export interface MlRunError {
  readonly code: string;
  readonly message: string;
  readonly failureType: 'UserError' | 'SystemError';
  readonly details?: JsonValue;
}

export interface MlRunRecord {
  readonly id: string;
  readonly experimentName: string;
  readonly pipelineId: string;
  /** The published pipeline's name, so step runs of every version can be compared. */
  readonly pipelineName: string;
  readonly pipelineEndpointId: string | null;
  readonly endpointVersion: string | null;
  readonly description: string;
  /** `SDK`, `API`, `CLI`, `DataFactory` … */
  readonly runSource: string;
  readonly status: MlRunStatus;
  /** Values after coercion to the declared types, defaults filled in. */
  readonly parameters: Readonly<Record<string, string | number | boolean>>;
  readonly dataPaths: Readonly<Record<string, MlDataPathValue>>;
  readonly continueOnStepFailure: boolean;
  readonly regenerateOutputs: boolean;
  readonly parentRunId: string | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly error: MlRunError | null;
  readonly cancelRequested: boolean;
  readonly lastModified: string;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: string | null;
}

/** One value a step logged for a metric; a metric logged several times keeps every value. */
export interface MlMetricValue {
  readonly value: number | string | boolean;
  readonly loggedAt: string;
}

export interface MlStepAttempt {
  readonly attempt: number;
  readonly startTime: string;
  readonly endTime: string | null;
  readonly exitCode: number | null;
  readonly error: MlRunError | null;
}

export interface MlStepRunRecord {
  readonly id: string;
  readonly runId: string;
  readonly stepName: string;
  readonly stepType: 'command' | 'parallel';
  readonly status: MlRunStatus;
  /** 0 until the first attempt starts. */
  readonly attempt: number;
  readonly attempts: readonly MlStepAttempt[];
  readonly reused: boolean;
  readonly reusedFromRunId: string | null;
  readonly reusedFromStepRunId: string | null;
  /** Why the step ran instead of being reused (what changed), or null when reused or skipped. */
  readonly rerunReason: string | null;
  /** Null for steps that may not be reused or never got that far. */
  readonly reuseKey: string | null;
  /** The hashed parts of the reuse key by name, to tell what changed since an earlier run. */
  readonly reuseComponents: JsonObject;
  /** Output name → where it was written. */
  readonly outputs: Readonly<Record<string, MlDataPathValue>>;
  /** Stream name (`stdout`, `stderr`, …) → where the log is kept. */
  readonly logs: Readonly<Record<string, MlDataPathValue>>;
  readonly metrics: Readonly<Record<string, readonly MlMetricValue[]>>;
  readonly tags: Readonly<Record<string, string>>;
  /** Parallel steps: mini-batch and item counts; null for command steps. */
  readonly progress: JsonObject | null;
  readonly exitCode: number | null;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly durationMs: number | null;
  readonly error: MlRunError | null;
}

export type MlRunPatch = Partial<
  Pick<
    MlRunRecord,
    | 'status'
    | 'startTime'
    | 'endTime'
    | 'error'
    | 'cancelRequested'
    | 'leaseOwner'
    | 'leaseExpiresAt'
  >
>;

/** A patch's `metrics`, when given, replace every metric value the step run had. */
export type MlStepRunPatch = Partial<
  Omit<MlStepRunRecord, 'id' | 'runId' | 'stepName' | 'stepType'>
>;

/** Changes to one ML run and its step runs, applied in one transaction with lastModified = at. */
export interface MlRunTransition {
  readonly at: string;
  readonly runId: string;
  readonly runPatch?: MlRunPatch;
  /**
   * Apply the transition only while the run's status is one of these (checked and written
   * atomically); otherwise write nothing and resolve false. (Default: any status.)
   */
  readonly requireRunStatusIn?: readonly MlRunStatus[];
  readonly updateStepRuns?: readonly { readonly id: string; readonly patch: MlStepRunPatch }[];
}

export interface MlRunQuery {
  readonly experimentName?: string;
  readonly pipelineId?: string;
  readonly pipelineEndpointId?: string;
  /** Runs in any of these statuses (an empty list matches none). */
  readonly statuses?: readonly MlRunStatus[];
  /** (Default: 100, at most 1000.) */
  readonly limit?: number;
  /** From the previous page; newest first (createdAt, then id). */
  readonly continuationToken?: string;
}

export interface MlRunPage {
  readonly value: readonly MlRunRecord[];
  readonly continuationToken?: string;
}

export interface MlWorkspaceStore {
  /** `STORE_CONFLICT` when the id exists. */
  createPublishedPipeline(record: MlPublishedPipelineRecord): Promise<void>;
  getPublishedPipeline(id: string): Promise<MlPublishedPipelineRecord | undefined>;
  /** Newest first; `activeOnly` keeps status Active. */
  listPublishedPipelines(options: {
    readonly activeOnly: boolean;
  }): Promise<readonly MlPublishedPipelineRecord[]>;
  /** `STORE_RECORD_NOT_FOUND` when there is no such pipeline. */
  setPublishedPipelineStatus(
    id: string,
    status: MlPublishedPipelineStatus,
    at: string,
  ): Promise<void>;

  /**
   * `STORE_CONFLICT` when the id or (case-insensitively) the name exists. Its versions must be
   * "0", "1", … in order (`STORE_INVALID_RECORD`) and point at published pipelines that exist
   * (`STORE_RECORD_NOT_FOUND`); its default must be one of them, or "0" when it has none yet
   * (`STORE_CONSTRAINT_VIOLATED`).
   */
  createEndpoint(record: MlPipelineEndpointRecord): Promise<void>;
  getEndpoint(id: string): Promise<MlPipelineEndpointRecord | undefined>;
  /** Case-insensitive. */
  getEndpointByName(name: string): Promise<MlPipelineEndpointRecord | undefined>;
  /** Newest first; `activeOnly` keeps status Active. */
  listEndpoints(options: {
    readonly activeOnly: boolean;
  }): Promise<readonly MlPipelineEndpointRecord[]>;
  /**
   * Appends a version numbered after the last one (atomically, so concurrent adds get distinct
   * numbers) and returns it; `makeDefault` also makes it the default. `STORE_RECORD_NOT_FOUND`
   * when the endpoint or the published pipeline does not exist.
   */
  addEndpointVersion(
    endpointId: string,
    pipelineId: string,
    options: { readonly makeDefault: boolean; readonly at: string },
  ): Promise<MlEndpointVersion>;
  /**
   * Name (unique ignoring case, else `STORE_CONFLICT`), description, status, default version
   * (one of its versions, else `STORE_CONSTRAINT_VIOLATED`); all or nothing, with lastModified =
   * at. `STORE_RECORD_NOT_FOUND` when there is no such endpoint.
   */
  updateEndpoint(
    endpointId: string,
    patch: Partial<
      Pick<MlPipelineEndpointRecord, 'name' | 'description' | 'status' | 'defaultVersion'>
    >,
    at: string,
  ): Promise<void>;

  /** Returns the experiment, creating it on first use (safe under concurrency). */
  ensureExperiment(name: string, at: string): Promise<MlExperimentRecord>;
  /** By name. */
  listExperiments(): Promise<readonly MlExperimentRecord[]>;
  /**
   * Every experiment with its run count and newest run, counted in the database; the most
   * recently used first (newest run, else creation), then by name.
   */
  listExperimentSummaries(): Promise<readonly MlExperimentSummary[]>;

  /**
   * Creates the run and all its step runs (with their metrics) in one transaction, or nothing:
   * `STORE_CONFLICT` when an id exists or repeats, `STORE_RECORD_NOT_FOUND` when the experiment
   * (see ensureExperiment) or the published pipeline does not exist, `STORE_INVALID_RECORD` when
   * a step run's runId is not the run's.
   */
  createMlRun(run: MlRunRecord, stepRuns: readonly MlStepRunRecord[]): Promise<void>;
  getMlRun(id: string): Promise<MlRunRecord | undefined>;
  queryMlRuns(query: MlRunQuery): Promise<MlRunPage>;
  /** Step runs of a run, in the order they were created (the order of `createMlRun`'s list). */
  listStepRuns(runId: string): Promise<readonly MlStepRunRecord[]>;
  getStepRun(id: string): Promise<MlStepRunRecord | undefined>;
  /**
   * All of the transition or nothing: `STORE_RECORD_NOT_FOUND` when the run, or a step run of
   * that run, does not exist.
   */
  /** True when written; false only when `requireRunStatusIn` did not match. */
  commitMlRun(transition: MlRunTransition): Promise<boolean>;
  /**
   * Appends metric values to a step run (several names at once), in one transaction;
   * `STORE_RECORD_NOT_FOUND` when there is no such step run.
   */
  appendStepMetrics(
    stepRunId: string,
    metrics: Readonly<Record<string, readonly MlMetricValue[]>>,
  ): Promise<void>;

  /**
   * The newest (last created) Completed step run with this reuse key (a reused one carries the
   * original's outputs).
   */
  findReusableStepRun(reuseKey: string): Promise<MlStepRunRecord | undefined>;
  /**
   * The newest (last created) step run named `stepName`, in runs of pipelines named
   * `pipelineName`, that has reuse components (not `{}`), other than in run `excludeRunId`: what a
   * rerun reason compares against.
   */
  findPreviousStepRun(
    pipelineName: string,
    stepName: string,
    excludeRunId: string,
  ): Promise<MlStepRunRecord | undefined>;

  /** Like {@link RunStore.acquireLease}, for ML runs. */
  acquireMlRunLease(runId: string, owner: string, now: string, expiresAt: string): Promise<boolean>;
  renewMlRunLeases(owner: string, expiresAt: string): Promise<void>;
  releaseMlRunLease(runId: string, owner: string): Promise<void>;
  /** Unfinished ML runs whose lease is missing or expired before `now`. */
  findOrphanedMlRuns(now: string): Promise<readonly string[]>;
}
