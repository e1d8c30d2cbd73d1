/**
 * What a run's page derives from its activity runs: the canvas's status per activity (its latest
 * attempt), the ML run an AzureMLExecutePipeline activity started (from its output), the child
 * run an ExecutePipeline activity started, and short texts for parameters. Pure.
 */
import type { ActivityRun, Json, JsonObject } from '../api/factory-api.js';

/** What the server sends instead of a secret (SecureString parameters, secure input/output). */
export const MASKED = '**********';

export function isMasked(value: unknown): boolean {
  return value === MASKED;
}

export interface ActivityMark {
  readonly status: string;
  readonly durationMs?: number;
}

/** By activity name: the status and duration of its latest activity run (latest start, attempt). */
export function activityMarks(
  runs: readonly ActivityRun[],
  now: number,
): Record<string, ActivityMark> {
  const latest = new Map<string, ActivityRun>();
  for (const run of runs) {
    const seen = latest.get(run.activityName);
    if (seen === undefined || isLater(run, seen)) latest.set(run.activityName, run);
  }
  const marks: Record<string, ActivityMark> = {};
  for (const [name, run] of latest) {
    const durationMs = durationOf(run, now);
    marks[name] = { status: run.status, ...(durationMs === undefined ? {} : { durationMs }) };
  }
  return marks;
}

function attemptOf(run: ActivityRun): number {
  return typeof run['attempt'] === 'number' ? run['attempt'] : 1;
}

function isLater(run: ActivityRun, than: ActivityRun): boolean {
  const start = run.activityRunStart ?? '';
  const thanStart = than.activityRunStart ?? '';
  if (start !== thanStart) return start > thanStart;
  return attemptOf(run) > attemptOf(than);
}

/** The run's duration, counting to `now` while it runs. */
export function durationOf(
  run: { durationInMs?: number | null; activityRunStart?: string; activityRunEnd?: string | null },
  now: number,
): number | undefined {
  if (typeof run.durationInMs === 'number') return run.durationInMs;
  const start = run.activityRunStart === undefined ? Number.NaN : Date.parse(run.activityRunStart);
  if (!Number.isFinite(start)) return undefined;
  const end =
    run.activityRunEnd === undefined || run.activityRunEnd === null
      ? now
      : Date.parse(run.activityRunEnd);
  return Number.isFinite(end) ? Math.max(0, end - start) : undefined;
}

/** A pipeline run's duration, counting to `now` while it runs. */
export function pipelineRunDuration(
  run: { durationInMs?: number | null; runStart?: string; runEnd?: string | null },
  now: number,
): number | undefined {
  return durationOf(
    {
      durationInMs: run.durationInMs ?? null,
      ...(run.runStart === undefined ? {} : { activityRunStart: run.runStart }),
      activityRunEnd: run.runEnd ?? null,
    },
    now,
  );
}

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: Json | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export interface MlStepSummary {
  readonly name: string;
  readonly status: string;
  readonly durationMs?: number;
  readonly reused: boolean;
}

export interface MlRunSummary {
  readonly runId: string;
  /** Where the ML run lives as the activity saw it (an Azure portal or Millrace address). */
  readonly runUrl?: string;
  readonly status?: string;
  readonly experimentName?: string;
  readonly steps: readonly MlStepSummary[];
}

export const AZURE_ML_ACTIVITY_TYPE = 'AzureMLExecutePipeline';
export const EXECUTE_PIPELINE_ACTIVITY_TYPE = 'ExecutePipeline';

/** The ML run an AzureMLExecutePipeline activity run started, from its output (or error details). */
export function mlRunOf(run: ActivityRun): MlRunSummary | undefined {
  if (run.activityType !== AZURE_ML_ACTIVITY_TYPE || !isRecord(run.output)) return undefined;
  const output = run.output;
  const runId = text(output['runId']) ?? text(output['mlPipelineRunId']);
  if (runId === undefined) return undefined;
  const runUrl = text(output['runUrl']);
  const status = text(output['runStatus']) ?? text(output['status']);
  const experimentName = text(output['experimentName']);
  const steps = Array.isArray(output['stepRuns'])
    ? output['stepRuns'].filter(isRecord).map((step) => ({
        name: text(step['name']) ?? '(unnamed step)',
        status: text(step['status']) ?? 'Unknown',
        ...(typeof step['durationMs'] === 'number' ? { durationMs: step['durationMs'] } : {}),
        reused: step['reused'] === true,
      }))
    : [];
  return {
    runId,
    ...(runUrl === undefined ? {} : { runUrl }),
    ...(status === undefined ? {} : { status }),
    ...(experimentName === undefined ? {} : { experimentName }),
    steps,
  };
}

/** The in-app page of an ML run. */
export function mlRunPath(runId: string): string {
  return `/ml/runs/${encodeURIComponent(runId)}`;
}

/** The pipeline run an ExecutePipeline activity run started. */
export function childRunOf(
  run: ActivityRun,
): { readonly runId: string; readonly pipelineName?: string } | undefined {
  const output = isRecord(run.output) ? run.output : {};
  const runId =
    text(output['pipelineRunId']) ??
    (typeof run['childRunId'] === 'string' ? run['childRunId'] : undefined);
  if (runId === undefined) return undefined;
  const pipelineName = text(output['pipelineName']);
  return { runId, ...(pipelineName === undefined ? {} : { pipelineName }) };
}

/** Parameters as one short line: `a=1, b=x, c=…` (secrets stay masked). */
export function parametersSummary(
  parameters: Readonly<Record<string, unknown>> | undefined,
  maxLength = 80,
): string {
  if (parameters === undefined) return '';
  const line = Object.entries(parameters)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}

/** A value as the parameters table shows it. */
export function displayValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The activities of the pipeline a run executed (`{properties: {activities}}`). */
export function definitionActivities(definition: {
  readonly properties: Readonly<Record<string, unknown>>;
}): JsonObject[] {
  const activities = definition.properties['activities'];
  return Array.isArray(activities) ? activities.filter(isRecord) : [];
}
