import { describe, expect, it } from 'vitest';
import { filterByName } from './name-filter.js';

const items = [{ Name: 'Loan scoring' }, { Name: 'Churn' }, { Name: 'loan-retrain' }];

describe('filterByName', () => {
  it('keeps the items whose name holds the text, ignoring case and surrounding spaces', () => {
    expect(filterByName(items, '  LOAN ')).toEqual([
      { Name: 'Loan scoring' },
      { Name: 'loan-retrain' },
    ]);
  });

  it('keeps every item for an empty filter', () => {
    expect(filterByName(items, ' ')).toEqual(items);
  });

  it('gives no items while the list is not loaded', () => {
    expect(filterByName(undefined, 'loan')).toEqual([]);
  });
});
