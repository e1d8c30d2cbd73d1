/**
 * Pipeline and activity run statuses as the server spells them (the store's own lists), their
 * order (a run never goes back: Queued → InProgress → Canceling → an end) and which ones are
 * ends. Pure.
 */
import {
  PipelineRunStatuses as storedPipelineRunStatuses,
  TERMINAL_ACTIVITY_STATUSES,
  TERMINAL_RUN_STATUSES,
  type PipelineRunStatus,
} from '../../../src/store/run-statuses.js';

export { ActivityRunStatuses, type PipelineRunStatus } from '../../../src/store/run-statuses.js';

const TERMINAL = new Set(
  [...TERMINAL_RUN_STATUSES, ...TERMINAL_ACTIVITY_STATUSES].map((status) => status.toLowerCase()),
);

/** Succeeded, Failed, Cancelled (and Skipped for activity runs): nothing will change any more. */
export function isTerminalStatus(status: string): boolean {
  return TERMINAL.has(status.toLowerCase());
}

/** How far along a status is; an update with a lower rank is older news and loses. */
export function statusRank(status: string): number {
  switch (status.toLowerCase()) {
    case 'queued':
      return 0;
    case 'inprogress':
      return 1;
    case 'canceling':
      return 2;
    default:
      return isTerminalStatus(status) ? 3 : 0;
  }
}

/** The pipeline run statuses in the order a run goes through them, the ends last. */
export const PipelineRunStatuses: readonly PipelineRunStatus[] = [
  ...storedPipelineRunStatuses,
].sort((left, right) => statusRank(left) - statusRank(right));

export function isPipelineRunStatus(value: string): value is PipelineRunStatus {
  return (PipelineRunStatuses as readonly string[]).includes(value);
}
