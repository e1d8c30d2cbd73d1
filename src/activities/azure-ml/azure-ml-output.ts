/**
 * The activity's output (our design; ADF documents none) and the details of a failed ML run:
 * the failed steps' errors and the tails of their logs, which Data Factory leaves out.
 */
import type { JsonObject, JsonValue } from '../../factory/resources.js';
import type { MlRunDetails, MlWorkspace } from '../../ml/workspace/ml-workspace.js';
import type { MlDataPathValue, MlStepRunRecord } from '../../store/ml-store.js';

/** How many characters of a failed step's stderr the details quote. */
const LOG_TAIL_CHARS = 2000;

function dataPathJson(path: MlDataPathValue): JsonObject {
  return { DataStoreName: path.datastore, RelativePath: path.path };
}

function dataPathsJson(paths: Readonly<Record<string, MlDataPathValue>>): JsonObject {
  return Object.fromEntries(
    Object.entries(paths).map(([name, path]) => [name, dataPathJson(path)]),
  );
}

/** The last value logged for each metric (a metric logged once per epoch ends at its last). */
function latestMetrics(step: MlStepRunRecord): JsonObject {
  const latest: JsonObject = {};
  for (const [name, values] of Object.entries(step.metrics)) {
    const last = values.at(-1);
    if (last !== undefined) latest[name] = last.value as JsonValue;
  }
  return latest;
}

function secondsBetween(start: string | null, end: string | null): number | null {
  if (start === null || end === null) return null;
  return Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / 1000));
}

export function azureMlOutput(details: MlRunDetails, runUrl: string): JsonObject {
  const { run, steps } = details;
  return {
    runId: run.id,
    runStatus: run.status,
    runUrl,
    experimentName: run.experimentName,
    mlPipelineId: run.pipelineId,
    mlPipelineEndpointId: run.pipelineEndpointId,
    version: run.endpointVersion,
    parameterAssignments: { ...run.parameters },
    dataPathAssignments: dataPathsJson(run.dataPaths),
    tags: { ...run.tags },
    executionDuration: secondsBetween(run.startTime, run.endTime),
    stepRuns: steps.map((step) => ({
      name: step.stepName,
      runId: step.id,
      status: step.status,
      reused: step.reused,
      reusedFromRunId: step.reusedFromRunId,
      durationMs: step.durationMs,
      outputs: dataPathsJson(step.outputs),
      metrics: latestMetrics(step),
    })),
    mlPipelineRunId: run.id,
    status: run.status,
  };
}

/**
 * The steps that failed, each with the tail of its stderr; for a run canceled without a failed
 * step, the steps the cancel stopped. Steps skipped because an upstream failed are left out.
 */
export async function failedStepDetails(
  workspace: MlWorkspace,
  details: MlRunDetails,
): Promise<JsonValue[]> {
  const failedSteps = details.steps.filter((step) => step.status === 'Failed');
  const failed =
    failedSteps.length > 0
      ? failedSteps
      : details.steps.filter((step) => step.status === 'Canceled' && step.startTime !== null);
  return Promise.all(
    failed.map(async (step) => ({
      step: step.stepName,
      status: step.status,
      errorCode: step.error?.code ?? null,
      message: step.error?.message ?? null,
      logTail: await logTail(workspace, details.run.id, step.stepName),
    })),
  );
}

async function logTail(
  workspace: MlWorkspace,
  runId: string,
  step: string,
): Promise<string | null> {
  try {
    const log = await workspace.readStepLog(runId, step, 'stderr');
    return log.length > LOG_TAIL_CHARS ? `…${log.slice(-LOG_TAIL_CHARS)}` : log;
  } catch {
    // A log that cannot be read must not hide the run's failure.
    return null;
  }
}
