/**
 * Instants are stored in one canonical form, `toISOString()`'s (`2026-01-31T10:00:00.000Z`), so
 * that SQLite can compare and order them as text and both adapters return identical strings.
 */
import { StoreError, type StoreErrorCode } from './store-error.js';

/** ISO 8601 date and time with seconds optional, any fraction and a required zone designator. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The canonical form of `value`; throws a {@link StoreError} with `code` naming `what` when it
 * is not an ISO 8601 instant with a zone (a zoneless time would depend on the server's zone).
 */
export function canonicalInstant(value: string, what: string, code: StoreErrorCode): string {
  const millis = typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(millis)) {
    throw new StoreError(
      code,
      `${what} must be an ISO 8601 date and time with a zone, such as 2026-01-31T10:00:00.000Z; got ${JSON.stringify(value)}.`,
    );
  }
  return new Date(millis).toISOString();
}

/** Reads an instant column: SQLite returns the stored text, PostgreSQL a Date. */
export function readInstant(value: string | Date): string {
  return typeof value === 'string' ? value : value.toISOString();
}

export function readNullableInstant(value: string | Date | null): string | null {
  return value === null ? null : readInstant(value);
}
