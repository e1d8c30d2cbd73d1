import { describe, expect, it } from 'vitest';
import { canonicalInstant, readInstant } from './instants.js';
import { isStoreError } from './store-error.js';

describe('canonicalInstant', () => {
  it.each([
    ['2026-01-31T10:00:00.000Z', '2026-01-31T10:00:00.000Z'],
    ['2026-01-31T10:00:00Z', '2026-01-31T10:00:00.000Z'],
    ['2026-01-31T10:00Z', '2026-01-31T10:00:00.000Z'],
    ['2020-07-17T00:00:00.0000000Z', '2020-07-17T00:00:00.000Z'],
    ['2026-01-31T12:00:00.5+02:00', '2026-01-31T10:00:00.500Z'],
    ['2026-01-31T05:30:00-04:30', '2026-01-31T10:00:00.000Z'],
  ])('writes %s as %s', (input, expected) => {
    expect(canonicalInstant(input, 'runStart', 'STORE_INVALID_RECORD')).toBe(expected);
  });

  it.each(['2026-01-31T10:00:00', '2026-01-31', '31/01/2026 10:00', 'now', ''])(
    'refuses %j with the code it is given',
    (input) => {
      let caught: unknown;
      try {
        canonicalInstant(input, 'lastUpdatedAfter', 'STORE_INVALID_QUERY');
      } catch (error) {
        caught = error;
      }
      expect(isStoreError(caught, 'STORE_INVALID_QUERY')).toBe(true);
      expect((caught as Error).message).toContain('lastUpdatedAfter');
    },
  );
});

describe('readInstant', () => {
  it('returns text as stored and dates in toISOString form', () => {
    expect(readInstant('2026-01-31T10:00:00.000Z')).toBe('2026-01-31T10:00:00.000Z');
    expect(readInstant(new Date(Date.UTC(2026, 0, 31, 10)))).toBe('2026-01-31T10:00:00.000Z');
  });
});
