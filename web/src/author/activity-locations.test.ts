import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/factory-api.js';
import { activitiesOf, allActivities, listPath, locateActivity } from './activity-locations.js';

const activities: JsonObject[] = [
  { name: 'A', type: 'Wait' },
  {
    name: 'Loop',
    type: 'Until',
    typeProperties: {
      expression: '@true',
      activities: [{ name: 'Inner1', type: 'Wait' }],
    },
  },
  {
    name: 'Pick',
    type: 'Switch',
    typeProperties: {
      cases: [{ value: 'x', activities: [{ name: 'X', type: 'Wait' }] }],
      defaultActivities: [{ name: 'D', type: 'Wait' }],
    },
  },
];

describe('activity locations', () => {
  it('gives every activity its pointer path and its containers, outer first', () => {
    expect(allActivities(activities).map(({ path, chain }) => [path, chain])).toEqual([
      [[0], ['A']],
      [[1], ['Loop']],
      [
        [1, 'typeProperties', 'activities', 0],
        ['Loop', 'Inner1'],
      ],
      [[2], ['Pick']],
      [
        [2, 'typeProperties', 'cases', 0, 'activities', 0],
        ['Pick', 'X'],
      ],
      [
        [2, 'typeProperties', 'defaultActivities', 0],
        ['Pick', 'D'],
      ],
    ]);
    expect(locateActivity(activities, 'Inner1')?.activity['type']).toBe('Wait');
    expect(locateActivity(activities, 'Nope')).toBeUndefined();
  });

  it('maps container list keys to their paths', () => {
    expect(listPath('ifTrueActivities')).toEqual(['typeProperties', 'ifTrueActivities']);
    expect(listPath('cases/3')).toEqual(['typeProperties', 'cases', 3, 'activities']);
  });

  it('keeps indexes aligned with pointers when the list holds a non-object', () => {
    expect(activitiesOf({ activities: [1, { name: 'B' }] })).toEqual([{}, { name: 'B' }]);
    expect(activitiesOf({})).toEqual([]);
  });
});
