import { describe, expect, it } from 'vitest';
import type { FactoryResource } from '../api/factory-api.js';
import { usesOf } from './resource-references.js';

const ml = { referenceName: 'MillraceMl', type: 'LinkedServiceReference' };
const pipeline: FactoryResource = {
  name: 'ScoreLoans',
  properties: {
    activities: [
      { name: 'ScoreWithMl', type: 'AzureMLExecutePipeline', linkedServiceName: ml },
      {
        name: 'Each',
        type: 'ForEach',
        typeProperties: {
          activities: [
            {
              name: 'Inner',
              type: 'Lookup',
              typeProperties: { dataset: { referenceName: 'Loans', type: 'DatasetReference' } },
            },
            { name: 'InnerMl', type: 'AzureMLExecutePipeline', linkedServiceName: ml },
          ],
        },
      },
      {
        name: 'Branch',
        type: 'IfCondition',
        typeProperties: {
          ifTrueActivities: [
            {
              name: 'Copy',
              type: 'Copy',
              inputs: [{ referenceName: 'Loans', type: 'DatasetReference' }],
            },
          ],
        },
      },
    ],
  },
};
const dataset: FactoryResource = {
  name: 'Loans',
  properties: {
    type: 'DelimitedText',
    linkedServiceName: { referenceName: 'Blob', type: 'LinkedServiceReference' },
  },
};

describe('usesOf', () => {
  it('finds each activity that references a linked service, nested ones too', () => {
    expect(
      usesOf('MillraceMl', 'LinkedServiceReference', [
        { kind: 'pipeline', resource: pipeline },
        { kind: 'dataset', resource: dataset },
      ]),
    ).toEqual([
      { kind: 'pipeline', resource: 'ScoreLoans', activity: 'ScoreWithMl' },
      { kind: 'pipeline', resource: 'ScoreLoans', activity: 'InnerMl' },
    ]);
  });

  it('finds datasets in activities and linked services in datasets', () => {
    expect(usesOf('Loans', 'DatasetReference', [{ kind: 'pipeline', resource: pipeline }])).toEqual(
      [
        { kind: 'pipeline', resource: 'ScoreLoans', activity: 'Inner' },
        { kind: 'pipeline', resource: 'ScoreLoans', activity: 'Copy' },
      ],
    );
    expect(
      usesOf('Blob', 'LinkedServiceReference', [{ kind: 'dataset', resource: dataset }]),
    ).toEqual([{ kind: 'dataset', resource: 'Loans' }]);
    expect(
      usesOf('Loans', 'LinkedServiceReference', [{ kind: 'pipeline', resource: pipeline }]),
    ).toEqual([]);
  });
});
