/**
 * Continuation tokens for keyset pagination of runs (pipeline runs, ML runs): the sort key and id
 * of the last row of a page, with the order they belong to, as base64url JSON. Opaque to callers; a token that
 * does not decode, or belongs to another order, is refused with `STORE_INVALID_CONTINUATION_TOKEN`.
 */
import { canonicalInstant } from './instants.js';
import { StoreError } from './store-error.js';
import type { PipelineRunQuery } from './store.js';

export type RunOrder = NonNullable<PipelineRunQuery['orderBy']>;

/** An order a token belongs to: a sort key by name (an instant) and a direction. */
export interface TokenOrder<OrderBy extends string = RunOrder['orderBy']> {
  readonly orderBy: OrderBy;
  readonly order: 'ASC' | 'DESC';
}

export interface PageKey<OrderBy extends string = RunOrder['orderBy']> extends TokenOrder<OrderBy> {
  /** The last row's sort key (null only when ordering by RunEnd and the run has none). */
  readonly sortKey: string | null;
  /** The last row's id (a pipeline run's runId, an ML run's id). */
  readonly runId: string;
}

/** The sort keys a run may lack; every other one is always set. */
const NULLABLE_SORT_KEYS: readonly string[] = ['RunEnd'];

interface TokenJson {
  readonly o: string;
  readonly d: string;
  readonly k: string | null;
  readonly r: string;
}

export function encodeContinuationToken<OrderBy extends string>(key: PageKey<OrderBy>): string {
  const json: TokenJson = { o: key.orderBy, d: key.order, k: key.sortKey, r: key.runId };
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function decodeContinuationToken<OrderBy extends string>(
  token: string,
  order: TokenOrder<OrderBy>,
): PageKey<OrderBy> {
  const invalid = (why: string): StoreError =>
    new StoreError(
      'STORE_INVALID_CONTINUATION_TOKEN',
      `The continuation token ${why}; pass back the token of the previous page unchanged, with the same orderBy, or omit it to start from the first page.`,
    );
  if (typeof token !== 'string' || !BASE64URL.test(token)) throw invalid('is not base64url text');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid('does not decode');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid('does not decode');
  }
  const { o, d, k, r } = json as Partial<Record<keyof TokenJson, unknown>>;
  if (typeof r !== 'string' || (k !== null && typeof k !== 'string')) {
    throw invalid('does not decode');
  }
  if (o !== order.orderBy || d !== order.order) {
    throw invalid(`belongs to a query ordered by ${String(o)} ${String(d)}`);
  }
  if (k === null && !NULLABLE_SORT_KEYS.includes(order.orderBy)) throw invalid('does not decode');
  let sortKey: string | null = null;
  if (k !== null) {
    try {
      sortKey = canonicalInstant(k, 'its sort key', 'STORE_INVALID_CONTINUATION_TOKEN');
    } catch {
      throw invalid('does not decode');
    }
  }
  return { orderBy: order.orderBy, order: order.order, sortKey, runId: r };
}
