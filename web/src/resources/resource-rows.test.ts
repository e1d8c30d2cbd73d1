import { describe, expect, it } from 'vitest';
import { datasetRow, filterRows, linkedServiceRow, typeLabel } from './resource-rows.js';

describe('linkedServiceRow', () => {
  it('reads name, type, description, runtime and parameters', () => {
    expect(
      linkedServiceRow({
        name: 'MillraceMl',
        properties: {
          type: 'AzureMLService',
          description: 'The ML workspace',
          parameters: { endpoint: { type: 'String', defaultValue: '' } },
          connectVia: { referenceName: 'SelfHosted', type: 'IntegrationRuntimeReference' },
          typeProperties: {},
        },
      }),
    ).toEqual({
      name: 'MillraceMl',
      type: 'AzureMLService',
      description: 'The ML workspace',
      connectVia: 'SelfHosted',
      parameterCount: 1,
    });
    expect(linkedServiceRow({ name: 'Bare', properties: {} })).toEqual({
      name: 'Bare',
      type: '',
      description: '',
      connectVia: '',
      parameterCount: 0,
    });
  });
});

describe('datasetRow', () => {
  it('reads the linked service and folder', () => {
    expect(
      datasetRow({
        name: 'Loans',
        properties: {
          type: 'DelimitedText',
          linkedServiceName: { referenceName: 'Blob', type: 'LinkedServiceReference' },
          folder: { name: 'scoring' },
        },
      }),
    ).toEqual({
      name: 'Loans',
      type: 'DelimitedText',
      description: '',
      linkedService: 'Blob',
      folder: 'scoring',
    });
  });
});

describe('filterRows', () => {
  const rows = [
    { name: 'MillraceMl', type: 'AzureMLService', count: 1 },
    { name: 'Blob', type: 'AzureBlobStorage', count: 2 },
  ];
  it('matches every word in any text column, ignoring case', () => {
    expect(filterRows(rows, ' ').length).toBe(2);
    expect(filterRows(rows, 'azure ml').map((row) => row.name)).toEqual(['MillraceMl']);
    expect(filterRows(rows, 'blob storage').map((row) => row.name)).toEqual(['Blob']);
    expect(filterRows(rows, '2')).toEqual([]);
  });
});

describe('typeLabel', () => {
  it('names known types as people read them and keeps the rest', () => {
    expect(typeLabel('AzureMLService')).toBe('Azure Machine Learning');
    expect(typeLabel('Snowflake')).toBe('Snowflake');
  });
});
