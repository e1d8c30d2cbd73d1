/**
 * The pipeline editor's one source of truth: the pipeline resource being edited, with its undo
 * history, the version last loaded or saved (what "unsaved changes" compares against) and that
 * version's etag (for `If-Match`). Both views (canvas and JSON) edit it through these actions.
 * Pure: the page runs it with `useReducer`.
 */
import {
  createHistory,
  pushEdit,
  redo,
  undo,
  type EditHistory,
  type EditHistoryOptions,
} from './edit-history.js';
import { samePipeline, type PipelineResource } from './pipeline-resource.js';

export interface EditorState {
  readonly history: EditHistory<PipelineResource>;
  /** The pipeline as last loaded or saved. */
  readonly saved: PipelineResource;
  /** The saved version's etag; undefined when the server gave none. */
  readonly etag?: string;
}

export type EditorAction =
  | {
      readonly kind: 'edit';
      readonly resource: PipelineResource;
      /** Edits of one field or text share a key, so typing makes one undo entry (Default: none). */
      readonly coalesceKey?: string;
      /** Epoch ms of the edit, for coalescing. */
      readonly at: number;
    }
  | { readonly kind: 'undo' }
  | { readonly kind: 'redo' }
  | { readonly kind: 'saved'; readonly resource: PipelineResource; readonly etag?: string };

export function initialEditorState(
  resource: PipelineResource,
  etag?: string,
  options: EditHistoryOptions = {},
): EditorState {
  return {
    history: createHistory(resource, options),
    saved: resource,
    ...(etag === undefined ? {} : { etag }),
  };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.kind) {
    case 'edit':
      if (samePipeline(action.resource, state.history.present)) return state;
      return {
        ...state,
        history: pushEdit(state.history, action.resource, {
          ...(action.coalesceKey === undefined ? {} : { coalesceKey: action.coalesceKey }),
          at: action.at,
        }),
      };
    case 'undo':
      return { ...state, history: undo(state.history) };
    case 'redo':
      return { ...state, history: redo(state.history) };
    case 'saved': {
      const { etag: _previous, ...rest } = state;
      return {
        ...rest,
        saved: action.resource,
        ...(action.etag === undefined ? {} : { etag: action.etag }),
      };
    }
  }
}

/** Whether the pipeline differs from its saved version (undoing back to it makes it clean again). */
export function isDirty(state: EditorState): boolean {
  return !samePipeline(state.history.present, state.saved);
}
