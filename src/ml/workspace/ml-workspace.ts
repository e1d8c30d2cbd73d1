/**
 * The ML workspace's operations, as the REST API and the CLI call them. `MlWorkspaceService`
 * implements it over the store port, the datastore registry, the snapshot folder and a run
 * launcher; every failure is an `MlWorkspaceError`.
 */
import type {
  MlDataPathValue,
  MlEndpointStatus,
  MlExperimentSummary,
  MlPipelineEndpointRecord,
  MlPublishedPipelineRecord,
  MlPublishedPipelineStatus,
  MlRunPage,
  MlRunQuery,
  MlRunRecord,
  MlRunStatus,
  MlStepRunRecord,
} from '../../store/ml-store.js';

/** Where the pipeline to publish comes from. */
export type MlPipelineSource =
  /** A YAML file on this machine; code folders are relative to it. */
  | { readonly kind: 'file'; readonly file: string }
  /**
   * A YAML text and the files next to it (relative path → content), as a remote client sends
   * them; code folders are relative to the YAML's folder, which is the bundle's root.
   */
  | {
      readonly kind: 'bundle';
      readonly fileName: string;
      readonly yaml: string;
      readonly files: Readonly<Record<string, Buffer>>;
    };

export interface MlPublishOptions {
  /** (Default: the YAML's `name`.) */
  readonly name?: string;
  /** (Default: the YAML's `description`, else ''.) */
  readonly description?: string;
  /** (Default: '1'.) */
  readonly version?: string;
  /** (Default: the YAML's `settings.continue_on_step_failure`.) */
  readonly continueOnStepFailure?: boolean;
  /** Also add the pipeline to this endpoint as a new version (creating the endpoint if needed). */
  readonly endpoint?: {
    readonly name: string;
    readonly makeDefault: boolean;
    /**
     * Publish nothing when the endpoint's default version already has the same definition and
     * code (for deploy scripts and seeded examples that publish at every start). (Default: false)
     */
    readonly skipIfUnchanged?: boolean;
  };
  readonly createdBy?: string;
}

export interface MlPublishResult {
  readonly pipeline: MlPublishedPipelineRecord;
  /** True when an identical snapshot was already stored (the files were not copied again). */
  readonly snapshotExisted: boolean;
  readonly endpoint?: MlPipelineEndpointRecord;
  readonly endpointVersion?: string;
  /** True when `skipIfUnchanged` found the default version identical: `pipeline` is that one. */
  readonly unchanged?: boolean;
}

export type MlSubmitTarget =
  | { readonly kind: 'pipeline'; readonly pipelineId: string }
  /** By id or by name; without a version, the endpoint's default. */
  | {
      readonly kind: 'endpoint';
      readonly endpointId?: string;
      readonly endpointName?: string;
      readonly version?: string;
    };

/** The submit body (Azure ML's PipelineSubmit fields), already parsed from any casing. */
export interface MlSubmitRequest {
  readonly experimentName: string;
  readonly description?: string;
  /** (Default: 'API'.) */
  readonly runSource?: string;
  /** Values as Azure clients send them (strings), or JSON scalars; coerced to declared types. */
  readonly parameterAssignments?: Readonly<Record<string, unknown>>;
  readonly dataPathAssignments?: Readonly<Record<string, MlDataPathValue>>;
  /** (Default: the published pipeline's setting.) */
  readonly continueRunOnStepFailure?: boolean;
  readonly parentRunId?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Rerun every step. (Default: false.) */
  readonly regenerateOutputs?: boolean;
  /**
   * The submitter will not follow the run: a workspace embedded in a short-lived process (the
   * CLI) hands it to a worker that outlives the process. Servers ignore it. (Default: false.)
   */
  readonly detach?: boolean;
  readonly createdBy?: string;
}

export interface MlRunDetails {
  readonly run: MlRunRecord;
  readonly steps: readonly MlStepRunRecord[];
}

export type MlLogStream = 'stdout' | 'stderr';

/** What the caller may do in the workspace: Data Factory's Test connection asks this. */
export interface MlWorkspaceAccess {
  /** The workspace's name. */
  readonly workspace: string;
  /** The `ml/*` permissions the caller holds on the workspace (scope `ml`). */
  readonly permissions: readonly string[];
  /** Who the workspace took the caller for (user name or service principal display name). */
  readonly principal?: string;
}

export interface MlWorkspace {
  /**
   * Answers when the workspace can be reached with the caller's credentials, with what the caller
   * may do in it. In-process callers are trusted with every `ml/*` permission.
   */
  checkAccess(): Promise<MlWorkspaceAccess>;

  publish(source: MlPipelineSource, options: MlPublishOptions): Promise<MlPublishResult>;
  listPipelines(options: {
    readonly activeOnly: boolean;
  }): Promise<readonly MlPublishedPipelineRecord[]>;
  getPipeline(id: string): Promise<MlPublishedPipelineRecord>;
  setPipelineStatus(
    id: string,
    status: MlPublishedPipelineStatus,
  ): Promise<MlPublishedPipelineRecord>;

  createEndpoint(options: {
    readonly name: string;
    readonly description?: string;
    readonly pipelineId: string;
  }): Promise<MlPipelineEndpointRecord>;
  listEndpoints(options: {
    readonly activeOnly: boolean;
  }): Promise<readonly MlPipelineEndpointRecord[]>;
  getEndpoint(id: string): Promise<MlPipelineEndpointRecord>;
  getEndpointByName(name: string): Promise<MlPipelineEndpointRecord>;
  addEndpointVersion(
    endpointId: string,
    pipelineId: string,
    options: { readonly makeDefault: boolean },
  ): Promise<MlPipelineEndpointRecord>;
  setEndpointDefaultVersion(endpointId: string, version: string): Promise<MlPipelineEndpointRecord>;
  setEndpointStatus(
    endpointId: string,
    status: MlEndpointStatus,
  ): Promise<MlPipelineEndpointRecord>;

  /** Validates, records the run (Queued) with its step runs (NotStarted), and starts it. */
  submit(target: MlSubmitTarget, request: MlSubmitRequest): Promise<MlRunRecord>;
  getRun(runId: string): Promise<MlRunDetails>;
  listRuns(query: MlRunQuery): Promise<MlRunPage>;
  /** Every experiment with its run count and newest run, most recently used first. */
  listExperiments(): Promise<readonly MlExperimentSummary[]>;
  /** CancelRequested now; Canceled once every running step's process tree has stopped. */
  cancelRun(runId: string): Promise<MlRunRecord>;
  /**
   * Resolves once the run's status is no longer `knownStatus`, or after `timeoutMs`, or when
   * `signal` aborts, whichever comes first; the caller then reads the run. Lets a follower learn
   * of a change at once instead of at its next poll.
   */
  waitForRunChange(
    runId: string,
    knownStatus: MlRunStatus,
    options: { readonly timeoutMs: number; readonly signal?: AbortSignal },
  ): Promise<void>;
  /** A step's log by step name or step run id; while the step runs, what it has written so far. */
  readStepLog(runId: string, step: string, stream: MlLogStream): Promise<string>;
}

/**
 * Starts and cancels run execution; the workspace calls it after recording a submission. The
 * in-process launcher runs it here; a queue-backed one hands it to workers.
 */
export interface MlRunLauncher {
  launch(runId: string): void;
  /** Asks whoever executes the run to stop it; the store already says CancelRequested. */
  requestCancel(runId: string): void;
}
