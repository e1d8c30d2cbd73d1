import { describe, expect, it } from 'vitest';
import type { PipelineRun } from '../api/factory-api.js';
import {
  DEFAULT_FILTER,
  filterFromSearch,
  filterToSearch,
  isoFromLocalInput,
  localInputValue,
  runMatchesFilter,
  runQueryOf,
  type RunListFilter,
} from './run-filters.js';

const now = new Date('2024-05-10T12:00:00.000Z');

function run(overrides: Partial<PipelineRun> = {}): PipelineRun {
  return {
    runId: 'r1',
    pipelineName: 'Copy',
    status: 'Succeeded',
    runStart: '2024-05-10T11:00:00.000Z',
    lastUpdated: '2024-05-10T11:30:00.000Z',
    invokedBy: { name: 'Manual', invokedByType: 'Manual' },
    ...overrides,
  };
}

describe('the filter in the URL query', () => {
  it('leaves defaults out, so the plain address means the default filter', () => {
    expect(filterToSearch(DEFAULT_FILTER).toString()).toBe('');
    expect(filterFromSearch(new URLSearchParams(''))).toEqual(DEFAULT_FILTER);
  });

  it('round-trips every choice, pipeline names with commas and spaces included', () => {
    const filter: RunListFilter = {
      window: 'custom',
      from: '2024-05-01T00:00:00.000Z',
      to: '2024-05-02T00:00:00.000Z',
      statuses: ['Failed', 'Cancelled'],
      pipelines: ['Load, then score', 'Copy'],
      debug: true,
    };
    const search = filterToSearch(filter);
    expect(search.getAll('status')).toEqual(['Failed', 'Cancelled']);
    expect(filterFromSearch(new URLSearchParams(search.toString()))).toEqual(filter);
  });

  it('ignores unknown windows and statuses, malformed instants and a range without custom', () => {
    const filter = filterFromSearch(
      new URLSearchParams('window=2y&status=Nope&status=Failed&from=yesterday&to=2024-05-01'),
    );
    expect(filter).toEqual({ ...DEFAULT_FILTER, statuses: ['Failed'] });
    const custom = filterFromSearch(new URLSearchParams('window=custom&from=yesterday'));
    expect(custom).toEqual({ ...DEFAULT_FILTER, window: 'custom' });
  });

  it('drops repeated values', () => {
    const filter = filterFromSearch(
      new URLSearchParams('status=Failed&status=Failed&pipeline=A&pipeline=A'),
    );
    expect(filter.statuses).toEqual(['Failed']);
    expect(filter.pipelines).toEqual(['A']);
  });
});

describe('the query the filter sends', () => {
  it('asks for the relative window back from now, newest runs first, triggered runs only', () => {
    const query = runQueryOf({ ...DEFAULT_FILTER, window: '1h' }, now);
    expect(query).toEqual({
      lastUpdatedAfter: '2024-05-10T11:00:00.000Z',
      filters: [{ operand: 'InvokedByType', operator: 'NotEquals', values: ['Debug'] }],
      orderBy: [{ orderBy: 'RunStart', order: 'DESC' }],
    });
  });

  it('sends statuses, pipelines, the custom range, debug runs and the continuation token', () => {
    const query = runQueryOf(
      {
        window: 'custom',
        from: '2024-05-01T00:00:00.000Z',
        to: '2024-05-02T00:00:00.000Z',
        statuses: ['Failed'],
        pipelines: ['Copy', 'Score'],
        debug: true,
      },
      now,
      'page-2',
    );
    expect(query.lastUpdatedAfter).toBe('2024-05-01T00:00:00.000Z');
    expect(query.lastUpdatedBefore).toBe('2024-05-02T00:00:00.000Z');
    expect(query.continuationToken).toBe('page-2');
    expect(query.filters).toEqual([
      { operand: 'Status', operator: 'In', values: ['Failed'] },
      { operand: 'PipelineName', operator: 'In', values: ['Copy', 'Score'] },
      { operand: 'InvokedByType', operator: 'Equals', values: ['Debug'] },
    ]);
  });
});

describe('a live run against the filter', () => {
  it('matches on status, pipeline (any case), debug and the time window', () => {
    const filter: RunListFilter = {
      ...DEFAULT_FILTER,
      statuses: ['Succeeded'],
      pipelines: ['copy'],
    };
    expect(runMatchesFilter(run(), filter, now)).toBe(true);
    expect(runMatchesFilter(run({ status: 'Failed' }), filter, now)).toBe(false);
    expect(runMatchesFilter(run({ pipelineName: 'Other' }), filter, now)).toBe(false);
    expect(
      runMatchesFilter(run({ invokedBy: { name: 'Debug', invokedByType: 'Debug' } }), filter, now),
    ).toBe(false);
    expect(runMatchesFilter(run({ lastUpdated: '2024-05-08T00:00:00.000Z' }), filter, now)).toBe(
      false,
    );
    const custom: RunListFilter = {
      ...DEFAULT_FILTER,
      window: 'custom',
      to: '2024-05-10T11:30:00.000Z',
    };
    expect(runMatchesFilter(run(), custom, now)).toBe(false);
    expect(runMatchesFilter(run({ lastUpdated: '2024-05-10T11:29:59.000Z' }), custom, now)).toBe(
      true,
    );
  });
});

describe('datetime-local values', () => {
  it('round-trip an instant to the minute in the browser’s time zone', () => {
    const local = localInputValue('2024-05-10T11:42:00.000Z');
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(isoFromLocalInput(local)).toBe('2024-05-10T11:42:00.000Z');
    expect(isoFromLocalInput('')).toBeUndefined();
    expect(isoFromLocalInput('nonsense')).toBeUndefined();
    expect(localInputValue(undefined)).toBe('');
  });
});
