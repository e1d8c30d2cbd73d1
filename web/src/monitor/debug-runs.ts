/**
 * Debug runs (the editor's unsaved pipeline, started by `debugRun`) as the server marks them, in
 * one place: the runs list filters them into their own tab and the run page marks them. Pure.
 */
import type { PipelineRun, RunQueryFilter } from '../api/factory-api.js';

/** `invokedBy.invokedByType` of a debug run. */
export const DEBUG_INVOKED_BY_TYPE = 'Debug';

export function isDebugRun(run: Pick<PipelineRun, 'invokedBy'>): boolean {
  return run.invokedBy?.invokedByType === DEBUG_INVOKED_BY_TYPE;
}

/** The `queryPipelineRuns` filter that keeps debug runs only, or triggered runs only. */
export function debugRunQueryFilter(debug: boolean): RunQueryFilter {
  return {
    operand: 'InvokedByType',
    operator: debug ? 'Equals' : 'NotEquals',
    values: [DEBUG_INVOKED_BY_TYPE],
  };
}
