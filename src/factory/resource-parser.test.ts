import { describe, expect, it } from 'vitest';
import { allActivities } from './activity-tree.js';
import { parseDataset, parsePipeline } from './resource-parser.js';
import type { JsonObject } from './resources.js';

function pipeline(properties: JsonObject, pointer = '') {
  return parsePipeline({
    name: 'P',
    properties,
    json: { name: 'P', properties },
    source: { file: 'p.json', pointer },
  });
}

describe('parsePipeline', () => {
  it('normalises parameter and variable type names ignoring case', () => {
    const parsed = pipeline({
      parameters: {
        a: { type: 'int', defaultValue: 1 },
        b: { type: 'bool' },
        c: { type: 'string' },
        d: { type: 'securestring' },
        e: { type: 'ARRAY' },
        f: { type: 'object' },
        g: { type: 'float', defaultValue: null },
      },
      variables: {
        v1: { type: 'string' },
        v2: { type: 'Bool', defaultValue: false },
        v3: { type: 'boolean' },
        v4: { type: 'array', defaultValue: [] },
      },
    });
    expect(parsed.parameters).toEqual({
      a: { type: 'Int', defaultValue: 1 },
      b: { type: 'Bool' },
      c: { type: 'String' },
      d: { type: 'SecureString' },
      e: { type: 'Array' },
      f: { type: 'Object' },
      g: { type: 'Float', defaultValue: null },
    });
    expect(parsed.variables).toEqual({
      v1: { type: 'String' },
      v2: { type: 'Boolean', defaultValue: false },
      v3: { type: 'Boolean' },
      v4: { type: 'Array', defaultValue: [] },
    });
  });

  it('fills the defaults ADF applies to an activity', () => {
    const [activity] = pipeline({
      activities: [{ name: 'W', type: 'wait', typeProperties: { waitTimeInSeconds: 1 } }],
    }).activities;
    expect(activity).toMatchObject({
      name: 'W',
      type: 'Wait',
      dependsOn: [],
      state: 'Active',
      onInactiveMarkAs: 'Succeeded',
      policy: {},
      userProperties: [],
      branches: [],
      source: { file: 'p.json', pointer: '/properties/activities/0' },
    });
  });

  it('reads state, policy, dependencies, user properties and the linked service as written', () => {
    const [activity] = pipeline({
      activities: [
        {
          name: 'C',
          type: 'Copy',
          state: 'Inactive',
          onInactiveMarkAs: 'skipped',
          dependsOn: [{ activity: 'A', dependencyConditions: ['succeeded', 'Nope', 'Failed'] }],
          policy: {
            timeout: '0.01:00:00',
            retry: 2,
            retryIntervalInSeconds: 60,
            secureInput: true,
          },
          userProperties: [{ name: 'k', value: '@item()' }],
          linkedServiceName: {
            referenceName: 'LS',
            type: 'LinkedServiceReference',
            parameters: { x: 1 },
          },
        },
      ],
    }).activities;
    expect(activity).toMatchObject({
      state: 'Inactive',
      onInactiveMarkAs: 'Skipped',
      dependsOn: [{ activity: 'A', dependencyConditions: ['Succeeded', 'Failed'] }],
      policy: { timeout: '0.01:00:00', retry: 2, retryIntervalInSeconds: 60, secureInput: true },
      userProperties: [{ name: 'k', value: '@item()' }],
      linkedServiceName: { referenceName: 'LS', parameters: { x: 1 } },
    });
  });

  it('parses the branches of every control activity with their pointers', () => {
    const wait = (name: string) => ({
      name,
      type: 'Wait',
      typeProperties: { waitTimeInSeconds: 1 },
    });
    const parsed = pipeline(
      {
        activities: [
          {
            name: 'F',
            type: 'ForEach',
            typeProperties: { items: '@createArray(1)', activities: [wait('F1')] },
          },
          {
            name: 'U',
            type: 'Until',
            typeProperties: { expression: '@true', activities: [wait('U1')] },
          },
          {
            name: 'I',
            type: 'IfCondition',
            typeProperties: { expression: '@true', ifFalseActivities: [wait('I1')] },
          },
          {
            name: 'S',
            type: 'Switch',
            typeProperties: {
              on: '@x',
              cases: [
                { value: 'a', activities: [wait('S1')] },
                { value: 'b', activities: [wait('S2'), wait('S3')] },
              ],
              defaultActivities: [wait('S4')],
            },
          },
        ],
      },
      '/resources/2',
    );
    const [forEach, until, ifCondition, switchActivity] = parsed.activities;
    expect(forEach?.branches.map((branch) => branch.key)).toEqual(['activities']);
    expect(until?.branches[0]?.activities[0]?.source.pointer).toBe(
      '/resources/2/properties/activities/1/typeProperties/activities/0',
    );
    expect(ifCondition?.branches.map((branch) => [branch.key, branch.activities.length])).toEqual([
      ['ifTrueActivities', 0],
      ['ifFalseActivities', 1],
    ]);
    expect(switchActivity?.branches.map((branch) => [branch.key, branch.caseValue])).toEqual([
      ["case 'a'", 'a'],
      ["case 'b'", 'b'],
      ['defaultActivities', undefined],
    ]);
    expect(switchActivity?.branches[1]?.activities[1]?.source.pointer).toBe(
      '/resources/2/properties/activities/3/typeProperties/cases/1/activities/1',
    );
    expect(allActivities(parsed.activities).map((activity) => activity.name)).toEqual([
      'F',
      'F1',
      'U',
      'U1',
      'I',
      'I1',
      'S',
      'S1',
      'S2',
      'S3',
      'S4',
    ]);
  });

  it('keeps what it cannot read for the validator instead of failing', () => {
    const parsed = pipeline({
      activities: [
        'not an activity',
        { type: 'Wait' },
        { name: 'X', type: 'Teleport', dependsOn: 'A' },
      ],
      parameters: { p: { type: 'Integer' }, q: 'oops' },
    });
    expect(
      parsed.activities.map((activity) => [activity.name, activity.type, activity.source.pointer]),
    ).toEqual([
      ['', 'Wait', '/properties/activities/1'],
      ['X', 'Teleport', '/properties/activities/2'],
    ]);
    expect(parsed.activities[1]?.dependsOn).toEqual([]);
    expect(parsed.parameters).toEqual({ p: { type: 'String' } });
  });
});

describe('parseDataset', () => {
  it('reads the linked service reference and parameters', () => {
    const properties = {
      type: 'DelimitedText',
      linkedServiceName: { referenceName: 'LS', type: 'LinkedServiceReference' },
      parameters: { fileName: { type: 'string' } },
      typeProperties: { location: { type: 'AzureBlobFSLocation' } },
    };
    expect(
      parseDataset({
        name: 'D',
        properties,
        json: { name: 'D', properties },
        source: { file: 'd.json', pointer: '' },
      }),
    ).toMatchObject({
      type: 'DelimitedText',
      linkedServiceName: { referenceName: 'LS' },
      parameters: { fileName: { type: 'String' } },
      typeProperties: { location: { type: 'AzureBlobFSLocation' } },
    });
  });
});
