import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/factory-api.js';
import { editableTypeProperties, withEditedTypeProperties } from './type-properties-editing.js';

const forEach: JsonObject = {
  name: 'Each',
  type: 'ForEach',
  typeProperties: {
    items: { value: '@createArray(1)', type: 'Expression' },
    isSequential: true,
    activities: [{ name: 'Inner', type: 'Wait' }],
  },
};
const switchActivity: JsonObject = {
  name: 'Pick',
  type: 'Switch',
  typeProperties: {
    on: '@x',
    cases: [
      { value: 'a', activities: [{ name: 'A', type: 'Wait' }] },
      { value: 'b', activities: [{ name: 'B', type: 'Wait' }] },
    ],
    defaultActivities: [{ name: 'D', type: 'Wait' }],
  },
};

describe('typeProperties for the JSON editor', () => {
  it("shows a plain activity's typeProperties whole", () => {
    const wait = { name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } };
    expect(editableTypeProperties(wait)).toBe(wait.typeProperties);
    expect(withEditedTypeProperties(wait, { waitTimeInSeconds: 2 })).toEqual({
      ...wait,
      typeProperties: { waitTimeInSeconds: 2 },
    });
  });

  it('leaves the inner activities of a container out and puts them back', () => {
    expect(editableTypeProperties(forEach)).toEqual({
      items: { value: '@createArray(1)', type: 'Expression' },
      isSequential: true,
    });
    const edited = withEditedTypeProperties(forEach, { items: '@x', activities: [] });
    expect(edited['typeProperties']).toEqual({
      items: '@x',
      activities: [{ name: 'Inner', type: 'Wait' }],
    });
  });

  it("keeps each Switch case's activities by position, dropping those of removed cases", () => {
    expect(editableTypeProperties(switchActivity)['cases']).toEqual([
      { value: 'a' },
      { value: 'b' },
    ]);
    const edited = withEditedTypeProperties(switchActivity, {
      on: '@y',
      cases: [{ value: 'A2' }],
    });
    expect(edited['typeProperties']).toEqual({
      on: '@y',
      cases: [{ value: 'A2', activities: [{ name: 'A', type: 'Wait' }] }],
      defaultActivities: [{ name: 'D', type: 'Wait' }],
    });
  });
});
