import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../factory/resources.js';
import type { ResourceJsonEntry } from './factory-from-records.js';
import { checkResourceChange } from './resource-change-check.js';

const lake: ResourceJsonEntry = {
  kind: 'linkedService',
  name: 'Lake',
  json: { name: 'Lake', properties: { type: 'AzureBlobStorage', typeProperties: {} } },
};
const sales: ResourceJsonEntry = {
  kind: 'dataset',
  name: 'Sales',
  json: {
    name: 'Sales',
    properties: {
      type: 'DelimitedText',
      linkedServiceName: { referenceName: 'Lake', type: 'LinkedServiceReference' },
    },
  },
};

function pipeline(name: string, activities: JsonObject[]): ResourceJsonEntry {
  return { kind: 'pipeline', name, json: { name, properties: { activities } } };
}

const lookupSales = {
  name: 'ReadSales',
  type: 'Lookup',
  typeProperties: {
    source: { type: 'DelimitedTextSource' },
    dataset: { referenceName: 'Sales', type: 'DatasetReference' },
  },
};

describe('checkResourceChange', () => {
  it('reports an error of the written resource with its JSON pointer in the body', () => {
    const check = checkResourceChange('f', [lake], {
      action: 'put',
      resource: pipeline('Load', [lookupSales]),
    });
    expect(check.errors).toHaveLength(1);
    expect(check.errors[0]).toMatchObject({
      code: 'FACTORY_UNKNOWN_DATASET',
      target: '/properties/activities/0/typeProperties/dataset/referenceName',
      inChangedResource: true,
    });
    // Lookup is an ADF type Millrace cannot run: a warning, not an error.
    expect(check.warnings.map((problem) => problem.code)).toEqual([
      'FACTORY_ACTIVITY_TYPE_NOT_EXECUTABLE',
    ]);
  });

  it('accepts a resource whose references exist, returning its warnings only', () => {
    const check = checkResourceChange('f', [lake, sales], {
      action: 'put',
      resource: pipeline('Load', [lookupSales]),
    });
    expect(check.errors).toEqual([]);
    expect(check.warnings).toHaveLength(1);
  });

  it('names the resources a delete would leave with a broken reference', () => {
    const check = checkResourceChange('f', [lake, sales, pipeline('Load', [lookupSales])], {
      action: 'delete',
      resource: { kind: 'dataset', name: 'SALES' },
    });
    expect(check.errors.map((problem) => [problem.code, problem.target])).toEqual([
      [
        'FACTORY_UNKNOWN_DATASET',
        'pipelines/Load#/properties/activities/0/typeProperties/dataset/referenceName',
      ],
    ]);
    expect(check.warnings).toEqual([]);
  });

  it('does not blame a change for errors other resources had before', () => {
    const broken = pipeline('Broken', [lookupSales]);
    const check = checkResourceChange('f', [lake, broken], {
      action: 'put',
      resource: pipeline('Fine', [{ name: 'Nothing', type: 'NoOp' }]),
    });
    expect(check.errors).toEqual([]);
  });
});
