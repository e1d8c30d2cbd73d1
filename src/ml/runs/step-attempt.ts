/**
 * One attempt of one step as real processes: a working folder, data inputs materialised from
 * their datastores, empty output folders, the command or batch run, outputs collected into their
 * datastores, logs kept. Returns what happened as data; never throws for a step's failure.
 */
import { mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parse as parseShellWords } from 'shell-quote';
import type { DatastoreRegistry } from '../datastores/datastore-registry.js';
import { isDatastoreError } from '../datastores/datastore-error.js';
import { StepErrorCodes, type StepErrorCode } from '../steps/step-errors.js';
import type { MlMetricValue, MlRunError } from '../../store/ml-store.js';
import type { MlStep } from '../ml-pipeline-definition.js';
import type {
  CommandStepLaunch,
  CommandStepResult,
  ParallelProgress,
  ParallelStepLaunch,
  ParallelStepResult,
  StepMetric,
  StepOutcome,
} from '../steps/step-launch.js';
import {
  literalText,
  placeholderEnvironment,
  substitutePlaceholders,
  type ResolvedStepInput,
  type ResolvedStepOutput,
} from './step-bindings.js';

export interface StepRunners {
  command(launch: CommandStepLaunch): Promise<CommandStepResult>;
  parallel(launch: ParallelStepLaunch): Promise<ParallelStepResult>;
}

export interface StepAttemptRequest {
  readonly runId: string;
  readonly stepRunId: string;
  readonly step: MlStep;
  readonly attempt: number;
  readonly inputs: readonly ResolvedStepInput[];
  readonly outputs: readonly ResolvedStepOutput[];
  /** The step's code snapshot folder, if it has code. */
  readonly codeFolder?: string;
  readonly workFolder: string;
  readonly logFolder: string;
  readonly baseEnvironment: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  /** Called when the process is about to start and when outputs are being collected. */
  readonly onPhase: (phase: 'Running' | 'Finalizing') => Promise<void>;
  readonly onProgress?: (progress: ParallelProgress) => void;
}

export interface StepAttemptResult {
  readonly outcome: StepOutcome;
  readonly exitCode: number | null;
  readonly error: MlRunError | null;
  readonly metrics: Readonly<Record<string, readonly MlMetricValue[]>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly progress: ParallelProgress | null;
}

export async function runStepAttempt(
  request: StepAttemptRequest,
  datastores: DatastoreRegistry,
  runners: StepRunners,
): Promise<StepAttemptResult> {
  const { step, workFolder } = request;
  await rm(workFolder, { recursive: true, force: true });
  await mkdir(join(workFolder, 'run'), { recursive: true });
  await mkdir(request.logFolder, { recursive: true });
  let phase: 'inputs' | 'outputs' = 'inputs';
  try {
    const inputPaths = new Map<string, string>();
    for (const input of request.inputs) {
      if (input.kind === 'value') {
        inputPaths.set(input.name, literalText(input.value));
        continue;
      }
      const datastore = datastores.get(input.dataPath.datastore);
      const status = await datastore.stat(input.dataPath.path);
      if (status.kind === 'missing') {
        return failedBeforeStart(
          'STEP_INPUT_MISSING',
          `Input "${input.name}" of step "${step.name}" reads ${input.dataPath.datastore}/${input.dataPath.path}, which does not exist. Upload the data there or assign another data path.`,
        );
      }
      const local = await datastore.materialize(
        input.dataPath.path,
        join(workFolder, 'inputs', input.name),
      );
      inputPaths.set(input.name, local);
    }
    const outputPaths = new Map<string, string>();
    for (const output of request.outputs) {
      const folder = join(workFolder, 'outputs', output.name);
      await mkdir(folder, { recursive: true });
      outputPaths.set(
        output.name,
        output.type === 'uri_file' ? join(folder, basename(output.dataPath.path)) : folder,
      );
    }
    const values = { inputs: inputPaths, outputs: outputPaths };
    const environment = {
      ...request.baseEnvironment,
      ...step.environmentVariables,
      ...placeholderEnvironment(values),
      MILLRACE_RUN_ID: request.runId,
      MILLRACE_STEP_RUN_ID: request.stepRunId,
      MILLRACE_STEP_NAME: step.name,
    };
    const common = {
      stepRunId: request.stepRunId,
      stepName: step.name,
      workingFolder: join(workFolder, 'run'),
      ...(request.codeFolder === undefined ? {} : { codeFolder: request.codeFolder }),
      logFolder: request.logFolder,
      environment,
      signal: request.signal,
    };
    await request.onPhase('Running');
    let result: StepAttemptResult;
    if (step.type === 'command') {
      const outcome = await runners.command({
        ...common,
        command: substitutePlaceholders(step.command, values),
        ...(step.timeoutSeconds === undefined ? {} : { timeoutSeconds: step.timeoutSeconds }),
      });
      result = {
        outcome: outcome.outcome,
        exitCode: outcome.exitCode,
        error: outcome.failure && { ...outcome.failure },
        metrics: groupMetrics(outcome.metrics),
        tags: outcome.tags,
        progress: null,
      };
    } else {
      const inputPath = inputPaths.get(step.inputData);
      if (inputPath === undefined) {
        return failedBeforeStart(
          'STEP_INPUT_MISSING',
          `Step "${step.name}" partitions input "${step.inputData}", which has no data in this run.`,
        );
      }
      const appendTo =
        step.appendRowTo ?? (step.outputs.length === 1 ? step.outputs[0]?.name : undefined);
      const appendFolder = appendTo === undefined ? undefined : outputPaths.get(appendTo);
      const outcome = await runners.parallel({
        ...common,
        entryScript: step.entryScript,
        programArguments: shellWords(substitutePlaceholders(step.programArguments, values)),
        input: {
          kind: step.miniBatchSize.unit === 'files' ? 'files' : 'table',
          path: inputPath,
        },
        miniBatchSize: step.miniBatchSize,
        workerCount: step.instanceCount * step.maxConcurrencyPerInstance,
        runMaxTry: step.runMaxTry,
        runInvocationTimeoutSeconds: step.runInvocationTimeoutSeconds,
        errorThreshold: step.errorThreshold,
        allowedFailedCount: step.allowedFailedCount,
        allowedFailedPercent: step.allowedFailedPercent,
        outputAction: step.outputAction,
        ...(step.outputAction === 'append_row' && appendFolder !== undefined
          ? { appendRowFile: join(appendFolder, step.appendRowFileName) }
          : {}),
        loggingLevel: step.loggingLevel,
        ...(step.timeoutSeconds === undefined ? {} : { timeoutSeconds: step.timeoutSeconds }),
        ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
      });
      result = {
        outcome: outcome.outcome,
        exitCode: null,
        error: outcome.failure && {
          ...outcome.failure,
          ...(outcome.errors.length > 0
            ? { details: outcome.errors.map((error) => ({ ...error })) }
            : {}),
        },
        metrics: groupMetrics(outcome.metrics),
        tags: outcome.tags,
        progress: outcome.progress,
      };
    }
    if (result.outcome !== 'succeeded') return result;
    phase = 'outputs';
    await request.onPhase('Finalizing');
    for (const output of request.outputs) {
      const local = join(workFolder, 'outputs', output.name);
      const target =
        output.type === 'uri_file' ? dirname(output.dataPath.path) : output.dataPath.path;
      // The working folder goes once the attempt ends: its outputs may be moved, not copied.
      await datastores.get(output.dataPath.datastore).collect(local, target, { move: true });
    }
    return result;
  } catch (error) {
    if (!isDatastoreError(error)) throw error;
    return phase === 'inputs'
      ? failedBeforeStart(
          'STEP_INPUT_UNAVAILABLE',
          `Reading the step's inputs failed: ${error.message}`,
        )
      : failedBeforeStart(
          'STEP_OUTPUT_FAILED',
          `Writing the step's outputs failed: ${error.message}`,
        );
  } finally {
    await rm(workFolder, { recursive: true, force: true });
  }
}

function failedBeforeStart(code: StepErrorCode, message: string): StepAttemptResult {
  return {
    outcome: 'failed',
    exitCode: null,
    error: {
      code,
      message,
      failureType: StepErrorCodes[code].failureType,
    },
    metrics: {},
    tags: {},
    progress: null,
  };
}

function groupMetrics(metrics: readonly StepMetric[]): Record<string, MlMetricValue[]> {
  const grouped: Record<string, MlMetricValue[]> = {};
  for (const metric of metrics) {
    (grouped[metric.name] ??= []).push({ value: metric.value, loggedAt: metric.loggedAt });
  }
  return grouped;
}

/** Splits program arguments like a shell, without running one (no globbing, no variables). */
function shellWords(text: string): string[] {
  return parseShellWords(text, (name) => `$${name}`).map((word) =>
    typeof word === 'string' ? word : 'op' in word ? word.op : String(word),
  );
}
