/** Live progress of a run for people: one line as each activity starts and ends. */
import type { RunEvent } from '../engine/engine-ports.js';

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
        return;
      }
      case 'run-finished':
        write(
          `■ ${event.run.pipelineName} ${event.run.status} in ${event.run.durationInMs ?? 0} ms${event.run.message ? `: ${event.run.message}` : ''}`,
        );
        return;
    }
  };
}

function label(scope: string, name: string): string {
  return scope === '' ? name : `${scope}/${name}`;
}
