/**
 * What the canvas remembers between visits under a layout key: where the user moved nodes and
 * which containers are closed. ADF's JSON has no place for positions, so they live in the
 * browser's storage, never in the pipeline.
 */
import type { Point } from './auto-layout.js';

export interface CanvasView {
  /** Positions of moved nodes by node id, relative to their parent. */
  readonly positions: Readonly<Record<string, Point>>;
  /** Names of containers drawn closed. */
  readonly collapsed: readonly string[];
}

/** The part of the Web Storage API used here (`localStorage` fits). */
export interface ViewStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const EMPTY_VIEW: CanvasView = { positions: {}, collapsed: [] };

const PREFIX = 'millrace.canvas.';

function isPoint(value: unknown): value is Point {
  if (typeof value !== 'object' || value === null) return false;
  const { x, y } = value as Record<string, unknown>;
  return typeof x === 'number' && Number.isFinite(x) && typeof y === 'number' && Number.isFinite(y);
}

/** Parses what `saveView` wrote; anything else (old or hand-edited values) reads as empty. */
export function parseView(text: string | null): CanvasView {
  if (text === null) return EMPTY_VIEW;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return EMPTY_VIEW;
  }
  if (typeof value !== 'object' || value === null) return EMPTY_VIEW;
  const { positions, collapsed } = value as Record<string, unknown>;
  const points =
    typeof positions === 'object' && positions !== null
      ? Object.fromEntries(Object.entries(positions).filter(([, point]) => isPoint(point)))
      : {};
  const closed = Array.isArray(collapsed)
    ? collapsed.filter((name): name is string => typeof name === 'string')
    : [];
  return { positions: points as Record<string, Point>, collapsed: closed };
}

/** The stored view, or an empty one without a key or when storage cannot be read. */
export function loadView(
  storage: ViewStorage | undefined,
  layoutKey: string | undefined,
): CanvasView {
  if (storage === undefined || layoutKey === undefined) return EMPTY_VIEW;
  try {
    return parseView(storage.getItem(PREFIX + layoutKey));
  } catch {
    return EMPTY_VIEW;
  }
}

/**
 * Stores the view, keeping only nodes that still exist (`liveIds`); an empty view removes the
 * entry. Storage that refuses (full, disabled) leaves the view unsaved: positions are a comfort.
 */
export function saveView(
  storage: ViewStorage | undefined,
  layoutKey: string | undefined,
  view: CanvasView,
  liveIds: ReadonlySet<string>,
): void {
  if (storage === undefined || layoutKey === undefined) return;
  const positions = Object.fromEntries(
    Object.entries(view.positions)
      .filter(([id]) => liveIds.has(id))
      .map(([id, point]) => [id, { x: Math.round(point.x), y: Math.round(point.y) }]),
  );
  const collapsed = view.collapsed.filter((name) => liveIds.has(name));
  try {
    if (Object.keys(positions).length === 0 && collapsed.length === 0) {
      storage.removeItem(PREFIX + layoutKey);
    } else {
      storage.setItem(PREFIX + layoutKey, JSON.stringify({ positions, collapsed }));
    }
  } catch {
    // Storage full or disabled: the layout falls back to the automatic one next time.
  }
}
