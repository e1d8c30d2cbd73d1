import { describe, expect, it } from 'vitest';
import {
  EMPTY_VIEW,
  loadView,
  parseView,
  saveView,
  type ViewStorage,
} from './canvas-view-store.js';

/** A Web Storage stand-in over a Map (the canvas only needs these three methods). */
function memoryStorage(): ViewStorage & { readonly entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  };
}

describe('canvas view store', () => {
  it('saves positions and closed containers under the layout key and reads them back', () => {
    const storage = memoryStorage();
    const view = {
      positions: { A: { x: 10.4, y: 20.6 }, Gone: { x: 1, y: 1 } },
      collapsed: ['F', 'Gone'],
    };
    saveView(storage, 'factory/p1', view, new Set(['A', 'F']));
    expect([...storage.entries.keys()]).toEqual(['millrace.canvas.factory/p1']);
    expect(loadView(storage, 'factory/p1')).toEqual({
      positions: { A: { x: 10, y: 21 } },
      collapsed: ['F'],
    });
    expect(loadView(storage, 'factory/p2')).toEqual(EMPTY_VIEW);
  });

  it('removes the entry when nothing is left to remember', () => {
    const storage = memoryStorage();
    saveView(storage, 'k', { positions: { A: { x: 1, y: 1 } }, collapsed: [] }, new Set(['A']));
    saveView(storage, 'k', EMPTY_VIEW, new Set(['A']));
    expect(storage.entries.size).toBe(0);
  });

  it('does nothing without a key and survives storage that refuses', () => {
    const storage = memoryStorage();
    saveView(
      storage,
      undefined,
      { positions: { A: { x: 1, y: 1 } }, collapsed: [] },
      new Set(['A']),
    );
    expect(storage.entries.size).toBe(0);
    const full: ViewStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => undefined,
    };
    expect(() =>
      saveView(full, 'k', { positions: { A: { x: 1, y: 1 } }, collapsed: [] }, new Set(['A'])),
    ).not.toThrow();
    expect(loadView(full, 'k')).toEqual(EMPTY_VIEW);
  });

  it('reads anything else as an empty view, keeping the valid parts', () => {
    expect(parseView('not json')).toEqual(EMPTY_VIEW);
    expect(parseView('42')).toEqual(EMPTY_VIEW);
    expect(
      parseView(
        JSON.stringify({
          positions: { A: { x: 1, y: 2 }, B: { x: 'no' }, C: null },
          collapsed: ['F', 3],
        }),
      ),
    ).toEqual({ positions: { A: { x: 1, y: 2 } }, collapsed: ['F'] });
  });
});
