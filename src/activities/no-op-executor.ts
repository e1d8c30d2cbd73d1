/**
 * Millrace's `NoOp` activity, for tests and examples: it does no outside work, waits if asked,
 * and succeeds with the output it is given or fails as it is told to.
 */
import type { JsonValue } from '../factory/resources.js';
import type {
  ActivityExecutionRequest,
  ActivityExecutionResult,
  ActivityExecutor,
} from './activity-executor.js';
import { activityFailure } from './activity-executor.js';
import { abortableDelay } from '../processes/abortable-delay.js';
import { cancelledResult, guardExecution } from './execution-guard.js';
import { optionalCount, optionalObject, optionalString } from './type-properties.js';

/**
 * typeProperties:
 * - `output`: any JSON, the activity's output (Default: `{}`);
 * - `durationInMs`: how long to wait before finishing; abortable (Default: 0);
 * - `fail`: `{ errorCode, message }` to fail with (Default: never fail; errorCode NOOP_FAILED);
 * - `failAttempts`: fail the first N attempts, then succeed, to exercise retries (Default: with
 *   `fail` every attempt fails, without it none does).
 */
export class NoOpExecutor implements ActivityExecutor {
  readonly type = 'NoOp';

  execute(request: ActivityExecutionRequest): Promise<ActivityExecutionResult> {
    return guardExecution(request, async () => {
      const { input } = request;
      const output: JsonValue = input['output'] ?? {};
      const durationInMs = optionalCount(input, 'durationInMs') ?? 0;
      const fail = optionalObject(input, 'fail');
      const errorCode = fail === undefined ? undefined : optionalString(fail, 'errorCode');
      const message = fail === undefined ? undefined : optionalString(fail, 'message');
      const failAttempts = optionalCount(input, 'failAttempts');

      if (durationInMs > 0 && !(await abortableDelay(durationInMs, request.signal)))
        return cancelledResult(request);

      const fails =
        failAttempts === undefined ? fail !== undefined : request.attempt <= failAttempts;
      if (!fails) return { status: 'Succeeded', output };
      const defaultMessage =
        failAttempts === undefined
          ? `NoOp activity '${request.activity.name}' failed because its typeProperties.fail says so.`
          : `NoOp activity '${request.activity.name}' failed attempt ${request.attempt} because failAttempts is ${failAttempts}; attempt ${failAttempts + 1} will succeed.`;
      return {
        ...activityFailure(
          errorCode ?? 'NOOP_FAILED',
          message ?? defaultMessage,
          request.activity.name,
        ),
        ...(input['output'] === undefined ? {} : { output }),
      };
    });
  }
}
