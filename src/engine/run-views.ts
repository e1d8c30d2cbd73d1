/**
 * Runs as users and the API see them: ADF's field names, secure values masked. Secrets stay in the
 * store (a resumed run needs them) but never leave through these views.
 */
import type { JsonObject, JsonValue, Pipeline } from '../factory/resources.js';
import type { ActivityError, ActivityRunRecord, PipelineRunRecord } from '../store/store.js';

export const MASKED = '**********';

export interface ActivityRunView {
  readonly activityRunId: string;
  readonly pipelineRunId: string;
  readonly activityName: string;
  readonly activityType: string;
  readonly scope: string;
  readonly attempt: number;
  readonly status: ActivityRunRecord['status'];
  readonly activityRunStart: string;
  readonly activityRunEnd: string | null;
  readonly durationInMs: number | null;
  readonly input: JsonValue;
  readonly output: JsonValue;
  readonly error: ActivityError | null;
  readonly childRunId?: string;
  readonly copiedFromActivityRunId?: string;
}

export interface PipelineRunView {
  readonly runId: string;
  readonly runGroupId: string;
  readonly isLatest: boolean;
  readonly pipelineName: string;
  readonly parameters: JsonObject;
  readonly invokedBy: PipelineRunRecord['invokedBy'];
  readonly runStart: string;
  readonly runEnd: string | null;
  readonly durationInMs: number | null;
  readonly status: PipelineRunRecord['status'];
  readonly message: string;
  readonly lastUpdated: string;
  readonly output: JsonValue;
  readonly parentRunId: string | null;
  readonly referencePipelineRunId: string | null;
}

export function activityRunView(record: ActivityRunRecord): ActivityRunView {
  const state = record.state as { secureInput?: boolean; secureOutput?: boolean };
  return {
    activityRunId: record.activityRunId,
    pipelineRunId: record.pipelineRunId,
    activityName: record.activityName,
    activityType: record.activityType,
    scope: record.scope,
    attempt: record.attempt,
    status: record.status,
    activityRunStart: record.activityRunStart,
    activityRunEnd: record.activityRunEnd,
    durationInMs: record.durationInMs,
    input: state.secureInput ? MASKED : record.input,
    output: state.secureOutput && record.output !== null ? MASKED : record.output,
    error: record.error,
    ...(record.childRunId ? { childRunId: record.childRunId } : {}),
    ...(record.copiedFromActivityRunId
      ? { copiedFromActivityRunId: record.copiedFromActivityRunId }
      : {}),
  };
}

/** `pipeline` is the run's parsed definition, which says which parameters are SecureString. */
export function pipelineRunView(run: PipelineRunRecord, pipeline: Pipeline): PipelineRunView {
  const parameters: JsonObject = {};
  for (const [name, value] of Object.entries(run.parameters)) {
    parameters[name] = pipeline.parameters[name]?.type === 'SecureString' ? MASKED : value;
  }
  return {
    runId: run.runId,
    runGroupId: run.runGroupId,
    isLatest: run.isLatest,
    pipelineName: run.pipelineName,
    parameters,
    invokedBy: run.invokedBy,
    runStart: run.runStart,
    runEnd: run.runEnd,
    durationInMs: run.durationInMs,
    status: run.status,
    message: run.message,
    lastUpdated: run.lastUpdated,
    output: run.output,
    parentRunId: run.parentRunId,
    referencePipelineRunId: run.referencePipelineRunId,
  };
}
