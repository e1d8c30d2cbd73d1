/**
 * Drives one pipeline run to its end. It keeps an in-memory mirror of the run's records, decides
 * what happens next in the scopes that changed (ADF's dependency rules, control activities,
 * retries), commits each step as one transaction, and only then starts the work it decided on.
 * Everything it knows can be rebuilt from the store, which is how a crashed run resumes.
 */
import { activityFailure, type ActivityExecutionResult } from '../activities/activity-executor.js';
import {
  fromJson,
  type EvaluationContext,
  type Value,
  type ValueObject,
} from '../expressions/index.js';
import type { Activity, JsonObject, Pipeline } from '../factory/resources.js';
import type { ActivityRunRecord, ActivityRunStatus, PipelineRunRecord } from '../store/store.js';
import { parseTimeSpan } from '../factory/time-span.js';
import { DEFAULT_ACTIVITY_TIMEOUT_MS, DEFAULT_RETRY_INTERVAL_SECONDS } from './activity-policy.js';
import { containerBranchFailed, pipelineOutcome, readiness } from './dependency-rules.js';
import type { EngineRuntime } from './engine-runtime.js';
import {
  controlActivityHandlers,
  type ControlEnvironment,
  type ControlStart,
} from './control-activities.js';
import { evaluateProperty, ResolutionFailure, resolveProperties } from './resolve-values.js';
import { branchScope, iterationIndexOf, iterationScope } from './scope-path.js';
import { RunRecords, isTerminal } from './run-records.js';
import { TransitionBuilder } from './transition-builder.js';
import { asArray, branchActivities, childOutcome, storedInput } from './activity-outcomes.js';

export interface Scope {
  readonly path: string;
  readonly activities: readonly Activity[];
  /** The container activity run that owns this scope (undefined for the pipeline's own scope). */
  readonly owner?: { readonly activityRunId: string; readonly scope: Scope };
  /** `item()` here: the innermost ForEach iteration's item. */
  readonly item?: Value;
  finished: boolean;
}

/** What a running container activity remembers between steps (rebuilt from records on resume). */
type ContainerState =
  | {
      readonly kind: 'ForEach';
      readonly items: readonly Value[];
      readonly concurrency: number;
      next: number;
      running: number;
      done: number;
      failed: string[];
    }
  | { readonly kind: 'Branch'; readonly scope: string }
  | { readonly kind: 'Until'; iteration: number; readonly deadline: number }
  | { readonly kind: 'ExecutePipeline'; readonly childRunId: string };

type LoopEvent =
  | {
      readonly kind: 'executed';
      readonly activityRunId: string;
      readonly result: ActivityExecutionResult;
      readonly timedOut: boolean;
    }
  | {
      readonly kind: 'child-finished';
      readonly activityRunId: string;
      readonly child: PipelineRunRecord;
    }
  | { readonly kind: 'wake' }
  | { readonly kind: 'cancel' };

interface RunningExecution {
  readonly controller: AbortController;
  readonly timer: ReturnType<typeof setTimeout>;
  /** The executor's result, a failure to execute included; never rejects. */
  readonly settled: Promise<ActivityExecutionResult>;
}

/**
 * How long a cancelled run waits for the executors it stopped to report (they stop their
 * processes and remote runs first: an ML run's cancel, a process group's SIGKILL after 5 s).
 */
const STOPPED_EXECUTOR_GRACE_MS = 15_000;

const NESTED_ACTIVITY_PROPERTIES = [
  'activities',
  'ifTrueActivities',
  'ifFalseActivities',
  'cases',
  'defaultActivities',
];

export class RunExecution {
  private run: PipelineRunRecord;
  private readonly pipeline: Pipeline;
  private readonly records: RunRecords;
  private readonly scopes = new Map<string, Scope>();
  private readonly containers = new Map<string, ContainerState>();
  private readonly dirty = new Set<string>();
  private readonly executions = new Map<string, RunningExecution>();
  /** Executions a cancel stopped, whose outputs (an ML run's id …) are kept when they report. */
  private readonly stopped: {
    readonly activityRunId: string;
    readonly settled: Promise<ActivityExecutionResult>;
  }[] = [];
  private readonly retryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly events: LoopEvent[] = [];
  private wakeUp: (() => void) | undefined;
  private pipelineValue: Value | undefined;
  private variablesValue: ValueObject | undefined;
  private tx: TransitionBuilder;
  private finished = false;

  constructor(
    private readonly runtime: EngineRuntime,
    run: PipelineRunRecord,
    records: readonly ActivityRunRecord[],
  ) {
    this.run = run;
    this.pipeline = runtime.parsePipeline(run.definition);
    this.tx = new TransitionBuilder(runtime.isoNow());
    const root: Scope = { path: '', activities: this.pipeline.activities, finished: false };
    this.scopes.set('', root);
    this.records = new RunRecords(records);
  }

  get runId(): string {
    return this.run.runId;
  }

  /** Queues a cancel coming from this process (a parent's cancel, a signal); others poll the store. */
  cancel(): void {
    this.push({ kind: 'cancel' });
  }

  async execute(): Promise<PipelineRunRecord> {
    if (this.run.status === 'Queued' || this.run.status === 'InProgress') {
      this.recover();
      if (this.run.status === 'Queued') {
        this.tx.updateRun(this.run.runId, { status: 'InProgress' });
        this.run = { ...this.run, status: 'InProgress' };
        this.tx.events.push({ kind: 'run-started', run: this.run });
      }
    }
    const poll = setInterval(() => void this.pollCancel(), this.runtime.cancelPollMs);
    try {
      if (this.run.status === 'Canceling' || this.run.cancelRequested) this.applyCancel();
      while (!this.finished) {
        this.step();
        await this.flush();
        if (this.finished) break;
        await this.nextEvents();
      }
      // A cancel ends the run inside event handling, without a step: commit what it decided.
      await this.flush();
      await this.keepStoppedOutputs();
    } finally {
      clearInterval(poll);
      for (const timer of this.retryTimers.values()) clearTimeout(timer);
      for (const execution of this.executions.values()) {
        clearTimeout(execution.timer);
        execution.controller.abort(new Error('the run ended'));
      }
    }
    return this.run;
  }

  // ---- the loop -------------------------------------------------------------------------------

  private push(event: LoopEvent): void {
    this.events.push(event);
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  private async nextEvents(): Promise<void> {
    if (this.events.length === 0) {
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
      });
    }
    const events = this.events.splice(0);
    for (const event of events) this.handle(event);
  }

  private handle(event: LoopEvent): void {
    switch (event.kind) {
      case 'executed': {
        const execution = this.executions.get(event.activityRunId);
        if (execution) clearTimeout(execution.timer);
        this.executions.delete(event.activityRunId);
        const record = this.records.get(event.activityRunId);
        if (!record || record.status !== 'InProgress') return;
        const result: ActivityExecutionResult = event.timedOut
          ? {
              status: 'Failed',
              error: {
                errorCode: 'ActivityTimedOut',
                message: `Activity '${record.activityName}' did not finish within its policy timeout and was stopped.`,
                failureType: 'UserError',
                target: record.activityName,
              },
              // What the stopped work reports (an ML run's id) stays on the record.
              ...(event.result.output === undefined ? {} : { output: event.result.output }),
            }
          : event.result;
        this.finishActivity(record, result);
        return;
      }
      case 'child-finished': {
        const record = this.records.get(event.activityRunId);
        if (!record || record.status !== 'InProgress') return;
        this.finishActivity(record, childOutcome(record, event.child));
        return;
      }
      case 'wake':
        return;
      case 'cancel':
        this.applyCancel();
        return;
    }
  }

  private async pollCancel(): Promise<void> {
    if (this.finished) return;
    try {
      const stored = await this.runtime.store.getPipelineRun(this.run.runId);
      if (stored?.cancelRequested && !this.run.cancelRequested) this.push({ kind: 'cancel' });
    } catch {
      // A failed poll is retried at the next interval; the store's own errors surface on commit.
    }
  }

  /** Commits what the step decided, then announces it and starts the work it implies. */
  private async flush(): Promise<void> {
    const tx = this.tx;
    this.tx = new TransitionBuilder(this.runtime.isoNow());
    if (!tx.isEmpty) await this.runtime.store.commit(tx.build());
    for (const event of tx.events) this.runtime.emit(event);
    for (const start of this.pendingStarts.splice(0)) start();
  }

  private readonly pendingStarts: (() => void)[] = [];

  private step(): void {
    // Deciding can finish scopes, which dirties their owners' scopes: repeat until quiet.
    while (this.dirty.size > 0 && !this.finished) {
      const paths = [...this.dirty];
      this.dirty.clear();
      for (const path of paths) {
        const scope = this.scopes.get(path);
        if (scope && !scope.finished) this.decideScope(scope);
      }
    }
  }

  // ---- state ----------------------------------------------------------------------------------

  private create(record: ActivityRunRecord): ActivityRunRecord {
    this.tx.createActivityRun(record);
    this.records.remember(record);
    if (record.status === 'InProgress')
      this.tx.events.push({ kind: 'activity-started', run: this.run, activityRun: record });
    if (isTerminal(record.status))
      this.tx.events.push({ kind: 'activity-finished', run: this.run, activityRun: record });
    return record;
  }

  private update(record: ActivityRunRecord, patch: Partial<ActivityRunRecord>): ActivityRunRecord {
    const updated = { ...record, ...patch };
    this.tx.updateActivityRun(record, patch);
    this.records.remember(updated);
    if (patch.status === 'InProgress')
      this.tx.events.push({ kind: 'activity-started', run: this.run, activityRun: updated });
    if (patch.status !== undefined && isTerminal(patch.status)) {
      this.tx.events.push({ kind: 'activity-finished', run: this.run, activityRun: updated });
    }
    return updated;
  }

  private markDirty(path: string): void {
    this.dirty.add(path);
  }

  /** Finds or builds the scope at `path` from the definition and the recorded container runs. */
  private scopeAt(path: string): Scope | undefined {
    const known = this.scopes.get(path);
    if (known) return known;
    const slash = path.lastIndexOf('/');
    const parentPath = slash < 0 ? '' : path.slice(0, slash);
    const segment = slash < 0 ? path : path.slice(slash + 1);
    const parent = this.scopeAt(parentPath);
    if (!parent) return undefined;
    const match = /^(.*?)(?:\[(\d+)\]|:(.*))$/.exec(segment);
    if (!match) return undefined;
    const [, name = '', index, branch] = match;
    const activity = parent.activities.find((candidate) => candidate.name === name);
    const owner = this.records.latestIn(parentPath, name);
    if (!activity || !owner) return undefined;
    let activities: readonly Activity[];
    let item = parent.item;
    if (index !== undefined) {
      activities = activity.branches[0]?.activities ?? [];
      if (activity.type.toLowerCase() === 'foreach') {
        const container = this.containers.get(owner.activityRunId);
        const items =
          container?.kind === 'ForEach'
            ? container.items
            : asArray(fromJson((owner.input as JsonObject | null)?.items ?? []));
        item = items[Number(index)] ?? null;
      }
    } else {
      activities = branchActivities(activity, branch ?? '');
    }
    const scope: Scope = {
      path,
      activities,
      owner: { activityRunId: owner.activityRunId, scope: parent },
      item,
      finished: false,
    };
    this.scopes.set(path, scope);
    return scope;
  }

  // ---- recovery -------------------------------------------------------------------------------

  /** After a crash: rebuild container state, settle executions that died with the old process. */
  private recover(): void {
    const scopePaths = new Set(this.records.scopePaths());
    for (const path of [...scopePaths].sort((a, b) => a.length - b.length)) this.scopeAt(path);
    for (const record of [...this.records.all()]) {
      if (
        record.status !== 'InProgress' ||
        this.records.latestIn(record.scope, record.activityName) !== record
      )
        continue;
      const scope = this.scopeAt(record.scope);
      const activity = scope?.activities.find(
        (candidate) => candidate.name === record.activityName,
      );
      if (!scope || !activity) continue;
      const type = activity.type.toLowerCase();
      if (type === 'foreach') this.recoverForEach(scope, activity, record, scopePaths);
      else if (type === 'until') this.recoverUntil(scope, activity, record, scopePaths);
      else if (type === 'ifcondition' || type === 'switch') {
        const branch = String((record.state as { branch?: string }).branch ?? '');
        const path = branchScope(scope.path, activity.name, branch);
        this.containers.set(record.activityRunId, { kind: 'Branch', scope: path });
        this.scopeAt(path);
        this.markDirty(path);
      } else if (type === 'executepipeline' && record.childRunId) {
        this.containers.set(record.activityRunId, {
          kind: 'ExecutePipeline',
          childRunId: record.childRunId,
        });
        const childRunId = record.childRunId;
        this.pendingStarts.push(() => this.watchChild(record.activityRunId, childRunId));
      } else {
        this.finishActivity(record, {
          status: 'Failed',
          error: {
            errorCode: 'ActivityInterrupted',
            message: `Activity '${record.activityName}' was running when Millrace stopped unexpectedly; its attempt is counted as failed and retried if its policy allows.`,
            failureType: 'SystemError',
            target: record.activityName,
          },
        });
      }
    }
    for (const path of scopePaths) this.markDirty(path);
    this.markDirty('');
  }

  private recoverForEach(
    scope: Scope,
    activity: Activity,
    record: ActivityRunRecord,
    scopePaths: Set<string>,
  ): void {
    const started = new Set<number>();
    for (const path of scopePaths) {
      const index = iterationIndexOf(path, scope.path, activity.name);
      if (index !== undefined) started.add(index);
    }
    const items = asArray(fromJson((record.input as JsonObject | null)?.items ?? []));
    const state: ContainerState = {
      kind: 'ForEach',
      items,
      concurrency: Number((record.state as { concurrency?: number }).concurrency ?? 1),
      next: started.size === 0 ? 0 : Math.max(...started) + 1,
      running: started.size,
      done: 0,
      failed: [],
    };
    this.containers.set(record.activityRunId, state);
    for (const index of started) {
      const path = iterationScope(scope.path, activity.name, index);
      this.scopeAt(path);
      this.markDirty(path);
    }
    // Indexes below `next` that never recorded anything had no activities to run (empty iterations).
    for (let index = 0; index < state.next; index++) if (!started.has(index)) state.done++;
  }

  private recoverUntil(
    scope: Scope,
    activity: Activity,
    record: ActivityRunRecord,
    scopePaths: Set<string>,
  ): void {
    let iteration = 0;
    for (const path of scopePaths) {
      const index = iterationIndexOf(path, scope.path, activity.name);
      if (index !== undefined) iteration = Math.max(iteration, index);
    }
    const deadline = Number(
      (record.state as { deadline?: number }).deadline ?? Number.MAX_SAFE_INTEGER,
    );
    this.containers.set(record.activityRunId, { kind: 'Until', iteration, deadline });
    const path = iterationScope(scope.path, activity.name, iteration);
    this.scopeAt(path);
    this.markDirty(path);
  }

  // ---- deciding -------------------------------------------------------------------------------

  private decideScope(scope: Scope): void {
    let allTerminal = true;
    for (const activity of scope.activities) {
      const latest = this.records.latestIn(scope.path, activity.name);
      if (latest === undefined) {
        const verdict = readiness(activity, (name) =>
          this.records.terminalStatus(scope.path, name),
        );
        if (verdict === 'ready') {
          this.startActivity(scope, activity, 1);
          if (!isTerminal(this.records.latestIn(scope.path, activity.name)?.status ?? 'Queued'))
            allTerminal = false;
        } else if (verdict === 'skip') {
          this.create(this.newRecord(scope, activity, 1, 'Skipped', { end: true }));
        } else {
          allTerminal = false;
        }
      } else if (latest.status === 'Queued') {
        allTerminal = false;
        const due = Date.parse(latest.activityRunStart);
        if (due <= this.runtime.now()) this.startAttempt(scope, activity, latest);
        else this.wakeAt(latest.activityRunId, due, scope.path);
      } else if (!isTerminal(latest.status)) {
        allTerminal = false;
      }
    }
    if (allTerminal) this.finishScope(scope);
  }

  private wakeAt(activityRunId: string, due: number, path: string): void {
    if (this.retryTimers.has(activityRunId)) return;
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(activityRunId);
        this.markDirty(path);
        this.push({ kind: 'wake' });
      },
      Math.max(0, due - this.runtime.now()),
    );
    this.retryTimers.set(activityRunId, timer);
  }

  private finishScope(scope: Scope): void {
    scope.finished = true;
    if (!scope.owner) {
      this.finishRun();
      return;
    }
    const ownerRecord = this.records.get(scope.owner.activityRunId);
    const container = this.containers.get(scope.owner.activityRunId);
    if (!ownerRecord || !container || ownerRecord.status !== 'InProgress') return;
    const failed = containerBranchFailed(scope.activities, (name) =>
      this.records.terminalStatus(scope.path, name),
    );
    switch (container.kind) {
      case 'ForEach':
        container.running--;
        container.done++;
        container.failed.push(
          ...failed.map(
            (name) =>
              `${name} (iteration ${scope.path.slice(scope.path.lastIndexOf('[') + 1, -1)})`,
          ),
        );
        this.progressForEach(ownerRecord, container, scope.owner.scope);
        return;
      case 'Branch':
        this.finishContainer(ownerRecord, scope, failed);
        return;
      case 'Until':
        this.progressUntil(ownerRecord, container, scope, failed);
        return;
      case 'ExecutePipeline':
        return;
    }
  }

  private finishContainer(
    record: ActivityRunRecord,
    scope: Scope,
    failed: readonly string[],
  ): void {
    if (failed.length === 0) {
      this.finishActivity(record, { status: 'Succeeded', output: {} });
      return;
    }
    const first = failed[0] ?? '';
    const inner = this.records.latestIn(scope.path, first);
    this.finishActivity(record, {
      status: 'Failed',
      error: {
        errorCode: inner?.error?.errorCode ?? 'InnerActivityFailed',
        message: `Activity failed because an inner activity failed; Inner activity name: ${first}, Error: ${inner?.error?.message ?? 'failed'}`,
        failureType: inner?.error?.failureType ?? 'UserError',
        target: record.activityName,
      },
    });
  }

  private finishRun(): void {
    if (this.finished) return;
    const outcome = pipelineOutcome(this.pipeline.activities, (name) =>
      this.records.terminalStatus('', name),
    );
    let message = '';
    if (outcome.status === 'Failed') {
      message = outcome.failed
        .map((name) => {
          const record = this.records.latestIn('', name);
          return `Operation on target ${name} failed: ${record?.error?.message ?? record?.status ?? 'failed'}`;
        })
        .join('\n');
    }
    this.finalizeRun(outcome.status, message);
  }

  private finalizeRun(status: 'Succeeded' | 'Failed' | 'Cancelled', message: string): void {
    const end = this.runtime.now();
    const runEnd = new Date(end).toISOString();
    const durationInMs = Math.max(0, end - Date.parse(this.run.runStart));
    this.tx.updateRun(this.run.runId, { status, message, runEnd, durationInMs });
    this.run = { ...this.run, status, message, runEnd, durationInMs, lastUpdated: this.tx.at };
    this.tx.events.push({ kind: 'run-finished', run: this.run });
    this.finished = true;
  }

  // ---- starting activities --------------------------------------------------------------------

  private newRecord(
    scope: Scope,
    activity: Activity,
    attempt: number,
    status: ActivityRunStatus,
    options: { end?: boolean; start?: number } = {},
  ): ActivityRunRecord {
    const start = options.start ?? this.runtime.now();
    return {
      activityRunId: this.runtime.newId(),
      pipelineRunId: this.run.runId,
      scope: scope.path,
      activityName: activity.name,
      activityType: activity.type,
      attempt,
      status,
      input: {},
      output: null,
      error: null,
      activityRunStart: new Date(start).toISOString(),
      activityRunEnd: options.end ? new Date(start).toISOString() : null,
      durationInMs: options.end ? 0 : null,
      childRunId: null,
      state: {
        ...(activity.policy.secureInput ? { secureInput: true } : {}),
        ...(activity.policy.secureOutput ? { secureOutput: true } : {}),
      },
      copiedFromActivityRunId: null,
    };
  }

  private startActivity(scope: Scope, activity: Activity, attempt: number): void {
    if (activity.state === 'Inactive') {
      const status = activity.onInactiveMarkAs;
      this.create({
        ...this.newRecord(scope, activity, attempt, status, { end: true }),
        output: { message: `Activity is inactive and marked as ${status}.` },
        error:
          status === 'Failed'
            ? {
                errorCode: 'ActivityInactive',
                message: `Activity '${activity.name}' is inactive and marked as Failed.`,
                failureType: 'UserError',
                target: activity.name,
              }
            : null,
      });
      return;
    }
    const record = this.create(this.newRecord(scope, activity, attempt, 'InProgress'));
    this.begin(scope, activity, record);
  }

  private startAttempt(scope: Scope, activity: Activity, queued: ActivityRunRecord): void {
    const record = this.update(queued, {
      status: 'InProgress',
      activityRunStart: new Date(this.runtime.now()).toISOString(),
    });
    this.begin(scope, activity, record);
  }

  /** Runs the activity's own logic: control activities decide here, execution activities are dispatched. */
  private begin(scope: Scope, activity: Activity, record: ActivityRunRecord): void {
    const context = this.contextFor(scope);
    const handler = controlActivityHandlers[activity.type.toLowerCase()];
    try {
      if (handler) {
        this.applyControl(
          scope,
          activity,
          record,
          handler(activity, context, this.controlEnvironment(scope)),
        );
      } else {
        this.dispatch(activity, record, context);
      }
    } catch (caught) {
      if (!(caught instanceof ResolutionFailure)) throw caught;
      this.finishActivity(record, activityFailure(caught.errorCode, caught.message, activity.name));
    }
  }

  private controlEnvironment(scope: Scope): ControlEnvironment {
    return {
      variables: this.run.variables,
      variableSpecs: this.pipeline.variables,
      now: this.runtime.now(),
      pipelineExists: (name) => this.runtime.hasPipeline(this.run, name),
      scopePath: scope.path,
    };
  }

  private applyControl(
    scope: Scope,
    activity: Activity,
    record: ActivityRunRecord,
    start: ControlStart,
  ): void {
    const withInput = this.update(record, {
      input: start.kind === 'done' ? storedInput(record, start.input) : start.input,
      ...(start.state ? { state: { ...record.state, ...start.state } } : {}),
    });
    switch (start.kind) {
      case 'done':
        if (start.variables) this.setVariables(start.variables);
        if (start.returnValue !== undefined) {
          this.tx.updateRun(this.run.runId, { output: start.returnValue });
          this.run = { ...this.run, output: start.returnValue };
        }
        this.finishActivity(withInput, start.result);
        return;
      case 'forEach': {
        const state: ContainerState = {
          kind: 'ForEach',
          items: start.items,
          concurrency: start.concurrency,
          next: 0,
          running: 0,
          done: 0,
          failed: [],
        };
        this.containers.set(record.activityRunId, state);
        this.progressForEach(withInput, state, scope);
        return;
      }
      case 'branch': {
        const path = branchScope(scope.path, activity.name, start.branch);
        this.containers.set(record.activityRunId, { kind: 'Branch', scope: path });
        this.scopeAt(path);
        this.markDirty(path);
        return;
      }
      case 'until': {
        const state: ContainerState = { kind: 'Until', iteration: 0, deadline: start.deadline };
        this.containers.set(record.activityRunId, state);
        const path = iterationScope(scope.path, activity.name, 0);
        this.scopeAt(path);
        this.markDirty(path);
        return;
      }
      case 'executePipeline': {
        const child = this.runtime.newChildRun(
          this.run,
          withInput,
          start.pipelineName,
          start.parameters,
        );
        if ('error' in child) {
          this.finishActivity(withInput, {
            status: 'Failed',
            error: { ...child.error, target: activity.name },
          });
          return;
        }
        this.tx.createRun(child.run);
        const linked = this.update(withInput, { childRunId: child.run.runId });
        if (!start.waitOnCompletion) {
          this.pendingStarts.push(() => this.runtime.startDetached(child.run.runId));
          this.finishActivity(linked, {
            status: 'Succeeded',
            output: { pipelineName: start.pipelineName, pipelineRunId: child.run.runId },
          });
          return;
        }
        this.containers.set(record.activityRunId, {
          kind: 'ExecutePipeline',
          childRunId: child.run.runId,
        });
        this.pendingStarts.push(() => this.watchChild(record.activityRunId, child.run.runId));
        return;
      }
    }
  }

  private watchChild(activityRunId: string, childRunId: string): void {
    this.runtime.runChild(childRunId).then(
      (child) => this.push({ kind: 'child-finished', activityRunId, child }),
      (error: unknown) =>
        this.push({
          kind: 'executed',
          activityRunId,
          timedOut: false,
          result: {
            status: 'Failed',
            error: {
              errorCode: 'ChildRunFailed',
              message: `The child pipeline run ${childRunId} could not run: ${String(error)}`,
              failureType: 'SystemError',
              target: '',
            },
          },
        }),
    );
  }

  private progressForEach(
    record: ActivityRunRecord,
    state: Extract<ContainerState, { kind: 'ForEach' }>,
    scope: Scope,
  ): void {
    const activity = scope.activities.find((candidate) => candidate.name === record.activityName);
    if (!activity) return;
    while (state.running < state.concurrency && state.next < state.items.length) {
      const path = iterationScope(scope.path, activity.name, state.next);
      state.next++;
      state.running++;
      this.scopes.delete(path);
      // Decided in the step loop, not here: deciding inline would recurse once per iteration.
      if (this.scopeAt(path)) this.markDirty(path);
    }
    if (state.done === state.items.length) {
      if (state.failed.length === 0) {
        this.finishActivity(record, { status: 'Succeeded', output: {} });
      } else {
        this.finishActivity(record, {
          status: 'Failed',
          error: {
            errorCode: 'InnerActivityFailed',
            message: `Activity failed because an inner activity failed; failed: ${state.failed.slice(0, 10).join(', ')}${state.failed.length > 10 ? ` and ${state.failed.length - 10} more` : ''}`,
            failureType: 'UserError',
            target: record.activityName,
          },
        });
      }
    }
  }

  private progressUntil(
    record: ActivityRunRecord,
    state: Extract<ContainerState, { kind: 'Until' }>,
    scope: Scope,
    failed: readonly string[],
  ): void {
    if (failed.length > 0) {
      this.finishContainer(record, scope, failed);
      return;
    }
    const parent = scope.owner?.scope;
    const activity = parent?.activities.find((candidate) => candidate.name === record.activityName);
    if (!parent || !activity) return;
    let done: Value;
    try {
      done = evaluateProperty(
        activity.typeProperties.expression,
        this.contextFor(scope),
        `${activity.source.pointer}/typeProperties/expression`,
      );
    } catch (caught) {
      if (!(caught instanceof ResolutionFailure)) throw caught;
      this.finishActivity(record, activityFailure(caught.errorCode, caught.message, activity.name));
      return;
    }
    if (done === true) {
      this.finishActivity(record, {
        status: 'Succeeded',
        output: { iterations: state.iteration + 1 },
      });
      return;
    }
    if (typeof done !== 'boolean') {
      this.finishActivity(record, {
        status: 'Failed',
        error: {
          errorCode: 'InvalidTemplate',
          message: `The Until expression must be a Boolean, but it evaluated to ${JSON.stringify(done)}.`,
          failureType: 'UserError',
          target: activity.name,
        },
      });
      return;
    }
    if (this.runtime.now() >= state.deadline) {
      this.finishActivity(record, {
        status: 'Failed',
        error: {
          errorCode: 'ActivityTimedOut',
          message: `Until activity '${activity.name}' reached its timeout after ${state.iteration + 1} iterations without its expression becoming true.`,
          failureType: 'UserError',
          target: activity.name,
        },
      });
      return;
    }
    state.iteration++;
    const path = iterationScope(parent.path, activity.name, state.iteration);
    if (this.scopeAt(path)) this.markDirty(path);
  }

  private dispatch(
    activity: Activity,
    record: ActivityRunRecord,
    context: EvaluationContext,
  ): void {
    const pointer = `${activity.source.pointer}/typeProperties`;
    const input = resolveProperties(
      activity.typeProperties,
      context,
      pointer,
      NESTED_ACTIVITY_PROPERTIES,
    );
    const executor = this.runtime.executors.get(activity.type);
    const started = this.update(record, { input: storedInput(record, input) });
    if (!executor) {
      this.finishActivity(started, {
        status: 'Failed',
        error: {
          errorCode: 'ActivityTypeNotSupported',
          message: `Millrace cannot run activities of type '${activity.type}' yet (it runs ${this.runtime.executors.types().join(', ')} and the control activities); the pipeline loads and validates, but this activity fails.`,
          failureType: 'UserError',
          target: activity.name,
        },
      });
      return;
    }
    const timeoutMs = this.timeoutOf(activity, context);
    const linkedService = this.runtime.resolveLinkedService(this.run, activity, context);
    this.pendingStarts.push(() => {
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error('timeout'));
      }, timeoutMs);
      const settled = executor
        .execute({
          activity,
          input,
          ...(linkedService ? { linkedService } : {}),
          pipelineName: this.run.pipelineName,
          pipelineRunId: this.run.runId,
          activityRunId: record.activityRunId,
          attempt: record.attempt,
          signal: controller.signal,
        })
        .catch((error: unknown): ActivityExecutionResult => ({
          status: 'Failed',
          error: {
            errorCode: 'ExecutorFailed',
            message: `The '${activity.type}' executor failed unexpectedly: ${String(error)}`,
            failureType: 'SystemError',
            target: activity.name,
          },
        }));
      this.executions.set(record.activityRunId, { controller, timer, settled });
      void settled.then((result) =>
        this.push({ kind: 'executed', activityRunId: record.activityRunId, result, timedOut }),
      );
    });
  }

  private timeoutOf(activity: Activity, context: EvaluationContext): number {
    const raw = activity.policy.timeout;
    if (raw === undefined || raw === null) return DEFAULT_ACTIVITY_TIMEOUT_MS;
    const value = evaluateProperty(raw, context, `${activity.source.pointer}/policy/timeout`);
    const ms = typeof value === 'string' ? parseTimeSpan(value) : undefined;
    return ms === undefined || ms <= 0 ? DEFAULT_ACTIVITY_TIMEOUT_MS : Math.min(ms, 2 ** 31 - 1);
  }

  // ---- finishing activities -------------------------------------------------------------------

  private finishActivity(stale: ActivityRunRecord, result: ActivityExecutionResult): void {
    const record = this.records.get(stale.activityRunId) ?? stale;
    if (isTerminal(record.status)) return;
    const end = this.runtime.now();
    const patch: Partial<ActivityRunRecord> = {
      status: result.status,
      output: result.output ?? (result.status === 'Succeeded' ? {} : null),
      error: result.status === 'Failed' ? result.error : null,
      activityRunEnd: new Date(end).toISOString(),
      durationInMs: Math.max(0, end - Date.parse(record.activityRunStart)),
    };
    const finished = this.update(record, patch);
    this.containers.delete(record.activityRunId);
    const scope = this.scopeAt(record.scope);
    if (result.status === 'Failed' && scope) this.maybeRetry(scope, finished);
    this.markDirty(record.scope);
  }

  private maybeRetry(scope: Scope, failed: ActivityRunRecord): void {
    const activity = scope.activities.find((candidate) => candidate.name === failed.activityName);
    if (!activity || activity.policy.retry === undefined) return;
    let retries: number;
    try {
      const value = evaluateProperty(
        activity.policy.retry,
        this.contextFor(scope),
        `${activity.source.pointer}/policy/retry`,
      );
      retries =
        typeof value === 'bigint'
          ? Number(value)
          : typeof value === 'number'
            ? Math.floor(value)
            : 0;
    } catch {
      retries = 0;
    }
    if (failed.attempt > retries) return;
    const interval =
      (activity.policy.retryIntervalInSeconds ?? DEFAULT_RETRY_INTERVAL_SECONDS) * 1000;
    this.create(
      this.newRecord(scope, activity, failed.attempt + 1, 'Queued', {
        start: this.runtime.now() + interval,
      }),
    );
  }

  private setVariables(variables: JsonObject): void {
    const merged = { ...this.run.variables, ...variables };
    this.tx.updateRun(this.run.runId, { variables: merged });
    this.run = { ...this.run, variables: merged };
    this.variablesValue = undefined;
  }

  // ---- cancel ---------------------------------------------------------------------------------

  private applyCancel(): void {
    if (this.finished) return;
    this.run = { ...this.run, cancelRequested: true };
    this.tx.updateRun(this.run.runId, { cancelRequested: true });
    for (const [activityRunId, execution] of this.executions) {
      clearTimeout(execution.timer);
      execution.controller.abort(new Error('cancelled'));
      this.executions.delete(activityRunId);
      this.stopped.push({ activityRunId, settled: execution.settled });
    }
    const end = new Date(this.runtime.now()).toISOString();
    for (const record of [...this.records.latestRecords()]) {
      if (isTerminal(record.status)) continue;
      this.update(record, {
        status: 'Cancelled',
        activityRunEnd: end,
        durationInMs: Math.max(0, Date.parse(end) - Date.parse(record.activityRunStart)),
        error: {
          errorCode: 'Cancelled',
          message: 'The pipeline run was cancelled.',
          failureType: 'UserError',
          target: record.activityName,
        },
      });
      if (record.childRunId) this.runtime.cancelChild(record.childRunId, this.tx);
    }
    this.finalizeRun('Cancelled', 'The pipeline run was cancelled.');
  }

  /**
   * Waits (a bounded time) for the executors a cancel stopped, so that their work has stopped
   * when the run's execution returns, and keeps the outputs they report on the cancelled
   * activity runs.
   */
  private async keepStoppedOutputs(): Promise<void> {
    const stopped = this.stopped.splice(0);
    if (stopped.length === 0) return;
    let grace: ReturnType<typeof setTimeout> | undefined;
    const timeUp = new Promise<undefined>((resolve) => {
      grace = setTimeout(() => resolve(undefined), STOPPED_EXECUTOR_GRACE_MS);
    });
    const results = await Promise.all(
      stopped.map(({ settled }) => Promise.race([settled, timeUp])),
    );
    clearTimeout(grace);
    for (const [index, { activityRunId }] of stopped.entries()) {
      const output = results[index]?.output;
      const record = this.records.get(activityRunId);
      if (output === undefined || record === undefined) continue;
      this.tx.updateActivityRun(record, { output });
      this.records.remember({ ...record, output });
    }
    await this.flush();
  }

  // ---- expression context ---------------------------------------------------------------------

  private contextFor(scope: Scope): EvaluationContext {
    this.pipelineValue ??= this.runtime.pipelineValue(this.run);
    this.variablesValue ??= fromJson(this.run.variables) as ValueObject;
    const context: { -readonly [K in keyof EvaluationContext]: EvaluationContext[K] } = {
      pipeline: this.pipelineValue as ValueObject,
      variables: this.variablesValue,
      activities: this.activitiesVisibleFrom(scope),
    };
    if (scope.item !== undefined) context.item = scope.item;
    return context;
  }

  private activitiesVisibleFrom(scope: Scope): ValueObject {
    const chain: string[] = [];
    for (let current: Scope | undefined = scope; current; current = current.owner?.scope)
      chain.unshift(current.path);
    return this.records.visibleFrom(chain);
  }
}
