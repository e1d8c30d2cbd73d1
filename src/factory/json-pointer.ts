/**
 * RFC 6901 JSON pointers: how every resource, activity and problem names its place in a file.
 * `''` is the whole document; `/properties/activities/0` the first activity of a pipeline file.
 */
import type { JsonValue } from './resources.js';

/** Escapes one reference token: `~` → `~0`, `/` → `~1`. */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `pointerTo('/properties', 'activities', 2)` → `/properties/activities/2`. */
export function pointerTo(base: string, ...tokens: readonly (string | number)[]): string {
  return base + tokens.map((token) => `/${escapePointerToken(token)}`).join('');
}

/** The value a pointer names in a document, or undefined when there is none. */
export function valueAtPointer(document: JsonValue, pointer: string): JsonValue | undefined {
  if (pointer === '') return document;
  if (!pointer.startsWith('/')) return undefined;
  let current: JsonValue | undefined = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (typeof current === 'object' && current !== null) {
      current = Object.prototype.hasOwnProperty.call(current, token) ? current[token] : undefined;
    } else {
      return undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}
