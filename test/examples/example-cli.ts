/**
 * What the example tests share: a fresh Millrace home whose steps install their npm dependencies
 * into one cache per machine, `millrace run <example> --pipeline … --json` with its pipeline run
 * parsed, and the activity runs read from it.
 */
import { fileURLToPath } from 'node:url';
import { createMlCliHome, type MlCliHome, type Outcome } from '../cli/ml-cli-harness.js';

/** Shared by every example test, so each step's npm dependencies install once per machine. */
export const NODE_ENVIRONMENTS = fileURLToPath(
  new URL('../../node_modules/.cache/millrace-environments', import.meta.url),
);

/** A cold environment cache installs the steps' packages from the registry first. */
export const RUN_TIMEOUT_MS = 180_000;

export interface ActivityRunJson {
  readonly activityName: string;
  readonly activityRunId: string;
  readonly status: string;
  readonly output: Record<string, unknown> | null;
  readonly error: {
    readonly errorCode: string;
    readonly message: string;
    readonly details?: { readonly failedSteps?: readonly Record<string, unknown>[] };
  } | null;
}

export interface PipelineRunJson {
  readonly runId: string;
  readonly status: string;
  readonly output: Record<string, unknown> | null;
  readonly activityRuns: readonly ActivityRunJson[];
}

export interface FactoryRunOutcome extends Outcome {
  readonly run: PipelineRunJson;
  /** The pipeline's return value (`{}` when it has none). */
  readonly output: Record<string, unknown>;
}

/** A fresh Millrace home whose steps use the shared environment cache. */
export function openExampleHome(): Promise<MlCliHome> {
  return createMlCliHome({ MILLRACE_NODE_ENVIRONMENTS: NODE_ENVIRONMENTS });
}

/** `millrace run <folder> --pipeline <pipeline> --json --param …`, its run parsed. */
export async function runFactoryPipeline(
  cli: MlCliHome,
  folder: string,
  pipeline: string,
  params: readonly string[],
): Promise<FactoryRunOutcome> {
  const outcome = await cli.millrace([
    'run',
    folder,
    '--pipeline',
    pipeline,
    '--json',
    ...params.flatMap((param) => ['--param', param]),
  ]);
  const run = JSON.parse(outcome.stdout) as PipelineRunJson;
  return { ...outcome, run, output: run.output ?? {} };
}

export function activityRun(run: PipelineRunJson, name: string): ActivityRunJson {
  const found = run.activityRuns.find((candidate) => candidate.activityName === name);
  if (found === undefined) throw new Error(`no activity run ${name} in ${JSON.stringify(run)}`);
  return found;
}
