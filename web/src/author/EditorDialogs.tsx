import type { Blocker } from 'react-router';
import { ModalDialog } from '../ui/ModalDialog.js';

/** Asked when the user leaves the editor with unsaved changes. */
export function LeaveDialog({ blocker }: { readonly blocker: Blocker }) {
  if (blocker.state !== 'blocked') return null;
  return (
    <ModalDialog label="Unsaved changes" onClose={() => blocker.reset()} className="author-dialog">
      <div className="dialog-form">
        <h2>Leave without saving?</h2>
        <p>This pipeline has changes that are not saved. Leaving discards them.</p>
        <div className="dialog-buttons">
          <button type="button" autoFocus onClick={() => blocker.reset()}>
            Stay
          </button>
          <button type="button" className="danger" onClick={() => blocker.proceed()}>
            Discard changes and leave
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}

/** Asked when the user triggers a run of a pipeline with unsaved changes: runs start from the saved one. */
export function SaveBeforeRunDialog({
  saving,
  onSaveAndRun,
  onRunSaved,
  onClose,
}: {
  readonly saving: boolean;
  onSaveAndRun(): void;
  onRunSaved(): void;
  onClose(): void;
}) {
  return (
    <ModalDialog label="Save before running" onClose={onClose} className="author-dialog">
      <div className="dialog-form">
        <h2>Save before running?</h2>
        <p>
          A triggered run runs the saved pipeline, and this one has unsaved changes. Save them
          first, or run the saved version (use <strong>Debug</strong> to run the changes without
          saving).
        </p>
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" onClick={onRunSaved}>
            Run saved version
          </button>
          <button
            type="button"
            className="primary"
            autoFocus
            disabled={saving}
            onClick={onSaveAndRun}
          >
            {saving ? 'Saving…' : 'Save and run'}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
