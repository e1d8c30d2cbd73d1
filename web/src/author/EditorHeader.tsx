import { Link } from 'react-router';
import type { EditorStatus } from './use-pipeline-persistence.js';

/**
 * The editor's header: where the pipeline is, whether it has unsaved changes, its actions (save,
 * validate, undo, redo, trigger, debug), what the last action did, and a save conflict's choices.
 */
export function EditorHeader({
  factory,
  name,
  dirty,
  conflict,
  saving,
  validating,
  canUndo,
  canRedo,
  status,
  onSave,
  onOverwrite,
  onReload,
  onValidate,
  onUndo,
  onRedo,
  onTriggerRun,
  onDebug,
}: {
  readonly factory: string;
  readonly name: string;
  readonly dirty: boolean;
  /** Someone else saved the pipeline since it was loaded. */
  readonly conflict: boolean;
  readonly saving: boolean;
  readonly validating: boolean;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly status: EditorStatus | undefined;
  onSave(): void;
  /** Saves over someone else's version. */
  onOverwrite(): void;
  /** Discards the edits for the stored version. */
  onReload(): void;
  onValidate(): void;
  onUndo(): void;
  onRedo(): void;
  onTriggerRun(): void;
  onDebug(): void;
}) {
  return (
    <>
      <header className="editor-header">
        <nav aria-label="Breadcrumb" className="breadcrumb small">
          <Link to={`/factories/${encodeURIComponent(factory)}/pipelines`}>Pipelines</Link> /
        </nav>
        <h1>
          {name}
          {dirty ? (
            <span className="dirty-marker" title="Unsaved changes">
              ● Unsaved changes
            </span>
          ) : null}
        </h1>
        <div className="toolbar editor-toolbar" role="toolbar" aria-label="Pipeline actions">
          <button
            type="button"
            className={dirty ? 'primary' : ''}
            disabled={saving || (!dirty && !conflict)}
            onClick={onSave}
            title="Save (Ctrl+S)"
          >
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" disabled={validating} onClick={onValidate}>
            Validate
          </button>
          <span className="toolbar-separator" aria-hidden />
          <button type="button" disabled={!canUndo} onClick={onUndo} title="Undo (Ctrl+Z)">
            Undo
          </button>
          <button
            type="button"
            disabled={!canRedo}
            onClick={onRedo}
            title="Redo (Ctrl+Shift+Z or Ctrl+Y)"
          >
            Redo
          </button>
          <span className="toolbar-separator" aria-hidden />
          <button type="button" onClick={onTriggerRun}>
            Trigger run
          </button>
          <button
            type="button"
            onClick={onDebug}
            title="Run the pipeline as it is in the editor, without saving"
          >
            Debug
          </button>
        </div>
        <p
          className={`editor-status small tone-text-${status?.tone ?? 'info'}`}
          role="status"
          aria-live="polite"
        >
          {status?.text}
          {status?.runId === undefined ? null : (
            <>
              {' '}
              <Link
                to={`/factories/${encodeURIComponent(factory)}/runs/${encodeURIComponent(status.runId)}`}
              >
                Open the run
              </Link>
            </>
          )}
        </p>
      </header>

      {conflict ? (
        <div className="error-box conflict-box" role="alert">
          <strong>Someone else saved this pipeline since you opened it.</strong> Reload their
          version (your changes are discarded), or overwrite it with yours.
          <div className="toolbar">
            <button type="button" onClick={onReload}>
              Reload their version
            </button>
            <button type="button" className="danger" onClick={onOverwrite}>
              Overwrite with mine
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
