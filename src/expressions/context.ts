/**
 * What an expression can see. The engine builds one per evaluation scope (pipeline run, activity,
 * ForEach iteration); every value in it is already an expression {@link Value} (see `fromJson`).
 */
import type { Value, ValueObject } from './values.js';

export interface EvaluationContext {
  /**
   * `pipeline()`: `DataFactory`, `Pipeline`, `RunId`, `TriggerType`, `TriggerId`, `TriggerName`,
   * `TriggerTime`, `GroupId`, `parameters`, `globalParameters`.
   */
  readonly pipeline?: ValueObject;
  /** `variables('name')`. */
  readonly variables?: ValueObject;
  /** `activity('name')`: each entry holds the activity's `output`, `error`, `status` and so on. */
  readonly activities?: ValueObject;
  /** `item()`; `undefined` outside ForEach and Filter, where `item()` is an error. */
  readonly item?: Value;
  /** `trigger()`: `startTime`, `scheduledTime`, `outputs` … of the trigger that started the run. */
  readonly trigger?: ValueObject;
  /** `linkedService()`: the parameters of the linked service being resolved. */
  readonly linkedService?: ValueObject;
  /** `dataset()`: the parameters of the dataset being resolved. */
  readonly dataset?: ValueObject;
  /** A fixed instant (ISO 8601) for `utcNow()`; the real clock when absent. */
  readonly now?: string;
  /** Source of `rand()`, a number in [0, 1) (Default: `Math.random`). */
  readonly random?: () => number;
  /** Source of `guid()` (Default: `crypto.randomUUID`). */
  readonly newGuid?: () => string;
}

export const EMPTY_CONTEXT: EvaluationContext = Object.freeze({});
