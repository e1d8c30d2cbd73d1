import { describe, expect, it } from 'vitest';
import { filterPipelineRows, pipelineRow } from './pipeline-list.js';

const rows = [
  pipelineRow({
    name: 'ScoreLoans',
    properties: {
      description: 'Scores loan applications',
      folder: { name: 'ml' },
      activities: [
        { name: 'A', type: 'Wait' },
        { name: 'Loop', type: 'ForEach', typeProperties: { activities: [{ name: 'B' }] } },
      ],
    },
  }),
  pipelineRow({ name: 'copyFiles', properties: { activities: [] } }),
  pipelineRow({ name: 'Archive', properties: { folder: { name: 'ml' } } }),
];

describe('pipeline rows', () => {
  it('reads the folder, the activity counts and the description', () => {
    expect(rows[0]).toEqual({
      name: 'ScoreLoans',
      folder: 'ml',
      activityCount: 2,
      totalActivityCount: 3,
      description: 'Scores loan applications',
    });
    expect(rows[2]).toMatchObject({ folder: 'ml', activityCount: 0, description: '' });
  });

  it('sorts by folder then name, ignoring case', () => {
    expect(filterPipelineRows(rows, '').map((row) => row.name)).toEqual([
      'copyFiles',
      'Archive',
      'ScoreLoans',
    ]);
  });

  it('keeps the rows holding every word of the search in name, folder or description', () => {
    expect(filterPipelineRows(rows, 'LOAN').map((row) => row.name)).toEqual(['ScoreLoans']);
    expect(filterPipelineRows(rows, 'ml arch').map((row) => row.name)).toEqual(['Archive']);
    expect(filterPipelineRows(rows, 'nothing-like-this')).toEqual([]);
  });
});
