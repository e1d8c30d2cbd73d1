/**
 * The ML workspace over its ports: the store (published pipelines, endpoints, runs), the
 * datastore registry, the snapshot folder and a run launcher. It validates, records and hands
 * runs to the launcher; it never executes a step. Every failure is an `MlWorkspaceError`.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MlEndpointStatuses,
  MlPublishedPipelineStatuses,
  MlRunStatuses,
  TERMINAL_ML_RUN_STATUSES,
} from '../../store/ml-store.js';
import type {
  MlEndpointStatus,
  MlExperimentSummary,
  MlPipelineEndpointRecord,
  MlPublishedPipelineRecord,
  MlPublishedPipelineStatus,
  MlRunPage,
  MlRunQuery,
  MlRunRecord,
  MlRunStatus,
  MlWorkspaceStore,
} from '../../store/ml-store.js';
import { isStoreError } from '../../store/store-error.js';
import { MlRunChanges } from '../runs/ml-run-changes.js';
import { isDatastoreError } from '../datastores/datastore-error.js';
import type { DatastoreRegistry } from '../datastores/datastore-registry.js';
import type { MlPipelineDefinition } from '../ml-pipeline-definition.js';
import { loadMlPipeline } from '../ml-pipeline-loader.js';
import { hasErrors } from '../ml-problems.js';
import type { MlProblem } from '../ml-problems.js';
import { ALL_PERMISSIONS, scopeOf } from '../../identity/permissions.js';
import type {
  MlLogStream,
  MlPipelineSource,
  MlPublishOptions,
  MlPublishResult,
  MlRunDetails,
  MlRunLauncher,
  MlSubmitRequest,
  MlSubmitTarget,
  MlWorkspace,
  MlWorkspaceAccess,
} from './ml-workspace.js';
import { MlWorkspaceError } from './ml-workspace-errors.js';
import { newRunRecord, newStepRunRecords } from './new-run-records.js';
import { bundleCodeProblems, writeBundle } from './pipeline-bundle.js';
import { pipelineInterfaceOf } from './pipeline-interface.js';
import { readPublishedSnapshot, storePipelineSnapshot } from './published-snapshot.js';
import { resolveSubmission } from './submission.js';
import { checkEndpointName, checkExperimentName, checkStatus } from './workspace-names.js';

export interface MlWorkspaceServiceOptions {
  readonly store: MlWorkspaceStore;
  readonly datastores: DatastoreRegistry;
  /** Where code snapshots are stored, one folder per hash. */
  readonly snapshotRoot: string;
  /** Where running steps write their logs: `<logRoot>/<runId>/<stepRunId>/<stream>.txt`. */
  readonly logRoot: string;
  readonly launcher: MlRunLauncher;
  /** Who executes runs submitted with `detach`. (Default: `launcher`.) */
  readonly detachedLauncher?: MlRunLauncher;
  /** (Default: () => new Date()) */
  readonly clock?: () => Date;
  /** (Default: randomUUID) */
  readonly newId?: () => string;
  /**
   * Run changes published by the executor of this process, so that `waitForRunChange` answers
   * at once. (Default: none: it waits out its time limit.)
   */
  readonly runChanges?: MlRunChanges;
  /** The name `checkAccess` answers with. (Default: 'millrace') */
  readonly name?: string;
}

/** What an in-process caller may do: everything on the ML side. */
const ML_PERMISSIONS: readonly string[] = ALL_PERMISSIONS.filter(
  (permission) => scopeOf(permission) === 'ml',
);

const LOG_STREAMS: readonly MlLogStream[] = ['stdout', 'stderr'];

export class MlWorkspaceService implements MlWorkspace {
  readonly #store: MlWorkspaceStore;
  readonly #datastores: DatastoreRegistry;
  readonly #snapshotRoot: string;
  readonly #logRoot: string;
  readonly #launcher: MlRunLauncher;
  readonly #detachedLauncher: MlRunLauncher;
  readonly #clock: () => Date;
  readonly #newId: () => string;
  readonly #runChanges: MlRunChanges;
  readonly #name: string;

  constructor(options: MlWorkspaceServiceOptions) {
    this.#store = options.store;
    this.#datastores = options.datastores;
    this.#snapshotRoot = options.snapshotRoot;
    this.#logRoot = options.logRoot;
    this.#launcher = options.launcher;
    this.#detachedLauncher = options.detachedLauncher ?? options.launcher;
    this.#clock = options.clock ?? (() => new Date());
    this.#newId = options.newId ?? randomUUID;
    this.#runChanges = options.runChanges ?? new MlRunChanges();
    this.#name = options.name ?? 'millrace';
  }

  /** In-process callers are trusted: every `ml/*` permission. */
  async checkAccess(): Promise<MlWorkspaceAccess> {
    return { workspace: this.#name, permissions: ML_PERMISSIONS };
  }

  // --- Published pipelines -------------------------------------------------------------------

  async publish(source: MlPipelineSource, options: MlPublishOptions): Promise<MlPublishResult> {
    if (options.endpoint !== undefined) checkEndpointName(options.endpoint.name);
    const loaded = await this.#loadAndSnapshot(source);
    const { definition } = loaded;
    const unchanged = await this.#unchangedEndpointDefault(options, loaded.pipelineHash);
    if (unchanged !== undefined) return { ...unchanged, snapshotExisted: loaded.snapshotExisted };
    const at = this.#now();
    const record: MlPublishedPipelineRecord = {
      id: this.#newId(),
      name: options.name ?? definition.name,
      description: options.description ?? definition.description ?? '',
      version: options.version ?? '1',
      status: 'Active',
      snapshotHash: loaded.pipelineHash,
      definition: loaded.storedDefinition,
      interface: pipelineInterfaceOf(definition),
      continueOnStepFailure:
        options.continueOnStepFailure ?? definition.settings.continueOnStepFailure,
      createdBy: options.createdBy ?? null,
      createdAt: at,
      lastModified: at,
    };
    await this.#store.createPublishedPipeline(record);
    const result = { pipeline: record, snapshotExisted: loaded.snapshotExisted };
    if (options.endpoint === undefined) return result;
    const existing = await this.#store.getEndpointByName(options.endpoint.name);
    if (existing === undefined) {
      const endpoint = await this.createEndpoint({
        name: options.endpoint.name,
        pipelineId: record.id,
      });
      return { ...result, endpoint, endpointVersion: endpoint.defaultVersion };
    }
    const { endpoint, version } = await this.#addVersion(existing.id, record.id, {
      makeDefault: options.endpoint.makeDefault,
    });
    return { ...result, endpoint, endpointVersion: version };
  }

  /** The endpoint's default version when `skipIfUnchanged` applies and it is identical. */
  async #unchangedEndpointDefault(
    options: MlPublishOptions,
    pipelineHash: string,
  ): Promise<Omit<MlPublishResult, 'snapshotExisted'> | undefined> {
    if (options.endpoint?.skipIfUnchanged !== true) return undefined;
    const endpoint = await this.#store.getEndpointByName(options.endpoint.name);
    if (endpoint === undefined) return undefined;
    const version = endpoint.versions.find(
      (candidate) => candidate.version === endpoint.defaultVersion,
    );
    const pipeline =
      version === undefined
        ? undefined
        : await this.#store.getPublishedPipeline(version.pipelineId);
    if (pipeline?.snapshotHash !== pipelineHash || pipeline.status !== 'Active') return undefined;
    if (options.name !== undefined && options.name !== pipeline.name) return undefined;
    return { pipeline, endpoint, endpointVersion: endpoint.defaultVersion, unchanged: true };
  }

  async listPipelines(options: {
    readonly activeOnly: boolean;
  }): Promise<readonly MlPublishedPipelineRecord[]> {
    return this.#store.listPublishedPipelines({ activeOnly: options.activeOnly === true });
  }

  async getPipeline(id: string): Promise<MlPublishedPipelineRecord> {
    const pipeline = await this.#store.getPublishedPipeline(id);
    if (pipeline !== undefined) return pipeline;
    throw new MlWorkspaceError(
      'ML_PIPELINE_NOT_FOUND',
      `No published pipeline has the id ${JSON.stringify(id)}; list them with GET /Pipelines.`,
    );
  }

  async setPipelineStatus(
    id: string,
    status: MlPublishedPipelineStatus,
  ): Promise<MlPublishedPipelineRecord> {
    checkStatus(status, MlPublishedPipelineStatuses, 'published pipeline');
    await this.getPipeline(id);
    await this.#whenFound(
      () => this.#store.setPublishedPipelineStatus(id, status, this.#now()),
      () => this.getPipeline(id),
    );
    return this.getPipeline(id);
  }

  // --- Pipeline endpoints --------------------------------------------------------------------

  async createEndpoint(options: {
    readonly name: string;
    readonly description?: string;
    readonly pipelineId: string;
  }): Promise<MlPipelineEndpointRecord> {
    const name = checkEndpointName(options.name);
    await this.getPipeline(options.pipelineId);
    const conflict = () =>
      new MlWorkspaceError(
        'ML_NAME_CONFLICT',
        `A pipeline endpoint named "${name}" already exists (names ignore case); add a version to it, or choose another name.`,
      );
    if ((await this.#store.getEndpointByName(name)) !== undefined) throw conflict();
    const at = this.#now();
    const record: MlPipelineEndpointRecord = {
      id: this.#newId(),
      name,
      description: options.description ?? '',
      status: 'Active',
      defaultVersion: '0',
      versions: [{ version: '0', pipelineId: options.pipelineId, addedAt: at }],
      createdAt: at,
      lastModified: at,
    };
    try {
      await this.#store.createEndpoint(record);
    } catch (error) {
      // Another request created the same name between the check and the insert.
      if (isStoreError(error, 'STORE_CONFLICT')) throw conflict();
      throw error;
    }
    return this.getEndpoint(record.id);
  }

  async listEndpoints(options: {
    readonly activeOnly: boolean;
  }): Promise<readonly MlPipelineEndpointRecord[]> {
    return this.#store.listEndpoints({ activeOnly: options.activeOnly === true });
  }

  async getEndpoint(id: string): Promise<MlPipelineEndpointRecord> {
    const endpoint = await this.#store.getEndpoint(id);
    if (endpoint !== undefined) return endpoint;
    throw new MlWorkspaceError(
      'ML_ENDPOINT_NOT_FOUND',
      `No pipeline endpoint has the id ${JSON.stringify(id)}; list them with GET /PipelineEndpoints.`,
    );
  }

  async getEndpointByName(name: string): Promise<MlPipelineEndpointRecord> {
    const endpoint = await this.#store.getEndpointByName(name);
    if (endpoint !== undefined) return endpoint;
    throw new MlWorkspaceError(
      'ML_ENDPOINT_NOT_FOUND',
      `No pipeline endpoint is named ${JSON.stringify(name)}; list them with GET /PipelineEndpoints.`,
    );
  }

  async addEndpointVersion(
    endpointId: string,
    pipelineId: string,
    options: { readonly makeDefault: boolean },
  ): Promise<MlPipelineEndpointRecord> {
    return (await this.#addVersion(endpointId, pipelineId, options)).endpoint;
  }

  async setEndpointDefaultVersion(
    endpointId: string,
    version: string,
  ): Promise<MlPipelineEndpointRecord> {
    const endpoint = await this.getEndpoint(endpointId);
    versionOf(endpoint, version);
    await this.#updateEndpoint(endpointId, { defaultVersion: version });
    return this.getEndpoint(endpointId);
  }

  async setEndpointStatus(
    endpointId: string,
    status: MlEndpointStatus,
  ): Promise<MlPipelineEndpointRecord> {
    checkStatus(status, MlEndpointStatuses, 'pipeline endpoint');
    await this.getEndpoint(endpointId);
    await this.#updateEndpoint(endpointId, { status });
    return this.getEndpoint(endpointId);
  }

  // --- Runs ----------------------------------------------------------------------------------

  async submit(target: MlSubmitTarget, request: MlSubmitRequest): Promise<MlRunRecord> {
    const experimentName = checkExperimentName(request.experimentName);
    const { pipeline, endpoint } = await this.#resolveTarget(target);
    if (pipeline.status === 'Disabled') {
      throw new MlWorkspaceError(
        'ML_PIPELINE_DISABLED',
        `Published pipeline "${pipeline.name}" (${pipeline.id}) is Disabled; set it Active or submit another.`,
      );
    }
    const resolved = resolveSubmission(pipeline.interface, request, this.#datastores.names());
    if (request.parentRunId !== undefined)
      await this.#checkParent(request.parentRunId, experimentName);
    const { pipeline: definition } = readPublishedSnapshot(pipeline);
    const at = this.#now();
    await this.#store.ensureExperiment(experimentName, at);
    const run = newRunRecord(
      { id: this.#newId(), at, experimentName, pipeline, endpoint, resolved },
      request,
    );
    await this.#store.createMlRun(run, newStepRunRecords(run.id, definition, this.#newId));
    (request.detach === true ? this.#detachedLauncher : this.#launcher).launch(run.id);
    return run;
  }

  async getRun(runId: string): Promise<MlRunDetails> {
    const run = await this.#getRun(runId);
    return { run, steps: await this.#store.listStepRuns(run.id) };
  }

  async waitForRunChange(
    runId: string,
    knownStatus: MlRunStatus,
    options: { readonly timeoutMs: number; readonly signal?: AbortSignal },
  ): Promise<void> {
    const pending = this.#runChanges.nextChange(runId, options.timeoutMs, options.signal);
    try {
      if ((await this.#getRun(runId)).status !== knownStatus) return;
      await pending.changed;
    } finally {
      pending.stop();
    }
  }

  listExperiments(): Promise<readonly MlExperimentSummary[]> {
    return this.#store.listExperimentSummaries();
  }

  async listRuns(query: MlRunQuery): Promise<MlRunPage> {
    try {
      return await this.#store.queryMlRuns(query);
    } catch (error) {
      if (
        isStoreError(error, 'STORE_INVALID_QUERY') ||
        isStoreError(error, 'STORE_INVALID_CONTINUATION_TOKEN')
      ) {
        throw new MlWorkspaceError('ML_INVALID_REQUEST', error.message, null, { cause: error });
      }
      throw error;
    }
  }

  async cancelRun(runId: string): Promise<MlRunRecord> {
    const run = await this.#getRun(runId);
    if (TERMINAL_ML_RUN_STATUSES.includes(run.status)) {
      throw new MlWorkspaceError(
        'ML_RUN_FINISHED',
        `Run ${run.id} already ended (${run.status}); there is nothing to cancel.`,
      );
    }
    if (run.status !== 'CancelRequested' || !run.cancelRequested) {
      // Conditional, so a run that ends meanwhile keeps its final status.
      const written = await this.#store.commitMlRun({
        at: this.#now(),
        runId: run.id,
        runPatch: { status: 'CancelRequested', cancelRequested: true },
        requireRunStatusIn: MlRunStatuses.filter(
          (status) => !TERMINAL_ML_RUN_STATUSES.includes(status),
        ),
      });
      if (!written) {
        const ended = await this.#getRun(run.id);
        throw new MlWorkspaceError(
          'ML_RUN_FINISHED',
          `Run ${run.id} ended (${ended.status}) before the cancel arrived; there is nothing to cancel.`,
        );
      }
    }
    // Asked again even when already requested: the executor may have missed the first request.
    this.#launcher.requestCancel(run.id);
    return this.#getRun(run.id);
  }

  async readStepLog(runId: string, step: string, stream: MlLogStream): Promise<string> {
    checkStatus(stream, LOG_STREAMS, 'log stream');
    const run = await this.#getRun(runId);
    const stepRuns = await this.#store.listStepRuns(run.id);
    const stepRun =
      stepRuns.find((candidate) => candidate.stepName === step) ??
      stepRuns.find((candidate) => candidate.id === step);
    if (stepRun === undefined) {
      throw new MlWorkspaceError(
        'ML_RUN_NOT_FOUND',
        `Run ${run.id} has no step named or with the id ${JSON.stringify(step)}; its steps are ${stepRuns.map((s) => s.stepName).join(', ')}.`,
      );
    }
    const liveFile = join(this.#logRoot, run.id, stepRun.id, `${stream}.txt`);
    const live = await readFile(liveFile, 'utf8').catch((error: unknown) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw logUnavailable(`${liveFile}: ${(error as Error).message}`, error);
    });
    if (live !== undefined) return live;
    const stored = stepRun.logs[stream];
    if (stored === undefined) return '';
    try {
      return (await this.#datastores.get(stored.datastore).readFile(stored.path)).toString('utf8');
    } catch (error) {
      // The log was removed from its datastore, or the datastore from the configuration.
      if (
        isDatastoreError(error, 'DATASTORE_NOT_FOUND') ||
        isDatastoreError(error, 'DATASTORE_UNKNOWN')
      ) {
        return '';
      }
      throw logUnavailable(
        `${stored.datastore}/${stored.path}: ${(error as Error).message}`,
        error,
      );
    }
  }

  // --- Helpers -------------------------------------------------------------------------------

  async #loadAndSnapshot(source: MlPipelineSource): Promise<{
    readonly definition: MlPipelineDefinition;
    readonly storedDefinition: MlPublishedPipelineRecord['definition'];
    readonly pipelineHash: string;
    readonly snapshotExisted: boolean;
  }> {
    const knownDatastores = this.#datastores.names();
    if (source.kind === 'file') {
      const loaded = await loadMlPipeline(source.file, { knownDatastores });
      const definition = definitionOrThrow(loaded.definition, loaded.problems, source.file);
      const stored = await storePipelineSnapshot(
        definition,
        loaded.baseDirectory,
        this.#snapshotRoot,
      );
      return {
        definition,
        storedDefinition: stored.definition,
        pipelineHash: stored.pipelineHash,
        snapshotExisted: stored.snapshotExisted,
      };
    }
    const bundle = await writeBundle(source);
    // Problems name the client's file, never our temporary folder.
    const hideFolder = (text: string) => text.split(bundle.folder).join('<bundle>');
    try {
      const loaded = await loadMlPipeline(bundle.yamlFile, { knownDatastores });
      const problems = loaded.problems.map((problem) => ({
        ...problem,
        file: source.fileName,
        message: hideFolder(problem.message),
      }));
      const parsed = definitionOrThrow(loaded.definition, problems, source.fileName);
      const definition = { ...parsed, file: source.fileName };
      const escapes = bundleCodeProblems(definition, bundle, source.fileName);
      if (escapes.length > 0) definitionOrThrow(undefined, escapes, source.fileName);
      const stored = await storePipelineSnapshot(definition, bundle.folder, this.#snapshotRoot);
      return {
        definition,
        storedDefinition: stored.definition,
        pipelineHash: stored.pipelineHash,
        snapshotExisted: stored.snapshotExisted,
      };
    } catch (error) {
      if (!(error instanceof MlWorkspaceError)) throw error;
      const details =
        error.details === undefined
          ? undefined
          : JSON.parse(hideFolder(JSON.stringify(error.details)));
      throw new MlWorkspaceError(error.code, hideFolder(error.message), details, { cause: error });
    } finally {
      await bundle.dispose();
    }
  }

  async #resolveTarget(target: MlSubmitTarget): Promise<{
    readonly pipeline: MlPublishedPipelineRecord;
    readonly endpoint: { readonly id: string; readonly version: string } | undefined;
  }> {
    if (target.kind === 'pipeline') {
      return { pipeline: await this.getPipeline(target.pipelineId), endpoint: undefined };
    }
    let endpoint: MlPipelineEndpointRecord;
    if (target.endpointId !== undefined) endpoint = await this.getEndpoint(target.endpointId);
    else if (target.endpointName !== undefined)
      endpoint = await this.getEndpointByName(target.endpointName);
    else {
      throw new MlWorkspaceError(
        'ML_INVALID_REQUEST',
        'Name the pipeline endpoint to submit to, by id or by name.',
      );
    }
    if (endpoint.status !== 'Active') {
      throw new MlWorkspaceError(
        'ML_PIPELINE_DISABLED',
        `Pipeline endpoint "${endpoint.name}" is ${endpoint.status}; enable it before submitting.`,
      );
    }
    const version = versionOf(endpoint, target.version ?? endpoint.defaultVersion);
    return {
      pipeline: await this.getPipeline(version.pipelineId),
      endpoint: { id: endpoint.id, version: version.version },
    };
  }

  async #checkParent(parentRunId: string, experimentName: string): Promise<void> {
    const parent = await this.#store.getMlRun(parentRunId);
    if (parent === undefined) {
      throw new MlWorkspaceError(
        'ML_PARENT_RUN_INVALID',
        `ParentRunId ${JSON.stringify(parentRunId)} names no run; give the id of a run of experiment "${experimentName}", or leave it out.`,
      );
    }
    if (parent.experimentName !== experimentName) {
      throw new MlWorkspaceError(
        'ML_PARENT_RUN_INVALID',
        `Parent run ${parent.id} belongs to experiment "${parent.experimentName}", not "${experimentName}"; a run and its parent must share the experiment.`,
      );
    }
  }

  async #addVersion(
    endpointId: string,
    pipelineId: string,
    options: { readonly makeDefault: boolean },
  ): Promise<{ readonly endpoint: MlPipelineEndpointRecord; readonly version: string }> {
    await this.getEndpoint(endpointId);
    await this.getPipeline(pipelineId);
    const added = await this.#whenFound(
      () =>
        this.#store.addEndpointVersion(endpointId, pipelineId, {
          makeDefault: options.makeDefault === true,
          at: this.#now(),
        }),
      () => this.getEndpoint(endpointId),
    );
    return { endpoint: await this.getEndpoint(endpointId), version: added.version };
  }

  async #updateEndpoint(
    endpointId: string,
    patch: Parameters<MlWorkspaceStore['updateEndpoint']>[1],
  ): Promise<void> {
    await this.#whenFound(
      () => this.#store.updateEndpoint(endpointId, patch, this.#now()),
      () => this.getEndpoint(endpointId),
    );
  }

  /** Runs `operation`; if the record vanished meanwhile, `lookup` throws the right not-found. */
  async #whenFound<T>(operation: () => Promise<T>, lookup: () => Promise<unknown>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (isStoreError(error, 'STORE_RECORD_NOT_FOUND')) await lookup();
      throw error;
    }
  }

  async #getRun(runId: string): Promise<MlRunRecord> {
    const run = await this.#store.getMlRun(runId);
    if (run !== undefined) return run;
    throw new MlWorkspaceError(
      'ML_RUN_NOT_FOUND',
      `No ML run has the id ${JSON.stringify(runId)}; list runs with GET /PipelineRuns/Pipeline/{pipelineId}.`,
    );
  }

  #now(): string {
    return this.#clock().toISOString();
  }
}

function versionOf(endpoint: MlPipelineEndpointRecord, version: string) {
  const found = endpoint.versions.find((candidate) => candidate.version === version);
  if (found !== undefined) return found;
  throw new MlWorkspaceError(
    'ML_ENDPOINT_NOT_FOUND',
    `Pipeline endpoint "${endpoint.name}" has no version ${JSON.stringify(version)}; its versions are ${endpoint.versions.map((v) => `"${v.version}"`).join(', ')}.`,
  );
}

function definitionOrThrow(
  definition: MlPipelineDefinition | undefined,
  problems: readonly MlProblem[],
  file: string,
): MlPipelineDefinition {
  if (definition !== undefined && !hasErrors(problems)) return definition;
  const errors = problems.filter((problem) => problem.severity === 'error');
  throw new MlWorkspaceError(
    'ML_INVALID_PIPELINE',
    `${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors
      .map((problem) => `line ${problem.line}, column ${problem.column}: ${problem.message}`)
      .join(' ')}`,
    problems.map((problem) => ({ ...problem })),
  );
}

function logUnavailable(where: string, cause: unknown): MlWorkspaceError {
  return new MlWorkspaceError(
    'ML_LOG_UNAVAILABLE',
    `The step log ${where} cannot be read; try again, and check the datastore's access if it persists.`,
    null,
    { cause },
  );
}
