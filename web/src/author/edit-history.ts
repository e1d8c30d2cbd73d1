/**
 * Undo and redo for one edited value (the pipeline resource): a list of past values, the present
 * and the undone future. Immutable: every operation answers a new history.
 *
 * Typing bursts make one entry: an edit that names the same `coalesceKey` as the previous edit,
 * within `coalesceWithinMs` of it, replaces the present instead of pushing it, so one undo takes
 * back a whole word or a whole field rather than a letter.
 */

export interface EditHistory<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
  /** The key and time of the last edit, for coalescing; cleared by undo and redo. */
  readonly lastEdit?: { readonly key: string; readonly at: number };
  readonly options: Required<EditHistoryOptions>;
}

export interface EditHistoryOptions {
  /** How many past values are kept; older ones are forgotten. (Default: 200) */
  readonly limit?: number;
  /** Edits with the same key this close together make one entry. (Default: 1000) */
  readonly coalesceWithinMs?: number;
}

export interface EditOptions {
  /** Edits of one field or one text share a key, so a burst of them coalesces (Default: none, never coalesces). */
  readonly coalesceKey?: string;
  /** When the edit happened, epoch ms (Default: 0, which coalesces any burst of the same key). */
  readonly at?: number;
}

export function createHistory<T>(present: T, options: EditHistoryOptions = {}): EditHistory<T> {
  return {
    past: [],
    present,
    future: [],
    options: { limit: options.limit ?? 200, coalesceWithinMs: options.coalesceWithinMs ?? 1000 },
  };
}

/** Records `next` as the present; the undone future is dropped. An edit to the same value is ignored. */
export function pushEdit<T>(
  history: EditHistory<T>,
  next: T,
  edit: EditOptions = {},
): EditHistory<T> {
  if (Object.is(next, history.present)) return history;
  const at = edit.at ?? 0;
  const { lastEdit, options } = history;
  const coalesces =
    edit.coalesceKey !== undefined &&
    lastEdit !== undefined &&
    lastEdit.key === edit.coalesceKey &&
    at - lastEdit.at <= options.coalesceWithinMs &&
    history.future.length === 0;
  const past = coalesces ? history.past : [...history.past, history.present].slice(-options.limit);
  return {
    past,
    present: next,
    future: [],
    ...(edit.coalesceKey === undefined ? {} : { lastEdit: { key: edit.coalesceKey, at } }),
    options,
  };
}

export function canUndo(history: EditHistory<unknown>): boolean {
  return history.past.length > 0;
}

export function canRedo(history: EditHistory<unknown>): boolean {
  return history.future.length > 0;
}

export function undo<T>(history: EditHistory<T>): EditHistory<T> {
  if (history.past.length === 0) return history;
  return {
    past: history.past.slice(0, -1),
    present: history.past[history.past.length - 1] as T,
    future: [history.present, ...history.future],
    options: history.options,
  };
}

export function redo<T>(history: EditHistory<T>): EditHistory<T> {
  if (history.future.length === 0) return history;
  const [next, ...rest] = history.future;
  return {
    past: [...history.past, history.present].slice(-history.options.limit),
    present: next as T,
    future: rest,
    options: history.options,
  };
}

/** A new start (after loading or reloading): no past, no future. */
export function resetHistory<T>(history: EditHistory<T>, present: T): EditHistory<T> {
  return { past: [], present, future: [], options: history.options };
}
