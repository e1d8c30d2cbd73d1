/**
 * The engine's public face: start, execute, cancel, rerun and resume pipeline runs. It owns the
 * run executions of this process, their leases, and the services shared between runs.
 */
import type {
  ActivityExecutionRequest,
  ActivityExecutorRegistry,
} from '../activities/activity-executor.js';
import { fromJson, type EvaluationContext, type Value } from '../expressions/index.js';
import type { Activity, JsonObject, Pipeline } from '../factory/resources.js';
import {
  TERMINAL_RUN_STATUSES,
  type ActivityRunRecord,
  type InvokedBy,
  type PipelineRunRecord,
  type RunStore,
} from '../store/store.js';
import type { EnginePorts, FactorySnapshot, RunEvent } from './engine-ports.js';
import type { EngineRuntime } from './engine-runtime.js';
import { resolveLinkedServiceProperties } from './linked-service-resolution.js';
import { resolveJson } from './resolve-values.js';
import { RunExecution } from './run-execution.js';
import { bindParameters, initialVariables, type ParameterProblem } from './run-parameters.js';
import type { TransitionBuilder } from './transition-builder.js';

export interface StartRunRequest {
  readonly factory: FactorySnapshot;
  readonly pipelineName: string;
  readonly parameters?: JsonObject;
  readonly invokedBy?: InvokedBy;
}

/** A run that cannot start: unknown pipeline or parameters that do not fit. */
export class RunRequestError extends Error {
  constructor(
    readonly code:
      | 'RUN_UNKNOWN_PIPELINE'
      | 'RUN_INVALID_PARAMETERS'
      | 'RUN_NOT_FOUND'
      | 'RUN_NOT_FINISHED'
      | 'RUN_UNKNOWN_ACTIVITY'
      | 'RUN_LEASED',
    message: string,
    readonly problems: readonly ParameterProblem[] = [],
  ) {
    super(message);
  }
}

export class PipelineEngine implements EngineRuntime {
  readonly store: RunStore;
  readonly executors: ActivityExecutorRegistry;
  readonly cancelPollMs: number;
  private readonly ports: EnginePorts;
  private readonly owner: string;
  private readonly leaseMs: number;
  private readonly live = new Map<
    string,
    { readonly execution: RunExecution; readonly done: Promise<PipelineRunRecord> }
  >();
  private readonly starting = new Map<string, Promise<PipelineRunRecord>>();
  private readonly admitted = new Map<string, Set<string>>();
  private readonly admissions = new Map<string, Promise<void>>();
  private readonly detached = new Set<Promise<unknown>>();
  private leaseTimer: ReturnType<typeof setInterval> | undefined;

  constructor(ports: EnginePorts) {
    this.ports = ports;
    this.store = ports.store;
    this.executors = ports.executors;
    this.cancelPollMs = ports.cancelPollMs ?? 1000;
    this.leaseMs = ports.leaseMs ?? 30_000;
    this.owner = ports.owner ?? `pid-${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  }

  // ---- public API -----------------------------------------------------------------------------

  /** Records a new run (Queued) after checking its pipeline and parameters. */
  async startRun(request: StartRunRequest): Promise<PipelineRunRecord> {
    const definition = request.factory.pipelines[request.pipelineName];
    if (!definition) {
      throw new RunRequestError(
        'RUN_UNKNOWN_PIPELINE',
        `The factory has no pipeline '${request.pipelineName}' (it has: ${Object.keys(request.factory.pipelines).join(', ') || 'none'}).`,
      );
    }
    const run = this.buildRun(
      request.factory,
      definition,
      request.pipelineName,
      request.parameters ?? {},
      {
        invokedBy: request.invokedBy ?? {
          name: 'Manual',
          id: crypto.randomUUID(),
          invokedByType: 'Manual',
        },
      },
    );
    await this.store.commit({ at: run.lastUpdated, createRuns: [run] });
    return run;
  }

  /** Runs a stored run to its end in this process (resuming it when it was interrupted). */
  execute(runId: string): Promise<PipelineRunRecord> {
    const current = this.live.get(runId)?.done ?? this.starting.get(runId);
    if (current) return current;
    const done = this.executeStored(runId).finally(() => this.starting.delete(runId));
    this.starting.set(runId, done);
    return done;
  }

  /** Starts and executes a run; resolves when it has ended. */
  async run(request: StartRunRequest): Promise<PipelineRunRecord> {
    const run = await this.startRun(request);
    return this.execute(run.runId);
  }

  /**
   * Cancels a run and, when `recursive`, the runs its ExecutePipeline activities started. A run
   * executing in another process is asked to stop and does so at its next poll; a run nobody
   * executes (its process died) is cancelled here.
   */
  async cancel(runId: string, recursive = true): Promise<PipelineRunRecord> {
    const live = this.live.get(runId);
    if (live) {
      live.execution.cancel();
      return live.done;
    }
    const run = await this.store.getPipelineRun(runId);
    if (!run) throw new RunRequestError('RUN_NOT_FOUND', `No pipeline run has the id ${runId}.`);
    if (TERMINAL_RUN_STATUSES.includes(run.status)) return run;
    const at = this.isoNow();
    await this.store.commit({
      at,
      updateRuns: [{ runId, patch: { cancelRequested: true, status: 'Canceling' } }],
    });
    let result = { ...run, cancelRequested: true, status: 'Canceling' as const };
    if (await this.store.acquireLease(runId, this.owner, at, this.leaseExpiry())) {
      result = (await this.execute(runId)) as typeof result;
    }
    if (recursive) {
      for (const child of await this.store.listChildRuns(runId)) {
        if (!TERMINAL_RUN_STATUSES.includes(child.status)) await this.cancel(child.runId, true);
      }
    }
    return result;
  }

  /**
   * Starts a new run of the same pipeline with the same parameters, in the same run group. With
   * `fromFailure`, activities that succeeded at the pipeline's top level are kept (outputs
   * included) and not run again, as ADF's rerun from the failed activity does. With
   * `startActivityName` (a top-level activity), the same, except that this activity and every
   * activity that depends on it, directly or not, run again: ADF's rerun from an activity.
   * `invokedBy` names who asked for the rerun (Default: Manual).
   */
  async rerun(
    runId: string,
    options: {
      readonly fromFailure?: boolean;
      readonly startActivityName?: string;
      readonly invokedBy?: InvokedBy;
    } = {},
  ): Promise<PipelineRunRecord> {
    const previous = await this.store.getPipelineRun(runId);
    if (!previous)
      throw new RunRequestError('RUN_NOT_FOUND', `No pipeline run has the id ${runId}.`);
    if (!TERMINAL_RUN_STATUSES.includes(previous.status)) {
      throw new RunRequestError(
        'RUN_NOT_FINISHED',
        `The run ${runId} is ${previous.status}; rerun it once it has ended, or cancel it first.`,
      );
    }
    const rerunAgain =
      options.startActivityName === undefined
        ? new Set<string>()
        : this.activityAndDownstream(previous, options.startActivityName);
    const at = this.isoNow();
    const fromFailure = options.fromFailure === true || options.startActivityName !== undefined;
    const group = (
      await this.store.queryPipelineRuns({
        filters: [{ operand: 'RunGroupId', operator: 'Equals', values: [previous.runGroupId] }],
        limit: 1000,
      })
    ).value;
    const run: PipelineRunRecord = {
      ...previous,
      runId: this.newId(),
      status: 'Queued',
      message: '',
      runStart: at,
      runEnd: null,
      durationInMs: null,
      lastUpdated: at,
      output: fromFailure ? previous.output : null,
      variables: fromFailure
        ? previous.variables
        : initialVariables(this.parsePipeline(previous.definition).variables),
      referencePipelineRunId: previous.runId,
      isLatest: true,
      cancelRequested: false,
      leaseOwner: null,
      leaseExpiresAt: null,
      invokedBy: options.invokedBy ?? {
        name: 'Manual',
        id: crypto.randomUUID(),
        invokedByType: 'Manual',
      },
    };
    const kept: ActivityRunRecord[] = [];
    if (fromFailure) {
      const latest = new Map<string, ActivityRunRecord>();
      for (const record of await this.store.listActivityRuns(previous.runId)) {
        if (record.scope !== '') continue;
        const seen = latest.get(record.activityName);
        if (!seen || seen.attempt <= record.attempt) latest.set(record.activityName, record);
      }
      for (const record of latest.values()) {
        if (record.status !== 'Succeeded' || rerunAgain.has(record.activityName)) continue;
        kept.push({
          ...record,
          activityRunId: this.newId(),
          pipelineRunId: run.runId,
          copiedFromActivityRunId: record.activityRunId,
        });
      }
    }
    await this.store.commit({
      at,
      createRuns: [run],
      // ADF's isLatest: only the newest run of a rerun group is the latest.
      updateRuns: group
        .filter((member) => member.isLatest)
        .map((member) => ({ runId: member.runId, patch: { isLatest: false } })),
      createActivityRuns: kept,
    });
    return run;
  }

  /** Executes every run whose process died (expired lease), children through their parents. */
  async resumeOrphans(): Promise<readonly PipelineRunRecord[]> {
    const ids = await this.store.findOrphanedRuns(this.isoNow());
    const roots: string[] = [];
    for (const id of ids) {
      const run = await this.store.getPipelineRun(id);
      if (!run) continue;
      const parent = run.parentRunId ? await this.store.getPipelineRun(run.parentRunId) : undefined;
      if (!parent || TERMINAL_RUN_STATUSES.includes(parent.status)) roots.push(id);
    }
    return Promise.all(roots.map((id) => this.execute(id)));
  }

  /** Resolves once every run this process executes, detached children included, has ended. */
  async idle(): Promise<void> {
    while (this.live.size > 0 || this.starting.size > 0 || this.detached.size > 0) {
      await Promise.allSettled([
        ...[...this.live.values()].map((entry) => entry.done),
        ...this.starting.values(),
        ...this.detached,
      ]);
    }
  }

  async close(): Promise<void> {
    await this.idle();
    this.stopLeaseTimer();
  }

  // ---- EngineRuntime --------------------------------------------------------------------------

  parsePipeline(json: JsonObject): Pipeline {
    return this.ports.parsePipeline(json);
  }

  now(): number {
    return this.ports.now?.() ?? Date.now();
  }

  isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  newId(): string {
    return this.ports.newId?.() ?? crypto.randomUUID();
  }

  emit(event: RunEvent): void {
    this.ports.onEvent?.(event);
  }

  pipelineValue(run: PipelineRunRecord): Value {
    const globals = (run.factorySnapshot.globalParameters ?? {}) as JsonObject;
    const globalParameters: JsonObject = {};
    for (const [name, spec] of Object.entries(globals)) {
      globalParameters[name] =
        typeof spec === 'object' && spec !== null && !Array.isArray(spec) && 'value' in spec
          ? (spec.value ?? null)
          : spec;
    }
    return fromJson({
      DataFactory: run.factoryName,
      Pipeline: run.pipelineName,
      RunId: run.runId,
      TriggerType: run.invokedBy.invokedByType,
      TriggerId: run.invokedBy.id,
      TriggerName: run.invokedBy.name,
      TriggerTime: run.runStart,
      GroupId: run.runGroupId,
      parameters: run.parameters,
      globalParameters,
    });
  }

  hasPipeline(run: PipelineRunRecord, name: string): boolean {
    return pipelinesOf(run)[name] !== undefined;
  }

  newChildRun(
    parent: PipelineRunRecord,
    activityRun: ActivityRunRecord,
    pipelineName: string,
    parameters: JsonObject,
  ):
    | { readonly run: PipelineRunRecord }
    | { readonly error: { errorCode: string; message: string; failureType: 'UserError' } } {
    const definition = pipelinesOf(parent)[pipelineName];
    if (!definition)
      return {
        error: {
          errorCode: 'PipelineNotFound',
          message: `The factory has no pipeline '${pipelineName}'.`,
          failureType: 'UserError',
        },
      };
    try {
      const run = this.buildRun(
        parent.factorySnapshot as unknown as FactorySnapshot,
        definition,
        pipelineName,
        parameters,
        {
          invokedBy: {
            name: activityRun.activityName,
            id: activityRun.activityRunId,
            invokedByType: 'PipelineActivity',
            pipelineName: parent.pipelineName,
            pipelineRunId: parent.runId,
          },
          parentRunId: parent.runId,
          parentActivityRunId: activityRun.activityRunId,
          factoryName: parent.factoryName,
        },
      );
      return { run };
    } catch (caught) {
      if (caught instanceof RunRequestError)
        return {
          error: {
            errorCode: 'InvalidParameters',
            message: caught.message,
            failureType: 'UserError',
          },
        };
      throw caught;
    }
  }

  runChild(runId: string): Promise<PipelineRunRecord> {
    return this.execute(runId);
  }

  startDetached(runId: string): void {
    const done = this.execute(runId).catch(() => undefined);
    this.detached.add(done);
    void done.finally(() => this.detached.delete(done));
  }

  cancelChild(runId: string, tx: TransitionBuilder): void {
    tx.updateRun(runId, { cancelRequested: true });
    this.live.get(runId)?.execution.cancel();
  }

  resolveLinkedService(
    run: PipelineRunRecord,
    activity: Activity,
    context: EvaluationContext,
  ): ActivityExecutionRequest['linkedService'] {
    const reference = activity.linkedServiceName;
    if (!reference) return undefined;
    const json = ((run.factorySnapshot.linkedServices ?? {}) as JsonObject)[
      reference.referenceName
    ] as JsonObject | undefined;
    const properties = json?.properties as JsonObject | undefined;
    if (!properties) return undefined;
    const pointer = `${activity.source.pointer}/linkedServiceName/parameters`;
    const given = resolveJson(reference.parameters ?? {}, context, pointer) as JsonObject;
    return resolveLinkedServiceProperties(reference.referenceName, properties, given);
  }

  // ---- internals ------------------------------------------------------------------------------

  /** A top-level activity of the run's pipeline and every activity downstream of it. */
  private activityAndDownstream(run: PipelineRunRecord, name: string): Set<string> {
    const activities = this.parsePipeline(run.definition).activities;
    if (!activities.some((activity) => activity.name === name)) {
      throw new RunRequestError(
        'RUN_UNKNOWN_ACTIVITY',
        `Pipeline '${run.pipelineName}' of run ${run.runId} has no top-level activity '${name}' to start from (it has: ${activities.map((activity) => activity.name).join(', ') || 'none'}).`,
      );
    }
    const selected = new Set([name]);
    for (let grew = true; grew;) {
      grew = false;
      for (const activity of activities) {
        if (selected.has(activity.name)) continue;
        if (activity.dependsOn.some((dependency) => selected.has(dependency.activity))) {
          selected.add(activity.name);
          grew = true;
        }
      }
    }
    return selected;
  }

  private async executeStored(runId: string): Promise<PipelineRunRecord> {
    const run = await this.store.getPipelineRun(runId);
    if (!run) throw new RunRequestError('RUN_NOT_FOUND', `No pipeline run has the id ${runId}.`);
    if (TERMINAL_RUN_STATUSES.includes(run.status)) return run;
    const existing = this.live.get(runId);
    if (existing) return existing.done;
    if (!(await this.store.acquireLease(runId, this.owner, this.isoNow(), this.leaseExpiry()))) {
      throw new RunRequestError(
        'RUN_LEASED',
        `The run ${runId} is being executed by another Millrace process (${run.leaseOwner}); cancel it there or wait for its lease to expire.`,
      );
    }
    this.startLeaseTimer();
    const slot = await this.admit(run);
    const execution = new RunExecution(this, run, await this.store.listActivityRuns(runId));
    const done = execution.execute().finally(() => {
      slot.release();
      this.live.delete(runId);
      if (this.live.size === 0 && this.starting.size <= 1) this.stopLeaseTimer();
      return this.store.releaseLease(runId, this.owner).catch(() => undefined);
    });
    this.live.set(runId, { execution, done });
    return done;
  }

  /**
   * ADF's pipeline `concurrency`: a queued run waits until fewer than that many runs of its
   * pipeline are in progress (in the store, or admitted by this process and about to start).
   * Processes check independently, so two of them starting at the same instant may exceed the
   * limit by one; within one process it holds exactly.
   */
  private admit(run: PipelineRunRecord): Promise<{ release(): void }> {
    // One admission at a time per pipeline, so that two runs cannot both see the last free slot.
    const key = `${run.factoryName}/${run.pipelineName}`;
    const admission = (this.admissions.get(key) ?? Promise.resolve()).then(() =>
      this.waitForSlot(run, key),
    );
    this.admissions.set(
      key,
      admission.then(
        () => undefined,
        () => undefined,
      ),
    );
    return admission;
  }

  private async waitForSlot(run: PipelineRunRecord, key: string): Promise<{ release(): void }> {
    const limit = this.parsePipeline(run.definition).concurrency;
    const admitted = this.admitted.get(key) ?? new Set<string>();
    this.admitted.set(key, admitted);
    const release = (): void => void admitted.delete(run.runId);
    if (run.status !== 'Queued' || limit === undefined || limit < 1) {
      admitted.add(run.runId);
      return { release };
    }
    for (;;) {
      const page = await this.store.queryPipelineRuns({
        filters: [
          { operand: 'PipelineName', operator: 'Equals', values: [run.pipelineName] },
          { operand: 'Status', operator: 'In', values: ['InProgress', 'Canceling'] },
        ],
        limit: 1000,
      });
      const busy = new Set(admitted);
      for (const other of page.value)
        if (other.factoryName === run.factoryName) busy.add(other.runId);
      busy.delete(run.runId);
      const current = await this.store.getPipelineRun(run.runId);
      if (busy.size < limit || current?.cancelRequested) {
        admitted.add(run.runId);
        return { release };
      }
      await new Promise((resolve) => setTimeout(resolve, this.cancelPollMs));
    }
  }

  private buildRun(
    factory: FactorySnapshot,
    definition: JsonObject,
    pipelineName: string,
    given: JsonObject,
    links: {
      invokedBy: InvokedBy;
      parentRunId?: string;
      parentActivityRunId?: string;
      factoryName?: string;
    },
  ): PipelineRunRecord {
    const pipeline = this.parsePipeline(definition);
    const bound = bindParameters(pipeline.parameters, given);
    if (!bound.ok) {
      throw new RunRequestError(
        'RUN_INVALID_PARAMETERS',
        `The parameters of pipeline '${pipelineName}' do not fit: ${bound.problems.map((problem) => problem.message).join(' ')}`,
        bound.problems,
      );
    }
    const at = this.isoNow();
    const runId = this.newId();
    return {
      runId,
      runGroupId: runId,
      pipelineName,
      factoryName: links.factoryName ?? factory.name,
      parameters: bound.values,
      invokedBy: links.invokedBy,
      status: 'Queued',
      message: '',
      runStart: at,
      runEnd: null,
      durationInMs: null,
      lastUpdated: at,
      output: null,
      variables: initialVariables(pipeline.variables),
      definition,
      factorySnapshot: factory as unknown as JsonObject,
      parentRunId: links.parentRunId ?? null,
      parentActivityRunId: links.parentActivityRunId ?? null,
      referencePipelineRunId: null,
      isLatest: true,
      cancelRequested: false,
      leaseOwner: null,
      leaseExpiresAt: null,
    };
  }

  private leaseExpiry(): string {
    return new Date(this.now() + this.leaseMs).toISOString();
  }

  private startLeaseTimer(): void {
    if (this.leaseTimer) return;
    this.leaseTimer = setInterval(
      () => {
        this.store.renewLeases(this.owner, this.leaseExpiry()).catch(() => undefined);
      },
      Math.max(100, Math.floor(this.leaseMs / 3)),
    );
  }

  private stopLeaseTimer(): void {
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.leaseTimer = undefined;
  }
}

function pipelinesOf(run: PipelineRunRecord): Readonly<Record<string, JsonObject | undefined>> {
  return (run.factorySnapshot.pipelines ?? {}) as Readonly<Record<string, JsonObject | undefined>>;
}
