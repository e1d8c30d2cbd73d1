/**
 * Pipeline and activity run statuses as the server spells them, their order (a run never goes
 * back: Queued → InProgress → Canceling → an end) and which ones are ends. Pure.
 */

export const PipelineRunStatuses = [
  'Queued',
  'InProgress',
  'Canceling',
  'Succeeded',
  'Failed',
  'Cancelled',
] as const;
export type PipelineRunStatus = (typeof PipelineRunStatuses)[number];

export const ActivityRunStatuses = [
  'Queued',
  'InProgress',
  'Succeeded',
  'Failed',
  'Skipped',
  'Cancelled',
] as const;

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'skipped']);

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

export function isPipelineRunStatus(value: string): value is PipelineRunStatus {
  return (PipelineRunStatuses as readonly string[]).includes(value);
}
