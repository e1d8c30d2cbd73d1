/** Data Factory's `Wait`: waits `waitTimeInSeconds`, ends early (cancelled) when its signal aborts. */
import type {
  ActivityExecutionRequest,
  ActivityExecutionResult,
  ActivityExecutor,
} from './activity-executor.js';
import { abortableDelay } from '../processes/abortable-delay.js';
import { cancelledResult, guardExecution } from './execution-guard.js';
import { requiredCount } from './type-properties.js';

export class WaitExecutor implements ActivityExecutor {
  readonly type = 'Wait';

  execute(request: ActivityExecutionRequest): Promise<ActivityExecutionResult> {
    return guardExecution(request, async () => {
      const seconds = requiredCount(request.input, 'waitTimeInSeconds');
      if (!(await abortableDelay(seconds * 1000, request.signal))) return cancelledResult(request);
      // Data Factory's Wait has no output of its own.
      return { status: 'Succeeded', output: {} };
    });
  }
}
