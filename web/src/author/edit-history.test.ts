import { describe, expect, it } from 'vitest';
import {
  canRedo,
  canUndo,
  createHistory,
  pushEdit,
  redo,
  resetHistory,
  undo,
  type EditHistory,
} from './edit-history.js';

function pushAll(history: EditHistory<string>, values: readonly string[]): EditHistory<string> {
  return values.reduce((current, value) => pushEdit(current, value), history);
}

describe('edit history', () => {
  it('undoes and redoes edits in order', () => {
    let history = pushAll(createHistory('a'), ['b', 'c']);
    expect(history.present).toBe('c');
    expect(canUndo(history)).toBe(true);
    expect(canRedo(history)).toBe(false);

    history = undo(history);
    expect(history.present).toBe('b');
    history = undo(history);
    expect(history.present).toBe('a');
    expect(canUndo(history)).toBe(false);
    expect(undo(history)).toBe(history);

    history = redo(history);
    expect(history.present).toBe('b');
    history = redo(history);
    expect(history.present).toBe('c');
    expect(canRedo(history)).toBe(false);
    expect(redo(history)).toBe(history);
  });

  it('drops the undone future when a new edit is made', () => {
    let history = pushAll(createHistory('a'), ['b', 'c']);
    history = undo(history);
    history = pushEdit(history, 'x');
    expect(history.present).toBe('x');
    expect(canRedo(history)).toBe(false);
    expect(undo(history).present).toBe('b');
  });

  it('ignores an edit to the very same value', () => {
    const value = { n: 1 };
    const history = createHistory(value);
    expect(pushEdit(history, value)).toBe(history);
  });

  it('coalesces a typing burst of one key into one entry', () => {
    let history = createHistory('');
    history = pushEdit(history, 'h', { coalesceKey: 'description', at: 1000 });
    history = pushEdit(history, 'he', { coalesceKey: 'description', at: 1200 });
    history = pushEdit(history, 'hey', { coalesceKey: 'description', at: 1900 });
    expect(history.past).toEqual(['']);
    expect(undo(history).present).toBe('');
  });

  it('starts a new entry after a pause, for another key, or for an edit without key', () => {
    let history = createHistory('');
    history = pushEdit(history, 'a', { coalesceKey: 'k', at: 0 });
    history = pushEdit(history, 'ab', { coalesceKey: 'k', at: 5000 });
    expect(history.past).toEqual(['', 'a']);
    history = pushEdit(history, 'abc', { coalesceKey: 'other', at: 5100 });
    expect(history.past).toEqual(['', 'a', 'ab']);
    history = pushEdit(history, 'abcd');
    history = pushEdit(history, 'abcde');
    expect(history.past).toEqual(['', 'a', 'ab', 'abc', 'abcd']);
  });

  it('does not coalesce into an entry reached by undo', () => {
    let history = createHistory('');
    history = pushEdit(history, 'a', { coalesceKey: 'k', at: 0 });
    history = pushEdit(history, 'ab', { coalesceKey: 'k', at: 10 });
    history = undo(history);
    history = pushEdit(history, 'x', { coalesceKey: 'k', at: 20 });
    expect(history.past).toEqual(['']);
    expect(history.present).toBe('x');
    history = pushEdit(history, 'xy', { coalesceKey: 'k', at: 30 });
    expect(history.past).toEqual(['']);
  });

  it('keeps at most `limit` past values, forgetting the oldest', () => {
    const history = pushAll(createHistory('0', { limit: 3 }), ['1', '2', '3', '4', '5']);
    expect(history.past).toEqual(['2', '3', '4']);
    const undone = undo(undo(undo(history)));
    expect(undone.present).toBe('2');
    expect(canUndo(undone)).toBe(false);
    expect(redo(redo(redo(undone))).present).toBe('5');
  });

  it('starts over on reset, keeping the options', () => {
    const history = pushAll(createHistory('a', { limit: 7 }), ['b', 'c']);
    const fresh = resetHistory(undo(history), 'loaded');
    expect(fresh.present).toBe('loaded');
    expect(canUndo(fresh)).toBe(false);
    expect(canRedo(fresh)).toBe(false);
    expect(fresh.options.limit).toBe(7);
  });
});
