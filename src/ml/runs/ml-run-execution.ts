/**
 * Drives one ML run to its end: asks the step scheduler what to do, starts steps (reused or run
 * as processes, with retries), stops them on failure or cancel, and records every change in the
 * store as it happens, so a reader (the API, `ml run`) always sees the current state and a crash
 * leaves a run that can be resumed.
 */
import { join } from 'node:path';
import type {
  MlRunError,
  MlRunPatch,
  MlRunRecord,
  MlStepAttempt,
  MlStepRunPatch,
  MlStepRunRecord,
  MlWorkspaceStore,
} from '../../store/ml-store.js';
import type { DatastoreRegistry } from '../datastores/datastore-registry.js';
import { WORKSPACE_BLOB_STORE } from '../datastores/local-folder-datastore.js';
import type { MlPipelineDefinition, MlStep } from '../ml-pipeline-definition.js';
import { codeFolderOf, readPublishedSnapshot } from '../workspace/published-snapshot.js';
import {
  componentsAsJson,
  describeChanges,
  reuseComponents,
  reuseKey,
  type ReuseComponents,
} from './reuse-key.js';
import { resolveStepInputs, resolveStepOutputs } from './step-bindings.js';
import { runStepAttempt, type StepAttemptResult, type StepRunners } from './step-attempt.js';
import { decideNextSteps, isStepActive, type SkipReason } from './step-scheduler.js';

export interface MlRunEnvironment {
  readonly store: MlWorkspaceStore;
  readonly datastores: DatastoreRegistry;
  readonly snapshotRoot: string;
  /** Live step logs: `<logRoot>/<runId>/<stepRunId>/`. */
  readonly logRoot: string;
  /** Attempt working folders: `<workRoot>/<runId>/<stepRunId>/`, removed after each attempt. */
  readonly workRoot: string;
  readonly runners: StepRunners;
  readonly clock: () => Date;
  /** Added to every step's environment. (Default: none.) */
  readonly stepEnvironment?: Readonly<Record<string, string>>;
  /** Told after each change of a run's own record is stored, e.g. `MlRunChanges.publish`. */
  readonly onRunChange?: (run: MlRunRecord) => void;
}

const SKIP_MESSAGES: Record<SkipReason, string> = {
  'upstream-failed': 'a step it depends on failed or was canceled',
  'run-stopping': 'another step failed and the run does not continue on step failure',
  'run-canceled': 'the run was canceled',
};

export class MlRunExecution {
  private readonly steps = new Map<string, MlStepRunRecord>();
  private readonly running = new Map<
    string,
    { controller: AbortController; done: Promise<void> }
  >();
  private cancelRequested = false;
  private wake: (() => void) | undefined;
  private pipeline!: MlPipelineDefinition;
  private stepCode: Readonly<Record<string, { readonly snapshotHash: string }>> = {};

  constructor(
    private readonly environment: MlRunEnvironment,
    private run: MlRunRecord,
  ) {}

  /** Asks the run to stop; safe to call at any time. */
  cancel(): void {
    this.cancelRequested = true;
    this.wake?.();
  }

  async execute(): Promise<MlRunRecord> {
    const { store } = this.environment;
    const published = await store.getPublishedPipeline(this.run.pipelineId);
    if (published === undefined) {
      return this.finish('Failed', {
        code: 'ML_PIPELINE_NOT_FOUND',
        message: `Published pipeline ${this.run.pipelineId} of run ${this.run.id} no longer exists.`,
        failureType: 'SystemError',
      });
    }
    const snapshot = readPublishedSnapshot(published);
    this.pipeline = snapshot.pipeline;
    this.stepCode = snapshot.stepCode;
    for (const stepRun of await store.listStepRuns(this.run.id)) {
      this.steps.set(stepRun.stepName, stepRun);
    }
    this.cancelRequested ||= this.run.cancelRequested;
    await this.resetInterruptedSteps();
    if (this.run.status === 'Queued' || this.run.status === 'NotStarted') {
      await this.patchRun({ status: 'Running', startTime: this.now() });
    }

    for (;;) {
      const decision = decideNextSteps(
        this.pipeline.stepOrder.map((name) => {
          const step = this.step(name);
          return {
            name,
            dependsOn: step.dependsOn,
            alwaysRun: step.alwaysRun,
            status: this.steps.get(name)?.status ?? 'NotStarted',
          };
        }),
        {
          continueOnStepFailure: this.run.continueOnStepFailure,
          cancelRequested: this.cancelRequested,
        },
      );
      if (decision.skip.length > 0) {
        await this.commitSteps(
          decision.skip.map(({ step, reason }) => ({
            name: step,
            patch: {
              status: 'Canceled',
              endTime: this.now(),
              error: {
                code: 'STEP_UPSTREAM_FAILED',
                message: `Step "${step}" did not run: ${SKIP_MESSAGES[reason]}.`,
                failureType: 'UserError',
              },
            },
          })),
        );
      }
      for (const name of decision.stop) this.running.get(name)?.controller.abort();
      for (const name of decision.start) this.startStep(name);
      if (decision.runStatus !== undefined && this.running.size === 0) {
        return this.finish(decision.runStatus, this.runError(decision.runStatus));
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        if (decision.skip.length > 0 || decision.start.length > 0) resolve();
      });
      this.wake = undefined;
    }
  }

  /** Steps a crashed process left half-done start again from the beginning. */
  private async resetInterruptedSteps(): Promise<void> {
    const interrupted = [...this.steps.values()].filter((stepRun) => isStepActive(stepRun.status));
    await this.commitSteps(
      interrupted.map((stepRun) => ({
        name: stepRun.stepName,
        patch: {
          status: 'NotStarted',
          attempts: stepRun.attempts.map((attempt) =>
            attempt.endTime === null
              ? {
                  ...attempt,
                  endTime: this.now(),
                  error: {
                    code: 'STEP_INTERRUPTED',
                    message: 'The process running this attempt stopped; the step starts again.',
                    failureType: 'SystemError',
                  },
                }
              : attempt,
          ),
        },
      })),
    );
  }

  private startStep(name: string): void {
    // Marked at once, so the next decision does not start it again before its first commit.
    this.steps.set(name, { ...this.stepRun(name), status: 'Queued' });
    const controller = new AbortController();
    const done = this.executeStep(this.step(name), controller.signal)
      .catch(async (error: unknown) => {
        // An unexpected failure (store down, disk full) fails the step rather than the process.
        await this.commitSteps([
          {
            name,
            patch: {
              status: 'Failed',
              endTime: this.now(),
              error: {
                code: 'STEP_SYSTEM_ERROR',
                message: `Step "${name}" stopped on an internal error: ${(error as Error).message}`,
                failureType: 'SystemError',
              },
            },
          },
        ]).catch(() => undefined);
      })
      .finally(() => {
        this.running.delete(name);
        this.wake?.();
      });
    this.running.set(name, { controller, done });
  }

  private async executeStep(step: MlStep, signal: AbortSignal): Promise<void> {
    const stepRun = this.stepRun(step.name);
    const started = this.now();
    await this.commitSteps([
      { name: step.name, patch: { status: 'Preparing', startTime: started } },
    ]);
    const inputs = resolveStepInputs(step, this.run, this.steps, this.pipeline);
    const outputs = resolveStepOutputs(step, stepRun.id, this.pipeline);
    const codeHash = this.stepCode[step.name]?.snapshotHash ?? null;
    const components = reuseComponents(step, codeHash, inputs);
    const key = reuseKey(components);
    const reuse = await this.findReuse(step, key, components);
    if (reuse.kind === 'reused') {
      const source = reuse.source;
      await this.environment.store.appendStepMetrics(stepRun.id, source.metrics);
      await this.commitSteps([
        {
          name: step.name,
          patch: {
            status: 'Completed',
            reused: true,
            reusedFromRunId: source.reusedFromRunId ?? source.runId,
            reusedFromStepRunId: source.reusedFromStepRunId ?? source.id,
            reuseKey: key,
            reuseComponents: componentsAsJson(components),
            outputs: source.outputs,
            logs: source.logs,
            tags: source.tags,
            progress: source.progress,
            exitCode: source.exitCode,
            endTime: this.now(),
            durationMs: Date.parse(this.now()) - Date.parse(started),
          },
        },
      ]);
      return;
    }
    await this.commitSteps([
      {
        name: step.name,
        patch: {
          rerunReason: reuse.reason,
          reuseKey: step.allowReuse ? key : null,
          reuseComponents: componentsAsJson(components),
          outputs: Object.fromEntries(outputs.map((output) => [output.name, output.dataPath])),
        },
      },
    ]);

    const attempts: MlStepAttempt[] = [...stepRun.attempts];
    let last: StepAttemptResult | undefined;
    for (let attempt = 1; attempt <= step.retry.maxAttempts; attempt++) {
      if (attempt > 1) {
        const delayMs =
          step.retry.intervalSeconds *
          1000 *
          (step.retry.backoff === 'exponential' ? 2 ** (attempt - 2) : 1);
        if (!(await abortableDelay(delayMs, signal))) break;
        await this.commitSteps([{ name: step.name, patch: { status: 'Preparing' } }]);
      }
      const attemptStart = this.now();
      attempts.push({
        attempt,
        startTime: attemptStart,
        endTime: null,
        exitCode: null,
        error: null,
      });
      await this.commitSteps([
        { name: step.name, patch: { attempt: attempts.length, attempts: [...attempts] } },
      ]);
      last = await runStepAttempt(
        {
          runId: this.run.id,
          stepRunId: stepRun.id,
          step,
          attempt,
          inputs,
          outputs,
          ...(codeHash === null
            ? {}
            : { codeFolder: codeFolderOf(this.environment.snapshotRoot, codeHash) }),
          workFolder: join(this.environment.workRoot, this.run.id, stepRun.id),
          logFolder: join(this.environment.logRoot, this.run.id, stepRun.id),
          baseEnvironment: this.environment.stepEnvironment ?? {},
          signal,
          onPhase: (phase) => this.commitSteps([{ name: step.name, patch: { status: phase } }]),
          // The runner reports at most every 500 ms; the last report is also in the final patch.
          onProgress: (progress) => {
            void this.commitSteps([
              { name: step.name, patch: { progress: { ...progress } } },
            ]).catch(() => undefined);
          },
        },
        this.environment.datastores,
        this.environment.runners,
      );
      attempts[attempts.length - 1] = {
        attempt,
        startTime: attemptStart,
        endTime: this.now(),
        exitCode: last.exitCode,
        error: last.error,
      };
      if (Object.keys(last.metrics).length > 0) {
        await this.environment.store.appendStepMetrics(stepRun.id, last.metrics);
      }
      await this.commitSteps([{ name: step.name, patch: { attempts: [...attempts] } }]);
      if (last.outcome === 'succeeded' || last.outcome === 'canceled' || signal.aborted) break;
    }
    const logs = await this.keepLogs(stepRun.id);
    const ended = this.now();
    const status =
      last?.outcome === 'succeeded'
        ? 'Completed'
        : last?.outcome === 'canceled' || !last
          ? 'Canceled'
          : 'Failed';
    await this.commitSteps([
      {
        name: step.name,
        patch: {
          status,
          exitCode: last?.exitCode ?? null,
          error: last?.error ?? null,
          tags: last?.tags ?? {},
          progress: last?.progress ? { ...last.progress } : null,
          logs,
          endTime: ended,
          durationMs: Date.parse(ended) - Date.parse(started),
        },
      },
    ]);
  }

  private async findReuse(
    step: MlStep,
    key: string,
    components: ReuseComponents,
  ): Promise<{ kind: 'reused'; source: MlStepRunRecord } | { kind: 'rerun'; reason: string }> {
    if (!step.allowReuse) return { kind: 'rerun', reason: 'allow_reuse is false for this step' };
    if (this.run.regenerateOutputs) {
      return { kind: 'rerun', reason: 'the run was submitted with RegenerateOutputs' };
    }
    if (this.pipeline.settings.forceRerun) {
      return { kind: 'rerun', reason: 'the pipeline sets force_rerun' };
    }
    const { store, datastores } = this.environment;
    const source = await store.findReusableStepRun(key);
    if (source !== undefined) {
      for (const [name, dataPath] of Object.entries(source.outputs)) {
        const datastore = datastores.find(dataPath.datastore);
        if (datastore === undefined || !(await datastore.exists(dataPath.path))) {
          return {
            kind: 'rerun',
            reason: `output "${name}" of the matching run ${source.reusedFromRunId ?? source.runId} is gone from ${dataPath.datastore}/${dataPath.path}`,
          };
        }
      }
      return { kind: 'reused', source };
    }
    const previous = await store.findPreviousStepRun(this.run.pipelineName, step.name, this.run.id);
    return { kind: 'rerun', reason: describeChanges(components, previous) };
  }

  /** Uploads the step's log folder to the default datastore; returns stream → data path. */
  private async keepLogs(
    stepRunId: string,
  ): Promise<Record<string, { datastore: string; path: string }>> {
    const datastoreName = this.pipeline.settings.defaultDatastore ?? WORKSPACE_BLOB_STORE;
    const datastore = this.environment.datastores.find(datastoreName);
    if (datastore === undefined) return {};
    const prefix = `azureml/ExperimentRun/dcid.${stepRunId}/logs`;
    try {
      const files = await datastore.collect(
        join(this.environment.logRoot, this.run.id, stepRunId),
        prefix,
      );
      return Object.fromEntries(
        files.map((file) => [
          file.path.slice(prefix.length + 1).replace(/\.txt$/, ''),
          { datastore: datastoreName, path: file.path },
        ]),
      );
    } catch {
      // The live log stays readable where it was written.
      return {};
    }
  }

  private runError(status: 'Completed' | 'Failed' | 'Canceled'): MlRunError | null {
    if (status === 'Completed') return null;
    if (status === 'Canceled') {
      return {
        code: 'ML_RUN_CANCELED',
        message: `Run ${this.run.id} was canceled.`,
        failureType: 'UserError',
      };
    }
    const failed = this.pipeline.stepOrder
      .map((name) => this.steps.get(name))
      .filter((stepRun): stepRun is MlStepRunRecord => stepRun?.status === 'Failed');
    const first = failed[0];
    return {
      code: first?.error?.code ?? 'STEP_SYSTEM_ERROR',
      message: `Step${failed.length > 1 ? 's' : ''} ${failed.map((stepRun) => `"${stepRun.stepName}"`).join(', ')} failed${first?.error ? `: ${first.error.message}` : ''}`,
      failureType: first?.error?.failureType ?? 'UserError',
      details: failed.map((stepRun) => ({
        step: stepRun.stepName,
        stepRunId: stepRun.id,
        ...(stepRun.error ? { code: stepRun.error.code, message: stepRun.error.message } : {}),
      })),
    };
  }

  private async finish(
    status: MlRunRecord['status'],
    error: MlRunError | null,
  ): Promise<MlRunRecord> {
    await this.patchRun({
      status,
      endTime: this.now(),
      error,
      cancelRequested: this.cancelRequested,
    });
    return this.run;
  }

  private async patchRun(patch: MlRunPatch): Promise<void> {
    const at = this.now();
    await this.environment.store.commitMlRun({ at, runId: this.run.id, runPatch: patch });
    this.run = { ...this.run, ...patch, lastModified: at };
    this.environment.onRunChange?.(this.run);
  }

  private async commitSteps(
    changes: readonly { readonly name: string; readonly patch: MlStepRunPatch }[],
  ): Promise<void> {
    if (changes.length === 0) return;
    const at = this.now();
    await this.environment.store.commitMlRun({
      at,
      runId: this.run.id,
      updateStepRuns: changes.map(({ name, patch }) => ({ id: this.stepRun(name).id, patch })),
    });
    for (const { name, patch } of changes) {
      this.steps.set(name, { ...this.stepRun(name), ...patch });
    }
  }

  private step(name: string): MlStep {
    const step = this.pipeline.steps.find((candidate) => candidate.name === name);
    if (step === undefined) throw new Error(`Step ${name} is not in the published pipeline.`);
    return step;
  }

  private stepRun(name: string): MlStepRunRecord {
    const stepRun = this.steps.get(name);
    if (stepRun === undefined) throw new Error(`Run ${this.run.id} has no step run for ${name}.`);
    return stepRun;
  }

  private now(): string {
    return this.environment.clock().toISOString();
  }
}

/** Waits, unless aborted first; true when the full delay passed. */
function abortableDelay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
