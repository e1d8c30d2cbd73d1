/**
 * The boundary every built-in executor runs behind: whatever happens inside, the engine gets a
 * result as data. Expected failures (bad properties, HTTP errors…) keep their code, an abort becomes
 * ACTIVITY_CANCELLED, anything unexpected becomes ACTIVITY_EXECUTOR_FAILED (a bug).
 */
import type { JsonValue } from '../factory/resources.js';
import {
  activityFailure,
  type ActivityExecutionRequest,
  type ActivityExecutionResult,
} from './activity-executor.js';
import type { ActivityErrorCode } from './activity-error-codes.js';

/**
 * A failure an executor expects (a bad property, an HTTP error…), thrown inside the executor and
 * turned into a failed result by {@link guardExecution}; it never crosses the executor's boundary.
 */
export class ExpectedFailure {
  constructor(
    readonly code: ActivityErrorCode,
    readonly message: string,
    readonly failureType: 'UserError' | 'SystemError' = 'UserError',
  ) {}
}

export async function guardExecution(
  request: ActivityExecutionRequest,
  execute: () => Promise<ActivityExecutionResult>,
): Promise<ActivityExecutionResult> {
  try {
    if (request.signal.aborted) return cancelledResult(request);
    return await execute();
  } catch (error) {
    if (error instanceof ExpectedFailure)
      return activityFailure(error.code, error.message, request.activity.name, error.failureType);
    if (request.signal.aborted) return cancelledResult(request);
    const cause = error instanceof Error ? error.message : String(error);
    return activityFailure(
      'ACTIVITY_EXECUTOR_FAILED',
      `The ${request.activity.type} executor failed unexpectedly: ${cause}. This is a Millrace bug; please report it with the activity's definition.`,
      request.activity.name,
      'SystemError',
    );
  }
}

/** The result for an attempt stopped by its signal; the engine decides whether it is Cancelled or timed out. */
export function cancelledResult(
  request: ActivityExecutionRequest,
  output?: JsonValue,
): ActivityExecutionResult {
  const reason: unknown = request.signal.reason;
  const why =
    reason instanceof Error && reason.name !== 'AbortError'
      ? ` (${reason.message})`
      : typeof reason === 'string'
        ? ` (${reason})`
        : '';
  const failure = activityFailure(
    'ACTIVITY_CANCELLED',
    `Activity '${request.activity.name}' was stopped before it finished${why}.`,
    request.activity.name,
  );
  return output === undefined ? failure : { ...failure, output };
}
