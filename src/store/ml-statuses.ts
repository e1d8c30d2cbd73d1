/**
 * The ML workspace's status vocabularies (Azure ML's): of published pipelines, endpoints, and runs
 * and step runs. Pure (no imports), so the web UI imports these lists too; `ml-store.ts`
 * re-exports them.
 */

export const MlPublishedPipelineStatuses = ['Active', 'Deprecated', 'Disabled'] as const;
export type MlPublishedPipelineStatus = (typeof MlPublishedPipelineStatuses)[number];

export const MlEndpointStatuses = ['Active', 'Disabled'] as const;
export type MlEndpointStatus = (typeof MlEndpointStatuses)[number];

/** Azure ML run-history statuses, for runs and step runs alike. */
export const MlRunStatuses = [
  'NotStarted',
  'Queued',
  'Preparing',
  'Running',
  'Finalizing',
  'CancelRequested',
  'Completed',
  'Failed',
  'Canceled',
] as const;
export type MlRunStatus = (typeof MlRunStatuses)[number];

export const TERMINAL_ML_RUN_STATUSES: readonly MlRunStatus[] = ['Completed', 'Failed', 'Canceled'];
