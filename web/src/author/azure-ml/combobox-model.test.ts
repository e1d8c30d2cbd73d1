import { describe, expect, it } from 'vitest';
import { filterOptions, moveActive } from './combobox-model.js';

const options = [
  { value: '4b3c-01', label: 'loan-scoring', details: ['version 1'] },
  { value: '77aa-02', label: 'loan-scoring', details: ['version 2', 'Deprecated'] },
  { value: '9f10-03', label: 'sentiment', details: ['version 1'] },
];

describe('filterOptions', () => {
  it('keeps options holding every word, in name, id or details', () => {
    expect(filterOptions(options, '').length).toBe(3);
    expect(filterOptions(options, 'LOAN').map((option) => option.value)).toEqual([
      '4b3c-01',
      '77aa-02',
    ]);
    expect(filterOptions(options, 'loan version 2').map((option) => option.value)).toEqual([
      '77aa-02',
    ]);
    expect(filterOptions(options, '9f10').map((option) => option.label)).toEqual(['sentiment']);
    expect(filterOptions(options, 'nothing')).toEqual([]);
  });
});

describe('moveActive', () => {
  it('moves and wraps around, starting from either end', () => {
    expect(moveActive(-1, 1, 3)).toBe(0);
    expect(moveActive(-1, -1, 3)).toBe(2);
    expect(moveActive(2, 1, 3)).toBe(0);
    expect(moveActive(0, -1, 3)).toBe(2);
    expect(moveActive(1, 1, 0)).toBe(-1);
  });
});
