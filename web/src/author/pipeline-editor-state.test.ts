import { describe, expect, it } from 'vitest';
import {
  editorReducer,
  initialEditorState,
  isDirty,
  type EditorState,
} from './pipeline-editor-state.js';
import type { PipelineResource } from './pipeline-resource.js';

const loaded: PipelineResource = { name: 'P', properties: { activities: [] } };
const withDescription = (description: string): PipelineResource => ({
  name: 'P',
  properties: { activities: [], description },
});

describe('pipeline editor state', () => {
  it('is clean when loaded, dirty after an edit, clean again after undo', () => {
    let state: EditorState = initialEditorState(loaded, 'etag-1');
    expect(isDirty(state)).toBe(false);
    state = editorReducer(state, { kind: 'edit', resource: withDescription('x'), at: 0 });
    expect(isDirty(state)).toBe(true);
    state = editorReducer(state, { kind: 'undo' });
    expect(isDirty(state)).toBe(false);
    state = editorReducer(state, { kind: 'redo' });
    expect(state.history.present.properties['description']).toBe('x');
  });

  it('ignores an edit that changes nothing, whatever the key order', () => {
    const state = initialEditorState({ name: 'P', properties: { a: 1, b: 2 } });
    const same = editorReducer(state, {
      kind: 'edit',
      resource: { name: 'P', properties: { b: 2, a: 1 } },
      at: 0,
    });
    expect(same).toBe(state);
  });

  it('coalesces typing in one field into one undo entry', () => {
    let state = initialEditorState(loaded);
    for (const [index, text] of ['a', 'ab', 'abc'].entries())
      state = editorReducer(state, {
        kind: 'edit',
        resource: withDescription(text),
        coalesceKey: 'description',
        at: index * 100,
      });
    expect(state.history.past).toHaveLength(1);
    expect(editorReducer(state, { kind: 'undo' }).history.present).toBe(loaded);
  });

  it('takes a saved version as the new clean point and keeps the undo history', () => {
    let state = initialEditorState(loaded, 'etag-1');
    state = editorReducer(state, { kind: 'edit', resource: withDescription('x'), at: 0 });
    state = editorReducer(state, { kind: 'saved', resource: withDescription('x'), etag: 'etag-2' });
    expect(isDirty(state)).toBe(false);
    expect(state.etag).toBe('etag-2');
    state = editorReducer(state, { kind: 'undo' });
    expect(isDirty(state)).toBe(true);
  });
});
