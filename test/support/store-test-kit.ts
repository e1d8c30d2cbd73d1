/**
 * What every store conformance suite shares: instants relative to a base and a coded-error check.
 */
import { expect } from 'vitest';
import { isStoreError, type StoreError, type StoreErrorCode } from '../../src/store/store-error.js';

/** `base` moved by `offsetMs`, as an ISO 8601 instant. */
export function at(base: string, offsetMs: number): string {
  return new Date(Date.parse(base) + offsetMs).toISOString();
}

/** Awaits a rejection with a StoreError of `code` whose message says something, and returns it. */
export async function expectStoreError(
  promise: Promise<unknown>,
  code: StoreErrorCode,
): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected a StoreError ${code}`).toBeDefined();
  if (!isStoreError(error, code)) {
    throw new Error(`expected StoreError ${code}, got ${String(error)}`, { cause: error });
  }
  expect(error.message.length).toBeGreaterThan(20);
  return error;
}
