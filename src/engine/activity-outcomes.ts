/** Small pure pieces of the run execution: what is stored, which branch runs, what a child run means. */
import type { ActivityExecutionResult } from '../activities/activity-executor.js';
import type { Value } from '../expressions/index.js';
import type { Activity, JsonObject, JsonValue } from '../factory/resources.js';
import type { ActivityRunRecord, PipelineRunRecord } from '../store/store.js';
import { MASKED } from './run-views.js';

/**
 * With `secureInput` the resolved input never reaches the store: the executor gets it in memory,
 * and a retried or resumed attempt resolves it again. (Containers keep theirs: resuming needs it.)
 */
export function storedInput(record: ActivityRunRecord, input: JsonObject): JsonValue {
  return (record.state as { secureInput?: boolean }).secureInput ? MASKED : input;
}

export function asArray(value: Value): readonly Value[] {
  return Array.isArray(value) ? value : [];
}

export function branchActivities(activity: Activity, branch: string): readonly Activity[] {
  const type = activity.type.toLowerCase();
  if (type === 'ifcondition') {
    return (
      activity.branches.find(
        (b) => b.key === (branch === 'true' ? 'ifTrueActivities' : 'ifFalseActivities'),
      )?.activities ?? []
    );
  }
  if (branch === 'default')
    return activity.branches.find((b) => b.key === 'defaultActivities')?.activities ?? [];
  const caseValue = branch.startsWith('case:') ? branch.slice(5) : branch;
  return activity.branches.find((b) => b.caseValue === caseValue)?.activities ?? [];
}

export function childOutcome(
  record: ActivityRunRecord,
  child: PipelineRunRecord,
): ActivityExecutionResult {
  const output = {
    pipelineName: child.pipelineName,
    pipelineRunId: child.runId,
    pipelineReturnValue: child.output ?? {},
  };
  if (child.status === 'Succeeded') return { status: 'Succeeded', output };
  return {
    status: 'Failed',
    output,
    error: {
      errorCode: child.status === 'Cancelled' ? 'ChildPipelineCancelled' : 'ChildPipelineFailed',
      message: `Operation on target ${record.activityName} failed: the pipeline run ${child.runId} of '${child.pipelineName}' ${child.status === 'Cancelled' ? 'was cancelled' : `failed: ${child.message}`}`,
      failureType: 'UserError',
      target: record.activityName,
    },
  };
}
