/**
 * The port through which the engine runs execution activities (Custom, WebActivity, the ML
 * activity…): one executor per activity `type`, found in an {@link ActivityExecutorRegistry}.
 * Executors get resolved input (every expression already evaluated) and report a result as data;
 * they never throw for an activity failure.
 */
import type { Activity, JsonObject, JsonValue } from '../factory/resources.js';
import type { ActivityError } from '../store/store.js';

export interface ActivityExecutionRequest {
  readonly activity: Activity;
  /** `typeProperties` with every expression evaluated. */
  readonly input: JsonObject;
  /** The activity's linked service with its properties resolved (secrets included), if it has one. */
  readonly linkedService?: {
    readonly name: string;
    readonly type: string;
    readonly typeProperties: JsonObject;
  };
  /** The name of the pipeline the activity belongs to. */
  readonly pipelineName: string;
  readonly pipelineRunId: string;
  readonly activityRunId: string;
  readonly attempt: number;
  /** Aborted on cancel or timeout; executors stop their work (processes, requests) promptly. */
  readonly signal: AbortSignal;
}

export type ActivityExecutionResult =
  | { readonly status: 'Succeeded'; readonly output: JsonValue }
  | { readonly status: 'Failed'; readonly error: ActivityError; readonly output?: JsonValue };

export interface ActivityExecutor {
  /** The ADF activity type it runs, e.g. `Custom`, `WebActivity`. */
  readonly type: string;
  execute(request: ActivityExecutionRequest): Promise<ActivityExecutionResult>;
}

export class ActivityExecutorRegistry {
  private readonly executors = new Map<string, ActivityExecutor>();

  constructor(executors: readonly ActivityExecutor[] = []) {
    for (const executor of executors) this.register(executor);
  }

  register(executor: ActivityExecutor): this {
    const key = executor.type.toLowerCase();
    if (this.executors.has(key))
      throw new Error(`an executor for activity type ${executor.type} is already registered`);
    this.executors.set(key, executor);
    return this;
  }

  /** Activity types ignore case in ADF. */
  get(type: string): ActivityExecutor | undefined {
    return this.executors.get(type.toLowerCase());
  }

  types(): readonly string[] {
    return [...this.executors.values()].map((executor) => executor.type);
  }
}

/** A failed result, for executors' convenience. */
export function activityFailure(
  errorCode: string,
  message: string,
  target: string,
  failureType: ActivityError['failureType'] = 'UserError',
  details?: JsonValue,
): ActivityExecutionResult {
  return {
    status: 'Failed',
    error: {
      errorCode,
      message,
      failureType,
      target,
      ...(details === undefined ? {} : { details }),
    },
  };
}
