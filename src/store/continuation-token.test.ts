import { describe, expect, it } from 'vitest';
import { decodeContinuationToken, encodeContinuationToken } from './continuation-token.js';
import { isStoreError } from './store-error.js';

const runStartDesc = { orderBy: 'RunStart', order: 'DESC' } as const;
const runEndAsc = { orderBy: 'RunEnd', order: 'ASC' } as const;

function decodeError(token: string, order = runStartDesc): unknown {
  try {
    decodeContinuationToken(token, order);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('continuation tokens', () => {
  it('round-trip the sort key and runId of the order they belong to', () => {
    const key = { ...runStartDesc, sortKey: '2026-03-01T08:00:00.000Z', runId: 'run-é-東京' };
    const token = encodeContinuationToken(key);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeContinuationToken(token, runStartDesc)).toEqual(key);
  });

  it('carry a null RunEnd (a run not finished yet)', () => {
    const key = { ...runEndAsc, sortKey: null, runId: 'r' };
    expect(decodeContinuationToken(encodeContinuationToken(key), runEndAsc)).toEqual(key);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['an array', Buffer.from('[]').toString('base64url')],
    ['without runId', Buffer.from('{"o":"RunStart","d":"DESC","k":null}').toString('base64url')],
    [
      'with a sort key that is not an instant',
      Buffer.from('{"o":"RunStart","d":"DESC","k":"soon","r":"x"}').toString('base64url'),
    ],
    [
      'with a null RunStart',
      Buffer.from('{"o":"RunStart","d":"DESC","k":null,"r":"x"}').toString('base64url'),
    ],
    [
      'of another order',
      encodeContinuationToken({ ...runStartDesc, order: 'ASC', sortKey: null, runId: 'x' }),
    ],
  ])('are refused when %s', (_, token) => {
    const error = decodeError(token);
    expect(isStoreError(error, 'STORE_INVALID_CONTINUATION_TOKEN')).toBe(true);
    expect((error as Error).message).toMatch(/continuation token/);
  });
});
