/**
 * What a run execution needs from the engine that owns it: ports, clocks, and the services that
 * cross runs (child pipelines, linked services). Kept apart from `PipelineEngine` so that the two
 * do not import each other.
 */
import type {
  ActivityExecutionRequest,
  ActivityExecutorRegistry,
} from '../activities/activity-executor.js';
import type { EvaluationContext, Value } from '../expressions/index.js';
import type { Activity, JsonObject, Pipeline } from '../factory/resources.js';
import type {
  ActivityError,
  ActivityRunRecord,
  PipelineRunRecord,
  RunStore,
} from '../store/store.js';
import type { RunEvent } from './engine-ports.js';
import type { TransitionBuilder } from './transition-builder.js';

export interface EngineRuntime {
  readonly store: RunStore;
  readonly executors: ActivityExecutorRegistry;
  readonly cancelPollMs: number;
  parsePipeline(json: JsonObject): Pipeline;
  now(): number;
  isoNow(): string;
  newId(): string;
  emit(event: RunEvent): void;
  /** The value of `pipeline()` for a run. */
  pipelineValue(run: PipelineRunRecord): Value;
  hasPipeline(run: PipelineRunRecord, name: string): boolean;
  /** Builds (does not store) the child run an ExecutePipeline activity starts, or says why it cannot. */
  newChildRun(
    parent: PipelineRunRecord,
    activityRun: ActivityRunRecord,
    pipelineName: string,
    parameters: JsonObject,
  ): { readonly run: PipelineRunRecord } | { readonly error: Omit<ActivityError, 'target'> };
  /** Runs a stored child run to its end in this process. */
  runChild(runId: string): Promise<PipelineRunRecord>;
  /** Starts a stored child run without anyone waiting for it (ExecutePipeline without waitOnCompletion). */
  startDetached(runId: string): void;
  /** Asks a child run to stop, within the parent's transition. */
  cancelChild(runId: string, tx: TransitionBuilder): void;
  resolveLinkedService(
    run: PipelineRunRecord,
    activity: Activity,
    context: EvaluationContext,
  ): ActivityExecutionRequest['linkedService'];
}
