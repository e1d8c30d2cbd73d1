import { describe, expect, it } from 'vitest';
import {
  findRecord,
  refusalAsValidation,
  refuseInvalid,
  resourceBodyOf,
  validationOf,
} from './resource-requests.js';
import type { JsonValue } from '../factory/resources.js';
import type { ChangeCheck } from './resource-change-check.js';

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

const check: ChangeCheck = {
  errors: [
    {
      code: 'FACTORY_UNKNOWN_DEPENDENCY',
      message: "Activity 'A' depends on 'Nowhere', which the pipeline does not have.",
      target: '/properties/activities/0/dependsOn/0/activity',
      file: 'pipelines/P',
      inChangedResource: true,
    },
    {
      code: 'FACTORY_UNKNOWN_PIPELINE',
      message: "Pipeline 'Caller' runs 'P' with a parameter it does not declare.",
      target: 'pipelines/Caller#/properties/activities/0/typeProperties/parameters/x',
      file: 'pipelines/Caller',
      inChangedResource: false,
    },
  ],
  warnings: [
    {
      code: 'FACTORY_ACTIVITY_TYPE_NOT_EXECUTABLE',
      message: 'Lookup cannot run yet.',
      target: '/properties/activities/1/type',
      file: 'pipelines/P',
      inChangedResource: true,
    },
  ],
};

describe('resource requests', () => {
  it('takes the properties of a body whose name is the path’s, in any letter case', () => {
    expect(
      resourceBodyOf('pipeline', 'Load', { name: 'LOAD', properties: { activities: [] } }),
    ).toEqual({ label: "pipeline 'Load'", properties: { activities: [] } });
    expect(resourceBodyOf('dataset', 'Rows', { properties: {} }).label).toBe("dataset 'Rows'");
  });

  it('turns body and name refusals into validation results with the targets PUT uses', () => {
    const cases: readonly { name: string; body: JsonValue; target: string }[] = [
      { name: 'P', body: [], target: '' },
      { name: 'P', body: { name: 'Q', properties: {} }, target: '/name' },
      { name: 'P', body: { name: 3, properties: {} }, target: '/name' },
      { name: 'P', body: { properties: [] }, target: '/properties' },
      { name: 'a.b', body: { properties: {} }, target: 'name' },
      { name: '', body: { properties: {} }, target: 'name' },
    ];
    for (const { name, body, target } of cases) {
      const validation = refusalAsValidation(caught(() => resourceBodyOf('pipeline', name, body)));
      expect(validation, JSON.stringify({ name, body })).toEqual({
        valid: false,
        errors: [
          {
            code: target === 'name' ? 'FACTORY_INVALID_RESOURCE_NAME' : 'FACTORY_INVALID_RESOURCE',
            message: expect.any(String),
            target,
          },
        ],
        warnings: [],
      });
    }
    expect(refusalAsValidation(new Error('store down'))).toBeUndefined();
  });

  it('answers a change check as a result, and refuses it with every error in details', () => {
    expect(validationOf(check)).toEqual({
      valid: false,
      errors: check.errors.map(({ code, message, target }) => ({ code, message, target })),
      warnings: [
        {
          code: 'FACTORY_ACTIVITY_TYPE_NOT_EXECUTABLE',
          message: 'Lookup cannot run yet.',
          target: '/properties/activities/1/type',
        },
      ],
    });
    expect(validationOf({ errors: [], warnings: [] })).toEqual({
      valid: true,
      errors: [],
      warnings: [],
    });
    const refusal = caught(() => refuseInvalid("pipeline 'P'", check));
    expect(refusal).toMatchObject({
      code: 'FACTORY_INVALID_RESOURCE',
      target: '/properties/activities/0/dependsOn/0/activity',
      message: expect.stringMatching(/^Pipeline 'P' is not valid \(2 errors\): /),
    });
    expect((refusal as { details: unknown }).details).toEqual(validationOf(check).errors);
    expect(() => refuseInvalid("pipeline 'P'", { errors: [], warnings: [] })).not.toThrow();
  });

  it('finds a resource of a kind by name in any letter case', () => {
    const records = [
      { kind: 'pipeline' as const, name: 'Load', json: {} },
      { kind: 'dataset' as const, name: 'load', json: {} },
    ];
    expect(findRecord(records, 'pipeline', 'LOAD')).toBe(records[0]);
    expect(findRecord(records, 'dataset', 'Load')).toBe(records[1]);
    expect(findRecord(records, 'linkedService', 'Load')).toBeUndefined();
  });
});
