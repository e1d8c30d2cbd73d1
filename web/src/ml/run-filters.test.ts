import { describe, expect, it } from 'vitest';
import {
  currentPageToken,
  FIRST_PAGE,
  nextPage,
  pageNumber,
  previousPage,
  readRunFilters,
  runFilterParams,
  runListQuery,
} from './run-filters.js';

describe('run filters in the URL', () => {
  it('reads known values and falls back to the defaults for the rest', () => {
    expect(readRunFilters(new URLSearchParams('status=failed&experiment=e2e'))).toEqual({
      status: 'failed',
      experiment: 'e2e',
    });
    expect(readRunFilters(new URLSearchParams('status=bogus&experiment=%20'))).toEqual({
      status: 'any',
    });
    expect(readRunFilters(new URLSearchParams('status=toString'))).toEqual({ status: 'any' });
  });

  it('writes only what differs from the defaults, and reads back the same', () => {
    expect(runFilterParams({ status: 'any' }).toString()).toBe('');
    const params = runFilterParams({ status: 'active', experiment: 'loan scoring' });
    expect(params.toString()).toBe('status=active&experiment=loan+scoring');
    expect(readRunFilters(params)).toEqual({ status: 'active', experiment: 'loan scoring' });
  });

  it('turns filters and a page into the list query', () => {
    expect(runListQuery({ status: 'any' }, { limit: 25 })).toEqual({ limit: 25 });
    expect(
      runListQuery(
        { status: 'active', experiment: 'e2e' },
        { limit: 25, continuationToken: 'next' },
      ),
    ).toEqual({
      experimentName: 'e2e',
      statuses: ['NotStarted', 'Queued', 'Preparing', 'Running', 'Finalizing', 'CancelRequested'],
      limit: 25,
      continuationToken: 'next',
    });
    expect(runListQuery({ status: 'canceled' }, { limit: 10 }).statuses).toEqual(['Canceled']);
  });
});

describe('page trail', () => {
  it('goes forward with the answered token and back to the first page, never before it', () => {
    let trail = FIRST_PAGE;
    expect(currentPageToken(trail)).toBeUndefined();
    trail = nextPage(trail, 'page-2');
    trail = nextPage(trail, 'page-3');
    expect(pageNumber(trail)).toBe(3);
    expect(currentPageToken(trail)).toBe('page-3');
    trail = previousPage(trail);
    expect(currentPageToken(trail)).toBe('page-2');
    trail = previousPage(previousPage(trail));
    expect(trail).toEqual(FIRST_PAGE);
    expect(pageNumber(trail)).toBe(1);
  });
});
