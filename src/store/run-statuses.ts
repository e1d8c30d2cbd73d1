/**
 * Pipeline and activity run statuses as the store keeps them and the API spells them. Pure (no
 * imports), so the web UI imports these lists too; `store.ts` re-exports them.
 */

export const PipelineRunStatuses = [
  'Queued',
  'InProgress',
  'Succeeded',
  'Failed',
  'Canceling',
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
export type ActivityRunStatus = (typeof ActivityRunStatuses)[number];

export const TERMINAL_RUN_STATUSES: readonly PipelineRunStatus[] = [
  'Succeeded',
  'Failed',
  'Cancelled',
];
export const TERMINAL_ACTIVITY_STATUSES: readonly ActivityRunStatus[] = [
  'Succeeded',
  'Failed',
  'Skipped',
  'Cancelled',
];
