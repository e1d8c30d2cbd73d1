/** Live progress of a run for people: one line as each activity starts and ends. */
import type { RunEvent } from '../engine/engine-ports.js';
import { isJsonObject } from '../factory/json-values.js';
import type { JsonValue } from '../factory/resources.js';

export function printProgress(write: (line: string) => void): (event: RunEvent) => void {
  return (event) => {
    switch (event.kind) {
      case 'run-started':
        write(
          `▶ run ${event.run.runId} of ${event.run.pipelineName}${event.run.parentRunId ? ` (child of ${event.run.parentRunId})` : ''}`,
        );
        return;
      case 'activity-started': {
        const { activityRun } = event;
        write(
          `  … ${label(activityRun.scope, activityRun.activityName)} (${activityRun.activityType})${activityRun.attempt > 1 ? ` attempt ${activityRun.attempt}` : ''}`,
        );
        return;
      }
      case 'activity-finished': {
        const { activityRun } = event;
        const mark =
          activityRun.status === 'Succeeded' ? '✔' : activityRun.status === 'Failed' ? '✖' : '○';
        const detail = activityRun.error
          ? `: ${activityRun.error.errorCode} ${activityRun.error.message}`
          : '';
        const duration =
          activityRun.durationInMs === null ? '' : ` in ${activityRun.durationInMs} ms`;
        write(
          `  ${mark} ${label(activityRun.scope, activityRun.activityName)} ${activityRun.status}${duration}${detail}`,
        );
        for (const line of failedStepLines(activityRun.error?.details)) write(`      ${line}`);
        return;
      }
      case 'run-finished':
        write(
          `■ ${event.run.pipelineName} ${event.run.status} in ${event.run.durationInMs ?? 0} ms${event.run.message ? `: ${event.run.message}` : ''}`,
        );
        // A top-level run's return value (pipelineReturnValue) is what its caller reads.
        if (event.run.parentRunId === null && isJsonObject(event.run.output))
          for (const [key, value] of Object.entries(event.run.output))
            write(`  ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
        return;
    }
  };
}

function label(scope: string, name: string): string {
  return scope === '' ? name : `${scope}/${name}`;
}

/** How many last lines of each failed ML step's log, as AzureMLExecutePipeline reports them. */
const LOG_TAIL_LINES = 5;

function failedStepLines(details: JsonValue | undefined): string[] {
  if (!isJsonObject(details) || !Array.isArray(details['failedSteps'])) return [];
  return details['failedSteps'].filter(isJsonObject).flatMap((step) => {
    const tail =
      typeof step['logTail'] === 'string'
        ? step['logTail'].trimEnd().split('\n').filter(Boolean).slice(-LOG_TAIL_LINES)
        : [];
    return [
      `step ${String(step['step'])} ${String(step['status'])} (${String(step['errorCode'])}): ${String(step['message'])}`,
      ...tail.map((line) => `  | ${line}`),
    ];
  });
}
