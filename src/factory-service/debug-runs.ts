/**
 * Debug runs: Data Factory Studio's Debug, a run of the pipeline open in the editor as it is, saved
 * or not. Data Factory keeps them apart from triggered runs (its monitor's Debug list); Millrace
 * records them with the others and marks them by who started them: `invokedBy` is
 * `{ name: 'Debug', invokedByType: 'Debug' }`, so `@pipeline().TriggerType` reads `Debug` in one,
 * and `queryPipelineRuns` keeps or drops them with the `InvokedByType` filter operand. A recovery
 * rerun of a debug run is marked the same way; runs its ExecutePipeline activities start are not
 * (they are `PipelineActivity` runs of stored pipelines, whose parent is the debug run).
 */
import type { InvokedBy } from '../store/store.js';

/** `invokedBy.invokedByType` (and `name`) of a debug run. */
export const DEBUG_INVOKED_BY_TYPE = 'Debug';

/** Who starts a debug run: a new id each time, as each Debug click is its own session. */
export function debugInvokedBy(): InvokedBy {
  return {
    name: DEBUG_INVOKED_BY_TYPE,
    id: crypto.randomUUID(),
    invokedByType: DEBUG_INVOKED_BY_TYPE,
  };
}

export function isDebugRun(run: { readonly invokedBy: InvokedBy }): boolean {
  return run.invokedBy.invokedByType === DEBUG_INVOKED_BY_TYPE;
}
