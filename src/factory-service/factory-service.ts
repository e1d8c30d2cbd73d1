/**
 * Data Factory's factory operations over the store and the engine: pipelines, linked services and
 * datasets (list, get, validate, create or update, delete — each change validated as
 * `millrace validate` validates a folder), pipeline runs (create, rerun, debug runs of unsaved
 * pipelines, get, query, cancel), activity runs (query) and live run events. Resource secrets
 * are sealed at rest with the installation's key and masked in every answer
 * (`src/secrets/secret-fields.ts`); runs are answered through the engine's views with every known
 * secret redacted; every refusal is a `FactoryServiceError`.
 */
import { MlWorkspaceConnector } from '../activities/azure-ml/ml-workspace-connector.js';
import { EXECUTABLE_TYPES } from '../activities/executable-types.js';
import { snapshotFactory } from '../engine/factory-snapshot.js';
import { RunRequestError, type PipelineEngine } from '../engine/pipeline-engine.js';
import { pipelineRunView, type PipelineRunView, activityRunView } from '../engine/run-views.js';
import { isJsonObject } from '../factory/json-values.js';
import type { JsonObject, JsonValue } from '../factory/resources.js';
import type {
  FactoryResourceKind,
  FactoryResourceRecord,
  FactoryResourceStore,
} from '../store/factory-resource-store.js';
import type { SecretSealingOptions } from '../secrets/sealing-run-store.js';
import {
  SECRET_MASK,
  maskResourceSecrets,
  mergeMaskedSecrets,
  openResourceSecrets,
  sealResourceSecrets,
  secretValuesOf,
} from '../secrets/secret-fields.js';
import { MIN_SECRET_LENGTH } from '../secrets/secret-redactor.js';
import { isStoreError } from '../store/store-error.js';
import type { PipelineRunRecord, RunStore } from '../store/store.js';
import { RESOURCE_KIND_NAMES, type ApiResourceKind } from './api-resource-kinds.js';
import { factoryFromEntries, type ResourceJsonEntry } from './factory-from-records.js';
import { FactoryServiceError, type FactoryServiceErrorCode } from './factory-service-errors.js';
import {
  testLinkedServiceConnection,
  type LinkedServiceConnectionTestPorts,
  type LinkedServiceConnectionTestResult,
} from './linked-service-connection-test.js';
import { debugInvokedBy, isDebugRun } from './debug-runs.js';
import {
  checkResourceChange,
  type ChangeCheck,
  type ChangeProblem,
} from './resource-change-check.js';
import {
  capitalised,
  detailOf,
  findRecord,
  refusalAsValidation,
  refuseInvalid,
  resourceBodyOf,
  validationOf,
  type ResourceValidation,
} from './resource-requests.js';
import { RunDefinitionCache } from './run-definition.js';
import type { RunEventHub } from './run-event-hub.js';
import {
  pipelineRunQuery,
  queryActivityRunViews,
  type ActivityRunPage,
  type RunFilterParameters,
} from './run-filter-parameters.js';
import {
  RunWatch,
  type FactoryActivityRunView,
  type RunWatchListener,
  type RunWatchPorts,
} from './run-watch.js';

export interface FactoryServiceOptions {
  /**
   * Resources and runs. Give one that seals run records (`withSecretSealing`, as
   * `createFactoryService` does): runs are started from the factory's opened secrets.
   */
  readonly store: RunStore & FactoryResourceStore;
  /**
   * Seals resource secrets before they are stored and opens them for runs (`box`); learns every
   * secret it handles and redacts run answers and events (`redactor`).
   */
  readonly secrets: SecretSealingOptions;
  /** Executes the runs this service starts; its `onEvent` must publish to `events`. */
  readonly engine: PipelineEngine;
  readonly events: RunEventHub;
  /** The one factory this service holds. */
  readonly factoryName: string;
  /**
   * The engine's lease owner: runs it holds are watched through its events, not by reading the
   * store. (Default: none: watched runs are also read from the store.)
   */
  readonly engineOwner?: string;
  /** Activity types the engine's executors run, for validation. (Default: the built-in ones.) */
  readonly executableTypes?: Iterable<string>;
  /** (Default: () => new Date()) */
  readonly clock?: () => Date;
  /** Pipeline runs per `queryPipelineRuns` page. (Default: 100) */
  readonly runPageSize?: number;
  /** Activity runs per `queryActivityRuns` page. (Default: 100) */
  readonly activityRunPageSize?: number;
  /** How often watches read the store for runs this process does not execute. (Default: 250) */
  readonly eventPollMs?: number;
  /** A run this service started could not be executed (the store failed …). (Default: ignored) */
  readonly onRunError?: (runId: string, error: unknown) => void;
  /**
   * What Test connection of a linked service uses: the ML workspace connector (Default: one
   * without an embedded workspace, so a linked service needs a `millraceEndpoint`) and the
   * provider of Key Vault secrets (Default: none; a reference fails the test). The redactor is
   * `secrets.redactor`.
   */
  readonly connectionTests?: Omit<LinkedServiceConnectionTestPorts, 'redactor'>;
}

/** `testLinkedServiceConnection`'s request, as the API's body gives it. */
export interface LinkedServiceTestRequest {
  /** Values of the linked service's parameters. (Default: none; their defaults apply.) */
  readonly parameters?: JsonObject;
  /**
   * Unsaved `properties` to test instead of the stored ones; a secret sent masked
   * (`**********`) is the stored one. (Default: the stored linked service.)
   */
  readonly properties?: JsonObject;
}

/** A resource as the API returns it, secrets masked. */
export interface FactoryResource {
  readonly kind: ApiResourceKind;
  readonly name: string;
  readonly properties: JsonObject;
  readonly etag: string;
  readonly updatedAt: string;
}

export interface PutResourceResult {
  readonly resource: FactoryResource;
  readonly created: boolean;
  /** The resource's validation warnings (activity types Millrace cannot run yet …). */
  readonly warnings: readonly ChangeProblem[];
}

export type { ResourceProblem, ResourceValidation } from './resource-requests.js';

/** `createRun`'s query options, as Data Factory names them. */
export interface CreateRunOptions {
  /** Use this run's parameters (the body's are ignored), ADF's rerun. */
  readonly referencePipelineRunId?: string;
  /** With `referencePipelineRunId`: rerun in the same run group (Default: false, a new group). */
  readonly isRecovery?: boolean;
  /** In recovery: start from this top-level activity; it and everything downstream run again. */
  readonly startActivityName?: string;
  /** In recovery: keep the top-level activities that succeeded; the rest run again. */
  readonly startFromFailure?: boolean;
}

export interface PipelineRunPageView {
  readonly value: readonly PipelineRunView[];
  readonly continuationToken?: string;
}

export class FactoryService {
  readonly factoryName: string;
  readonly #store: RunStore & FactoryResourceStore;
  readonly #secrets: SecretSealingOptions;
  readonly #engine: PipelineEngine;
  readonly #events: RunEventHub;
  readonly #engineOwner: string | undefined;
  readonly #executableTypes: readonly string[];
  readonly #clock: () => Date;
  readonly #runPageSize: number;
  readonly #activityRunPageSize: number;
  readonly #eventPollMs: number;
  readonly #onRunError: (runId: string, error: unknown) => void;
  readonly #connectionTests: LinkedServiceConnectionTestPorts;
  readonly #definitions = new RunDefinitionCache();
  readonly #launched = new Set<Promise<void>>();
  readonly #watches = new Set<RunWatch>();
  /** Resource writes one at a time, so that each is validated against the factory it changes. */
  #writes: Promise<unknown> = Promise.resolve();

  constructor(options: FactoryServiceOptions) {
    this.factoryName = options.factoryName;
    this.#store = options.store;
    this.#secrets = options.secrets;
    this.#engine = options.engine;
    this.#events = options.events;
    this.#engineOwner = options.engineOwner;
    this.#executableTypes = [...(options.executableTypes ?? EXECUTABLE_TYPES)];
    this.#clock = options.clock ?? (() => new Date());
    this.#runPageSize = options.runPageSize ?? 100;
    this.#activityRunPageSize = options.activityRunPageSize ?? 100;
    this.#eventPollMs = options.eventPollMs ?? 250;
    this.#onRunError = options.onRunError ?? (() => undefined);
    this.#connectionTests = {
      connect: options.connectionTests?.connect ?? new MlWorkspaceConnector().connect,
      ...(options.connectionTests?.secretProvider === undefined
        ? {}
        : { secretProvider: options.connectionTests.secretProvider }),
      redactor: options.secrets.redactor,
    };
  }

  /** Throws `FACTORY_NOT_FOUND` unless `name` is this factory's (ignoring case, as Azure does). */
  assertFactory(name: string): void {
    if (name.toLowerCase() !== this.factoryName.toLowerCase())
      throw new FactoryServiceError(
        'FACTORY_NOT_FOUND',
        `This server hosts factory '${this.factoryName}', not '${name}'; use its name in the path.`,
        { target: 'factoryName' },
      );
  }

  // ---- resources ------------------------------------------------------------------------------

  async listResources(kind: ApiResourceKind): Promise<readonly FactoryResource[]> {
    const records = await this.#store.listFactoryResources(this.factoryName, kind);
    return records.map((record) => resourceView(kind, record));
  }

  async getResource(kind: ApiResourceKind, name: string): Promise<FactoryResource> {
    return resourceView(kind, await this.#mustGet(kind, name));
  }

  /**
   * Creates or replaces a resource from ADF's resource JSON (`{ name?, properties }`). A secret
   * sent back masked keeps the stored one; secrets are stored sealed. `ifMatch` (an etag, or `*`
   * for any) guards the update.
   */
  async putResource(
    kind: ApiResourceKind,
    name: string,
    body: JsonValue,
    options: { readonly ifMatch?: string } = {},
  ): Promise<PutResourceResult> {
    const { label, properties } = resourceBodyOf(kind, name, body);
    const ifMatch = options.ifMatch === '*' ? undefined : options.ifMatch;

    return this.#exclusive(async () => {
      const records = await this.#store.snapshotFactoryResources(this.factoryName);
      const existing = findRecord(records, kind, name);
      if (ifMatch !== undefined && existing?.etag !== ifMatch) throw etagMismatch(label, ifMatch);
      const { json, storedName, check } = this.#checkPut(records, kind, name, properties);
      refuseInvalid(label, check);
      try {
        const { record, created } = await this.#store.putFactoryResource({
          factoryName: this.factoryName,
          kind,
          name: storedName,
          json: sealResourceSecrets(json, this.#secrets.box),
          at: this.#clock().toISOString(),
          ...(ifMatch === undefined ? {} : { ifMatch }),
        });
        return { resource: resourceView(kind, record), created, warnings: check.warnings };
      } catch (error) {
        if (ifMatch !== undefined && isStoreError(error, 'STORE_CONFLICT'))
          throw etagMismatch(label, ifMatch, error);
        throw error;
      }
    });
  }

  /**
   * Validates a resource body (`{ name?, properties }`, as PUT takes it) against the factory's
   * current resources exactly as PUT would, and stores nothing: the errors PUT would refuse it
   * for (with the same targets) and its warnings. A secret sent masked stands for the stored one.
   */
  async validateResource(
    kind: ApiResourceKind,
    name: string,
    body: JsonValue,
  ): Promise<ResourceValidation> {
    let properties: JsonObject;
    try {
      ({ properties } = resourceBodyOf(kind, name, body));
    } catch (error) {
      const refusal = refusalAsValidation(error);
      if (refusal === undefined) throw error;
      return refusal;
    }
    const records = await this.#store.snapshotFactoryResources(this.factoryName);
    const { check } = this.#checkPut(records, kind, name, properties);
    // Validator messages may quote the body's values; its secrets were taught to the redactor.
    return this.#redacted(validationOf(check));
  }

  /**
   * Deletes a resource; false when there was none. Refused (`FACTORY_RESOURCE_REFERENCED`) while
   * other resources refer to it, as Data Factory refuses it.
   */
  deleteResource(kind: ApiResourceKind, name: string): Promise<boolean> {
    return this.#exclusive(async () => {
      const records = await this.#store.snapshotFactoryResources(this.factoryName);
      const existing = findRecord(records, kind, name);
      if (existing === undefined) return false;
      const label = `${RESOURCE_KIND_NAMES[kind].label} '${existing.name}'`;
      const { errors } = checkResourceChange(
        this.factoryName,
        records,
        { action: 'delete', resource: { kind, name: existing.name } },
        { executableTypes: this.#executableTypes },
      );
      if (errors.length > 0) {
        const referrers = [...new Set(errors.map((problem) => describeFile(problem.file)))];
        throw new FactoryServiceError(
          'FACTORY_RESOURCE_REFERENCED',
          `${capitalised(label)} cannot be deleted: it is referenced by ${referrers.join(', ')}. Remove those references first.`,
          { target: errors[0]?.target ?? '', details: errors.map(detailOf) },
        );
      }
      await this.#store.deleteFactoryResource({
        factoryName: this.factoryName,
        kind,
        name: existing.name,
      });
      return true;
    });
  }

  /**
   * Writes resources as they are (secrets sealed; a masked one keeps the stored secret), replacing
   * those with the same names; for imports whose factory the caller has validated as a whole
   * (`importFactoryFolder`).
   */
  importResources(entries: readonly ResourceJsonEntry[]): Promise<void> {
    return this.#exclusive(async () => {
      const records = await this.#store.snapshotFactoryResources(this.factoryName);
      const at = this.#clock().toISOString();
      for (const entry of entries) {
        const existing = findRecord(records, entry.kind, entry.name);
        const properties = isJsonObject(entry.json.properties) ? entry.json.properties : {};
        const json: JsonObject = {
          ...entry.json,
          properties: this.#withStoredSecrets(properties, existing),
        };
        await this.#store.putFactoryResource({
          factoryName: this.factoryName,
          kind: entry.kind,
          name: entry.name,
          json: sealResourceSecrets(json, this.#secrets.box),
          at,
        });
      }
    });
  }

  /**
   * Data Factory's Test connection: tests the stored linked service, or unsaved `properties`
   * (masked secrets filled from the stored one), with its parameters resolved, secrets opened and
   * Key Vault references resolved. A failed test is a result, not an error; refused are a name
   * that is neither stored nor given (`FACTORY_RESOURCE_NOT_FOUND`), a type without a test
   * (`FACTORY_CONNECTION_TEST_UNSUPPORTED`) and an undeclared parameter (`FACTORY_INVALID_REQUEST`).
   */
  async testLinkedServiceConnection(
    name: string,
    request: LinkedServiceTestRequest = {},
  ): Promise<LinkedServiceConnectionTestResult> {
    const existing = await this.#store.getFactoryResource({
      factoryName: this.factoryName,
      kind: 'linkedService',
      name,
    });
    let properties: JsonObject;
    if (request.properties !== undefined) {
      properties = this.#withStoredSecrets(request.properties, existing);
    } else {
      const stored = (existing ?? (await this.#mustGet('linkedService', name))).json.properties;
      properties = openResourceSecrets(isJsonObject(stored) ? stored : {}, this.#secrets.box);
      this.#secrets.redactor.addAll(secretValuesOf(properties, this.#secrets.box));
    }
    return testLinkedServiceConnection(
      existing?.name ?? name,
      properties,
      request.parameters ?? {},
      this.#connectionTests,
    );
  }

  // ---- runs -----------------------------------------------------------------------------------

  /**
   * Starts a run of a pipeline with `parameters` and executes it in this process; or, with
   * `referencePipelineRunId`, reruns that run (see {@link CreateRunOptions}).
   */
  async createRun(
    pipelineName: string,
    parameters: JsonObject = {},
    options: CreateRunOptions = {},
  ): Promise<{ readonly runId: string }> {
    const { referencePipelineRunId, isRecovery = false, startActivityName } = options;
    const startFromFailure = options.startFromFailure === true;
    const recoveryOptions = [
      ...(isRecovery ? ['isRecovery'] : []),
      ...(startActivityName !== undefined ? ['startActivityName'] : []),
      ...(startFromFailure ? ['startFromFailure'] : []),
    ];
    if (referencePipelineRunId === undefined && recoveryOptions.length > 0)
      throw invalidRun(
        `${recoveryOptions.join(' and ')} need referencePipelineRunId, the run to rerun.`,
        'referencePipelineRunId',
      );
    if (!isRecovery && (startActivityName !== undefined || startFromFailure))
      throw invalidRun(
        'startActivityName and startFromFailure apply to a recovery rerun: add isRecovery=true.',
        'isRecovery',
      );
    if (startActivityName !== undefined && startFromFailure)
      throw invalidRun(
        'Give startActivityName or startFromFailure, not both.',
        'startActivityName',
      );

    const reference =
      referencePipelineRunId === undefined
        ? undefined
        : await this.#ownRun(referencePipelineRunId, 'referencePipelineRunId');
    // A debug run's pipeline need not be stored: its rerun runs the run's own definition.
    const debug = reference !== undefined && isDebugRun(reference);
    const storedName = debug ? undefined : (await this.#mustGet('pipeline', pipelineName)).name;
    const name = storedName ?? pipelineName;
    let run: PipelineRunRecord;
    if (reference === undefined) {
      run = await this.#start(name, parameters);
    } else {
      if (reference.pipelineName.toLowerCase() !== name.toLowerCase())
        throw invalidRun(
          `Run ${reference.runId} is a run of pipeline '${reference.pipelineName}', not of '${name}'.`,
          'referencePipelineRunId',
        );
      if (isRecovery) {
        run = await this.#engineCall(() =>
          this.#engine.rerun(reference.runId, {
            fromFailure: startFromFailure,
            ...(startActivityName === undefined ? {} : { startActivityName }),
            ...(debug ? { invokedBy: debugInvokedBy() } : {}),
          }),
        );
      } else if (debug) {
        const definition = reference.definition.properties;
        run = await this.#startDebug(
          reference.pipelineName,
          isJsonObject(definition) ? definition : {},
          reference.parameters,
        );
      } else {
        run = await this.#start(name, reference.parameters);
      }
    }
    this.#launch(run.runId);
    return { runId: run.runId };
  }

  /**
   * Data Factory Studio's Debug: runs the pipeline `resource` (`{ name?, properties }`, as PUT
   * takes it; saved or not, and not saved by this) with `parameters`, and executes it in this
   * process. It is validated first exactly as `validateResource` validates it, against the
   * factory's current resources (`FACTORY_INVALID_RESOURCE` with every problem in `details`;
   * nothing started); a secret sent masked is the stored pipeline's. Its ExecutePipeline
   * activities run the stored pipelines. The run is marked as a debug run (`debug-runs.ts`).
   */
  async debugRun(
    pipelineName: string,
    resource: JsonValue,
    parameters: JsonObject = {},
  ): Promise<{ readonly runId: string }> {
    const { properties } = resourceBodyOf('pipeline', pipelineName, resource);
    const run = await this.#startDebug(pipelineName, properties, parameters);
    this.#launch(run.runId);
    return { runId: run.runId };
  }

  async getPipelineRun(runId: string): Promise<PipelineRunView> {
    return this.#redacted(this.#view(await this.#ownRun(runId)));
  }

  /**
   * The pipeline a run executes, as it was when the run started (a debug run's unsaved
   * definition, a rerun's reference's), secrets masked: the monitor draws this, not today's
   * pipeline.
   */
  async getPipelineRunDefinition(runId: string): Promise<{ name: string; properties: JsonObject }> {
    const run = await this.#ownRun(runId);
    const properties = isJsonObject(run.definition.properties) ? run.definition.properties : {};
    return this.#redacted({ name: run.pipelineName, properties: maskResourceSecrets(properties) });
  }

  /** ADF's `queryPipelineRuns`: a page of the factory's runs (Default order: RunStart DESC). */
  async queryPipelineRuns(parameters: RunFilterParameters = {}): Promise<PipelineRunPageView> {
    const pipelines = await this.#store.listFactoryResources(this.factoryName, 'pipeline');
    const names = new Map(pipelines.map((record) => [record.name.toLowerCase(), record.name]));
    const query = pipelineRunQuery(parameters, {
      factoryName: this.factoryName,
      pageSize: this.#runPageSize,
      pipelineName: (name) => names.get(name.toLowerCase()) ?? name,
    });
    try {
      const page = await this.#store.queryPipelineRuns(query);
      return {
        value: page.value.map((run) => this.#redacted(this.#view(run))),
        ...(page.continuationToken === undefined
          ? {}
          : { continuationToken: page.continuationToken }),
      };
    } catch (error) {
      if (
        isStoreError(error, 'STORE_INVALID_QUERY') ||
        isStoreError(error, 'STORE_INVALID_CONTINUATION_TOKEN')
      )
        throw new FactoryServiceError('FACTORY_INVALID_QUERY', error.message, { cause: error });
      throw error;
    }
  }

  /** ADF's `queryActivityruns`: every attempt in every scope, in start order unless ordered. */
  async queryActivityRuns(
    runId: string,
    parameters: RunFilterParameters = {},
  ): Promise<ActivityRunPage<FactoryActivityRunView>> {
    const run = await this.#ownRun(runId);
    const views = (await this.#store.listActivityRuns(run.runId)).map((record) =>
      this.#redacted({ ...activityRunView(record), pipelineName: run.pipelineName }),
    );
    return queryActivityRunViews(views, parameters, this.#activityRunPageSize);
  }

  /**
   * Cancels a run; with `isRecursive` (Default: true) the runs its ExecutePipeline activities
   * started too. A run this process executes has stopped when this resolves; one executed
   * elsewhere is `Canceling` until that process sees the request.
   */
  async cancelPipelineRun(runId: string, isRecursive = true): Promise<void> {
    const run = await this.#ownRun(runId);
    await this.#engineCall(() => this.#engine.cancel(run.runId, isRecursive));
  }

  /** Watches one run until it ends (see `RunWatch.one`); events have known secrets redacted. */
  async watchRun(runId: string, listener: RunWatchListener): Promise<RunWatch> {
    return this.#tracked(
      await RunWatch.one(this.#watchPorts(), runId, this.#redactingListener(listener)),
    );
  }

  /** Watches every run of the factory from now on, until it is closed (events redacted). */
  watchRuns(listener: RunWatchListener): RunWatch {
    return this.#tracked(RunWatch.all(this.#watchPorts(), this.#redactingListener(listener)));
  }

  /** Ends every watch and waits for the runs this service started (not the engine's others). */
  async close(): Promise<void> {
    for (const watch of [...this.#watches]) watch.close();
    while (this.#launched.size > 0) await Promise.all([...this.#launched]);
  }

  // ---- internals ------------------------------------------------------------------------------

  /**
   * The properties to store, in plaintext: a secret sent back masked gets the stored one (opened).
   * Its secrets are taught to the redactor at once, so that no log line of the request shows them.
   */
  #withStoredSecrets(
    properties: JsonObject,
    existing: FactoryResourceRecord | undefined,
  ): JsonObject {
    const { box, redactor } = this.#secrets;
    const stored = existing?.json.properties;
    const merged = mergeMaskedSecrets(properties, isJsonObject(stored) ? stored : {}, box);
    redactor.addAll(secretValuesOf(merged, box));
    return merged;
  }

  /**
   * Run views and watch events: the views mask SecureString parameters and secure activities;
   * this redacts any other known secret. Run records from the store are redacted already, but
   * watched runs executing here come from the engine's events, which carry plaintext.
   */
  #redacted<T>(view: T): T {
    return this.#secrets.redactor.redactJson(view as JsonValue) as T;
  }

  #redactingListener(listener: RunWatchListener): RunWatchListener {
    return {
      onEvent: (event) => listener.onEvent(this.#redacted(event)),
      ...(listener.onEnd === undefined ? {} : { onEnd: () => listener.onEnd?.() }),
    };
  }

  #watchPorts(): RunWatchPorts {
    return {
      store: this.#store,
      hub: this.#events,
      factoryName: this.factoryName,
      pollMs: this.#eventPollMs,
      now: this.#clock,
      ...(this.#engineOwner === undefined ? {} : { localOwner: this.#engineOwner }),
    };
  }

  /** Remembered until closed, so that `close()` can end it. */
  #tracked(watch: RunWatch): RunWatch {
    this.#watches.add(watch);
    watch.whenClosed(() => this.#watches.delete(watch));
    return watch;
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#writes.then(work);
    this.#writes = result.catch(() => undefined);
    return result;
  }

  async #mustGet(kind: FactoryResourceKind, name: string): Promise<FactoryResourceRecord> {
    const record = await this.#store.getFactoryResource({
      factoryName: this.factoryName,
      kind,
      name,
    });
    if (record === undefined)
      throw new FactoryServiceError(
        'FACTORY_RESOURCE_NOT_FOUND',
        `Factory '${this.factoryName}' has no ${RESOURCE_KIND_NAMES[kind].label} '${name}'.`,
        { target: 'name' },
      );
    return record;
  }

  async #ownRun(runId: string, target = 'runId'): Promise<PipelineRunRecord> {
    const run = await this.#store.getPipelineRun(runId);
    if (run === undefined || run.factoryName !== this.factoryName)
      throw new FactoryServiceError(
        'FACTORY_RUN_NOT_FOUND',
        `Factory '${this.factoryName}' has no pipeline run ${runId}; query the runs to find its id.`,
        { target },
      );
    return run;
  }

  /**
   * The change check of PUT: the resource JSON it would store (plaintext; a masked secret gets
   * the stored one) and what the validator says of the factory with it, against `records`.
   */
  #checkPut(
    records: readonly FactoryResourceRecord[],
    kind: ApiResourceKind,
    name: string,
    properties: JsonObject,
  ): { readonly json: JsonObject; readonly storedName: string; readonly check: ChangeCheck } {
    const existing = findRecord(records, kind, name);
    const storedName = existing?.name ?? name;
    const json: JsonObject = {
      name: storedName,
      properties: this.#withStoredSecrets(properties, existing),
    };
    const check = checkResourceChange(
      this.factoryName,
      records,
      { action: 'put', resource: { kind, name: storedName, json } },
      { executableTypes: this.#executableTypes },
    );
    return { json, storedName, check };
  }

  /** Validates pipeline `properties` as PUT would and starts a debug run of them. */
  async #startDebug(
    pipelineName: string,
    properties: JsonObject,
    parameters: JsonObject,
  ): Promise<PipelineRunRecord> {
    const records = await this.#store.snapshotFactoryResources(this.factoryName);
    const { json, storedName, check } = this.#checkPut(
      records,
      'pipeline',
      pipelineName,
      properties,
    );
    refuseInvalid(`${RESOURCE_KIND_NAMES.pipeline.label} '${storedName}'`, check);
    return this.#start(storedName, parameters, { records, pipeline: json });
  }

  /**
   * Records a run of `pipelineName` over the factory's resources as stored; a debug run runs its
   * own `pipeline` JSON (plaintext) in place of the stored one, over the `records` it was
   * validated against.
   */
  async #start(
    pipelineName: string,
    parameters: JsonObject,
    debug?: { readonly records: readonly FactoryResourceRecord[]; readonly pipeline: JsonObject },
  ): Promise<PipelineRunRecord> {
    const { box, redactor } = this.#secrets;
    // The engine runs on plaintext; the sealing store seals the run's snapshot again. The
    // redactor learns the factory's secrets before anything of the run is stored or logged.
    const stored = debug?.records ?? (await this.#store.snapshotFactoryResources(this.factoryName));
    const records: ResourceJsonEntry[] = stored.map((record) => ({
      ...record,
      json: openResourceSecrets(record.json, box),
    }));
    for (const record of records) redactor.addAll(secretValuesOf(record.json, box));
    const storedPipeline = findRecord(records, 'pipeline', pipelineName);
    const entries =
      debug === undefined
        ? records
        : [
            ...records.filter((record) => record !== storedPipeline),
            { kind: 'pipeline' as const, name: pipelineName, json: debug.pipeline },
          ];
    const { factory } = factoryFromEntries(this.factoryName, entries);
    const pipeline = debug?.pipeline ?? storedPipeline?.json;
    return this.#engineCall(
      () =>
        this.#engine.startRun({
          factory: snapshotFactory(factory),
          pipelineName,
          parameters,
          ...(debug === undefined ? {} : { invokedBy: debugInvokedBy() }),
        }),
      secureParameterTexts(pipeline, parameters),
    );
  }

  #launch(runId: string): void {
    const done = this.#engine.execute(runId).then(
      () => undefined,
      (error: unknown) => this.#onRunError(runId, error),
    );
    this.#launched.add(done);
    void done.finally(() => this.#launched.delete(done));
  }

  /**
   * Runs an engine request, its refusals turned into the service's codes. `hidden` texts (given
   * SecureString values, which a refusal quotes when they have the wrong type) are masked.
   */
  async #engineCall<T>(call: () => Promise<T>, hidden: readonly string[] = []): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof RunRequestError)) throw error;
      const mask = (text: string): string =>
        hidden.reduce((masked, secret) => masked.split(secret).join(SECRET_MASK), text);
      const masked = hidden.some((secret) => error.message.includes(secret));
      const codes: Record<RunRequestError['code'], FactoryServiceErrorCode> = {
        RUN_UNKNOWN_PIPELINE: 'FACTORY_RESOURCE_NOT_FOUND',
        RUN_INVALID_PARAMETERS: 'FACTORY_INVALID_RUN_REQUEST',
        RUN_UNKNOWN_ACTIVITY: 'FACTORY_INVALID_RUN_REQUEST',
        RUN_NOT_FOUND: 'FACTORY_RUN_NOT_FOUND',
        RUN_NOT_FINISHED: 'FACTORY_RUN_NOT_FINISHED',
        RUN_LEASED: 'FACTORY_RUN_LEASED',
      };
      throw new FactoryServiceError(codes[error.code], mask(error.message), {
        ...(masked ? {} : { cause: error }),
        ...(error.problems.length === 0
          ? {}
          : {
              target: 'parameters',
              details: error.problems.map((problem) => ({
                code: problem.code,
                message: mask(problem.message),
                target: `parameters/${problem.parameter}`,
              })),
            }),
      });
    }
  }

  #view(run: PipelineRunRecord): PipelineRunView {
    return pipelineRunView(run, this.#definitions.pipelineOf(run));
  }
}

function resourceView(kind: ApiResourceKind, record: FactoryResourceRecord): FactoryResource {
  const properties = isJsonObject(record.json.properties) ? record.json.properties : {};
  return {
    kind,
    name: record.name,
    properties: maskResourceSecrets(properties),
    etag: record.etag,
    updatedAt: record.updatedAt,
  };
}

/** The given values of parameters `pipeline` declares SecureString, as a refusal would quote them. */
function secureParameterTexts(pipeline: JsonObject | undefined, parameters: JsonObject): string[] {
  const properties = pipeline?.properties;
  const declared = isJsonObject(properties) ? properties.parameters : undefined;
  if (!isJsonObject(declared)) return [];
  const secure = new Set(
    Object.entries(declared)
      .filter(
        ([, spec]) =>
          isJsonObject(spec) &&
          typeof spec.type === 'string' &&
          spec.type.toLowerCase() === 'securestring',
      )
      .map(([name]) => name.toLowerCase()),
  );
  return Object.entries(parameters)
    .filter(([name, value]) => secure.has(name.toLowerCase()) && value !== undefined)
    .map(([, value]) => JSON.stringify(value))
    .filter((text) => text.length >= MIN_SECRET_LENGTH);
}

function invalidRun(message: string, target: string): FactoryServiceError {
  return new FactoryServiceError('FACTORY_INVALID_RUN_REQUEST', message, { target });
}

function etagMismatch(label: string, ifMatch: string, cause?: unknown): FactoryServiceError {
  return new FactoryServiceError(
    'FACTORY_ETAG_MISMATCH',
    `${capitalised(label)} does not have etag ${JSON.stringify(ifMatch)} any more (or does not exist); read it again and reapply the change.`,
    { target: 'If-Match', ...(cause === undefined ? {} : { cause }) },
  );
}

/** `pipelines/LoadSales` → `pipeline 'LoadSales'`. */
function describeFile(file: string): string {
  const slash = file.indexOf('/');
  if (slash < 0) return file;
  const collection = file.slice(0, slash);
  const kind = Object.values(RESOURCE_KIND_NAMES).find((names) => names.collection === collection);
  return `${kind?.label ?? collection} '${file.slice(slash + 1)}'`;
}
