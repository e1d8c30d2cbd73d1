/**
 * CONTRACT STUB (issue 8): trigger a run (saved pipeline) or a debug run (the editor's unsaved
 * pipeline) with a form for the pipeline's declared parameters.
 */
import type { JsonObject } from '../api/factory-api.js';

export interface TriggerRunDialogProps {
  readonly factory: string;
  readonly pipelineName: string;
  /** The pipeline resource (`{properties: {parameters, activities, …}}`): its parameters make the form; a debug run runs it as given. */
  readonly pipeline: { readonly properties: JsonObject };
  /** 'run': createRun on the saved pipeline; 'debug': run `pipeline` unsaved. */
  readonly mode: 'run' | 'debug';
  onClose(): void;
  /** Called with the new run's id (the dialog then closes). */
  onStarted(runId: string): void;
}

export function TriggerRunDialog({ onClose }: TriggerRunDialogProps) {
  return (
    <div role="dialog" aria-label="Trigger run">
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
