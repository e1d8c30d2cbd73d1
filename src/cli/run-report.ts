/** What `millrace run --json` and `millrace runs show --json` print. */
import { activityRunView, pipelineRunView, type ActivityRunView } from '../engine/run-views.js';
import type { JsonValue } from '../factory/resources.js';
import type { PipelineRunRecord, RunStore } from '../store/store.js';
import { parseStoredPipeline } from './engine-setup.js';

export interface RunReport {
  readonly runId: string;
  readonly pipelineName: string;
  readonly status: PipelineRunRecord['status'];
  readonly message: string;
  /** The pipeline's return value (`pipelineReturnValue`). */
  readonly output: JsonValue;
  readonly runStart: string;
  readonly runEnd: string | null;
  readonly durationInMs: number | null;
  readonly parameters: JsonValue;
  /** Every activity run of this run, nested and retried ones included, in start order. */
  readonly activityRuns: readonly ActivityRunView[];
  /** Runs started by its ExecutePipeline activities, with their own activity runs. */
  readonly childRuns: readonly RunReport[];
}

export async function buildRunReport(store: RunStore, run: PipelineRunRecord): Promise<RunReport> {
  const view = pipelineRunView(run, parseStoredPipeline(run.definition));
  const activityRuns = (await store.listActivityRuns(run.runId)).map(activityRunView);
  const childRuns = await Promise.all(
    (await store.listChildRuns(run.runId)).map((child) => buildRunReport(store, child)),
  );
  return {
    runId: run.runId,
    pipelineName: run.pipelineName,
    status: run.status,
    message: run.message,
    output: run.output,
    runStart: run.runStart,
    runEnd: run.runEnd,
    durationInMs: run.durationInMs,
    parameters: view.parameters,
    activityRuns,
    childRuns,
  };
}
