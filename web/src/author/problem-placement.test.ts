import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/factory-api.js';
import {
  activityOfPointer,
  currentPointer,
  placeProblems,
  problemsByActivity,
  problemsOfActivity,
} from './problem-placement.js';

const activities: JsonObject[] = [
  { name: 'Start', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } },
  {
    name: 'Each',
    type: 'ForEach',
    typeProperties: {
      items: '@createArray(1)',
      activities: [
        {
          name: 'Branch',
          type: 'IfCondition',
          typeProperties: {
            expression: '@true',
            ifTrueActivities: [{ name: 'Yes', type: 'Wait', typeProperties: {} }],
            ifFalseActivities: [],
          },
        },
      ],
    },
  },
  {
    name: 'Pick',
    type: 'Switch',
    typeProperties: {
      on: '@string(1)',
      cases: [{ value: '1', activities: [{ name: 'One', type: 'Wait', typeProperties: {} }] }],
      defaultActivities: [{ name: 'Other', type: 'Wait', typeProperties: {} }],
    },
  },
];
const resource = { name: 'P', properties: { activities } };

describe('activityOfPointer', () => {
  it('names the top-level activity of a pointer and the rest relative to it', () => {
    expect(
      activityOfPointer(resource, '/properties/activities/0/typeProperties/waitTimeInSeconds'),
    ).toEqual({
      chain: ['Start'],
      relativePointer: '/typeProperties/waitTimeInSeconds',
    });
    expect(activityOfPointer(resource, '/properties/activities/0')).toEqual({
      chain: ['Start'],
      relativePointer: '',
    });
  });

  it('follows ForEach, IfCondition and Switch branches down to the innermost activity', () => {
    expect(
      activityOfPointer(
        resource,
        '/properties/activities/1/typeProperties/activities/0/typeProperties/ifTrueActivities/0/typeProperties/waitTimeInSeconds',
      ),
    ).toEqual({
      chain: ['Each', 'Branch', 'Yes'],
      relativePointer: '/typeProperties/waitTimeInSeconds',
    });
    expect(
      activityOfPointer(
        resource,
        '/properties/activities/2/typeProperties/cases/0/activities/0/name',
      ),
    ).toEqual({ chain: ['Pick', 'One'], relativePointer: '/name' });
    expect(
      activityOfPointer(resource, '/properties/activities/2/typeProperties/defaultActivities/0'),
    ).toEqual({ chain: ['Pick', 'Other'], relativePointer: '' });
  });

  it('stops at the container when the pointer names its branch, or an absent inner activity', () => {
    expect(
      activityOfPointer(resource, '/properties/activities/1/typeProperties/activities'),
    ).toEqual({ chain: ['Each'], relativePointer: '/typeProperties/activities' });
    expect(
      activityOfPointer(resource, '/properties/activities/1/typeProperties/activities/5/name'),
    ).toEqual({ chain: ['Each'], relativePointer: '/typeProperties/activities/5/name' });
  });

  it('answers undefined outside the activities', () => {
    expect(activityOfPointer(resource, '/properties/parameters/x')).toBeUndefined();
    expect(activityOfPointer(resource, '/properties/activities/9/name')).toBeUndefined();
    expect(activityOfPointer(resource, 'pipelines/Other#/properties')).toBeUndefined();
    expect(activityOfPointer(resource, '')).toBeUndefined();
  });
});

describe('placing problems', () => {
  const problems = placeProblems(
    resource,
    [
      {
        code: 'FACTORY_MISSING_PROPERTY',
        message: 'Yes needs waitTimeInSeconds.',
        target:
          '/properties/activities/1/typeProperties/activities/0/typeProperties/ifTrueActivities/0/typeProperties/waitTimeInSeconds',
      },
      {
        code: 'FACTORY_INVALID_PROPERTY',
        message: 'Start waits too long.',
        target: '/properties/activities/0/typeProperties/waitTimeInSeconds',
      },
      {
        code: 'X',
        message: 'And again.',
        target: '/properties/activities/0/typeProperties/waitTimeInSeconds',
      },
      { code: 'FACTORY_UNKNOWN_PARAMETER', message: 'Pipeline-level.', target: '/properties/x' },
    ],
    'error',
  );

  it('puts each problem on its innermost activity and marks the containers around it', () => {
    expect(problemsByActivity(problems)).toEqual({
      Each: ["In 'Yes': Yes needs waitTimeInSeconds."],
      Branch: ["In 'Yes': Yes needs waitTimeInSeconds."],
      Yes: ['Yes needs waitTimeInSeconds.'],
      Start: ['Start waits too long.', 'And again.'],
    });
  });

  it('gives the properties panel the messages by pointer relative to the activity', () => {
    expect(problemsOfActivity(problems, 'Start')).toEqual({
      '/typeProperties/waitTimeInSeconds': 'Start waits too long. And again.',
    });
    expect(problemsOfActivity(problems, 'Each')).toEqual({});
  });

  it('keeps problems on their activity after activities move, and drops them when it is gone', () => {
    const moved = {
      properties: { activities: [{ name: 'New', type: 'Wait' }, ...activities.slice(0, 2)] },
    };
    const [yes, start, , pipelineLevel] = problems;
    expect(currentPointer(moved, start!)).toBe(
      '/properties/activities/1/typeProperties/waitTimeInSeconds',
    );
    expect(currentPointer(moved, yes!)).toBe(
      '/properties/activities/2/typeProperties/activities/0/typeProperties/ifTrueActivities/0/typeProperties/waitTimeInSeconds',
    );
    expect(currentPointer(moved, pipelineLevel!)).toBe('/properties/x');
    expect(currentPointer({ properties: { activities: [] } }, start!)).toBeUndefined();
  });

  it('leaves a target that is no pointer unplaced', () => {
    const [other] = placeProblems(
      resource,
      [{ message: 'Elsewhere.', target: 'datasets/D#/properties' }],
      'warning',
    );
    expect(other).toEqual({
      message: 'Elsewhere.',
      target: 'datasets/D#/properties',
      severity: 'warning',
    });
    expect(currentPointer(resource, other!)).toBeUndefined();
  });
});
