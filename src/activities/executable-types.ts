/**
 * The activity types the built-in executors run, for validation to know without building them
 * (no I/O here). `builtin-executors.test.ts` checks it matches `createBuiltinExecutors`.
 */
export const EXECUTABLE_TYPES = [
  'Custom',
  'WebActivity',
  'Wait',
  'NoOp',
  'AzureMLExecutePipeline',
] as const;
export type ExecutableType = (typeof EXECUTABLE_TYPES)[number];
