/**
 * What `millrace ml … --json` prints: workspace records as scripts want them. Runs carry their
 * steps with reuse, metrics (the last value logged per metric) and durations; published
 * pipelines leave out their stored definition, which only the workspace reads.
 */
import type { MlPublishResult, MlRunDetails } from '../ml/workspace/ml-workspace.js';
import type {
  MlDataPathValue,
  MlMetricValue,
  MlPipelineInterface,
  MlPublishedPipelineRecord,
  MlRunError,
  MlRunRecord,
  MlRunStatus,
  MlStepRunRecord,
} from '../store/ml-store.js';
import type { JsonObject } from '../factory/resources.js';

export interface MlStepView {
  readonly id: string;
  readonly name: string;
  readonly type: MlStepRunRecord['stepType'];
  readonly status: MlRunStatus;
  readonly reused: boolean;
  /** The run whose outputs this step took, when reused; else null. */
  readonly reusedFromRunId: string | null;
  /** Why the step ran instead of being reused; null when reused or never started. */
  readonly rerunReason: string | null;
  readonly attempt: number;
  /** The last value logged per metric. */
  readonly metrics: Readonly<Record<string, MlMetricValue['value']>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, MlDataPathValue>>;
  readonly progress: JsonObject | null;
  readonly exitCode: number | null;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly durationMs: number | null;
  readonly error: MlRunError | null;
}

export interface MlRunView {
  readonly id: string;
  readonly experimentName: string;
  readonly pipelineId: string;
  readonly pipelineName: string;
  readonly pipelineEndpointId: string | null;
  readonly endpointVersion: string | null;
  readonly description: string;
  readonly runSource: string;
  /** Azure ML's run-history vocabulary (NotStarted … Completed, Failed, Canceled). */
  readonly status: MlRunStatus;
  readonly parameters: MlRunRecord['parameters'];
  readonly dataPaths: MlRunRecord['dataPaths'];
  readonly continueOnStepFailure: boolean;
  readonly regenerateOutputs: boolean;
  readonly parentRunId: string | null;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly durationMs: number | null;
  readonly error: MlRunError | null;
}

export interface MlRunDetailsView extends MlRunView {
  readonly steps: readonly MlStepView[];
}

export interface MlPipelineView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly version: string;
  readonly status: MlPublishedPipelineRecord['status'];
  readonly snapshotHash: string;
  readonly interface: MlPipelineInterface;
  readonly continueOnStepFailure: boolean;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly lastModified: string;
}

export function lastMetricValues(
  metrics: MlStepRunRecord['metrics'],
): Readonly<Record<string, MlMetricValue['value']>> {
  const last: Record<string, MlMetricValue['value']> = {};
  for (const [name, values] of Object.entries(metrics)) {
    const value = values.at(-1);
    if (value !== undefined) last[name] = value.value;
  }
  return last;
}

export function mlStepView(step: MlStepRunRecord): MlStepView {
  return {
    id: step.id,
    name: step.stepName,
    type: step.stepType,
    status: step.status,
    reused: step.reused,
    reusedFromRunId: step.reusedFromRunId,
    rerunReason: step.rerunReason,
    attempt: step.attempt,
    metrics: lastMetricValues(step.metrics),
    tags: step.tags,
    outputs: step.outputs,
    progress: step.progress,
    exitCode: step.exitCode,
    startTime: step.startTime,
    endTime: step.endTime,
    durationMs: step.durationMs,
    error: step.error,
  };
}

export function mlRunView(run: MlRunRecord): MlRunView {
  return {
    id: run.id,
    experimentName: run.experimentName,
    pipelineId: run.pipelineId,
    pipelineName: run.pipelineName,
    pipelineEndpointId: run.pipelineEndpointId,
    endpointVersion: run.endpointVersion,
    description: run.description,
    runSource: run.runSource,
    status: run.status,
    parameters: run.parameters,
    dataPaths: run.dataPaths,
    continueOnStepFailure: run.continueOnStepFailure,
    regenerateOutputs: run.regenerateOutputs,
    parentRunId: run.parentRunId,
    tags: run.tags,
    createdBy: run.createdBy,
    createdAt: run.createdAt,
    startTime: run.startTime,
    endTime: run.endTime,
    durationMs: runDurationMs(run),
    error: run.error,
  };
}

export function mlRunDetailsView(details: MlRunDetails): MlRunDetailsView {
  return { ...mlRunView(details.run), steps: details.steps.map(mlStepView) };
}

export function mlPipelineView(pipeline: MlPublishedPipelineRecord): MlPipelineView {
  return {
    id: pipeline.id,
    name: pipeline.name,
    description: pipeline.description,
    version: pipeline.version,
    status: pipeline.status,
    snapshotHash: pipeline.snapshotHash,
    interface: pipeline.interface,
    continueOnStepFailure: pipeline.continueOnStepFailure,
    createdBy: pipeline.createdBy,
    createdAt: pipeline.createdAt,
    lastModified: pipeline.lastModified,
  };
}

/** The published pipeline, whether its snapshot was already stored, and its endpoint version. */
export function mlPublishView(result: MlPublishResult): JsonObject {
  return {
    ...(mlPipelineView(result.pipeline) as unknown as JsonObject),
    snapshotExisted: result.snapshotExisted,
    unchanged: result.unchanged === true,
    ...(result.endpoint
      ? {
          endpoint: {
            id: result.endpoint.id,
            name: result.endpoint.name,
            version: result.endpointVersion ?? null,
            defaultVersion: result.endpoint.defaultVersion,
          },
        }
      : {}),
  };
}

/** From start to end, or to now while the run goes on; null before it starts. */
export function runDurationMs(run: MlRunRecord, now = new Date()): number | null {
  if (run.startTime === null) return null;
  const end = run.endTime === null ? now : new Date(run.endTime);
  return Math.max(0, end.getTime() - new Date(run.startTime).getTime());
}
