import { describe, expect, it } from 'vitest';
import type { PublishedPipeline } from './ml-workspace-api.js';
import { initialSubmitValues, submitRequestOf } from './submit-form.js';

const pipeline = {
  Id: 'p-1',
  Name: 'loan-scoring',
  Interface: {
    Parameters: [
      { Name: 'threshold', Type: 1, TypeName: 'Double', DefaultValue: '0.1', IsOptional: true },
      { Name: 'label', Type: 3, TypeName: 'String', DefaultValue: null, IsOptional: false },
    ],
    DataPathParameters: [
      {
        Name: 'loans',
        DataTypeId: 'uri_file',
        DefaultValue: { DataStoreName: 'blobs', RelativePath: 'in/loans.csv' },
        IsOptional: true,
      },
    ],
  },
} as unknown as PublishedPipeline;

describe('the submit form', () => {
  it('starts in the experiment named after the pipeline, parameters empty, data paths at their defaults', () => {
    expect(initialSubmitValues(pipeline)).toEqual({
      experimentName: 'loan-scoring',
      description: '',
      parameters: { threshold: '', label: '' },
      dataPaths: { loans: { datastore: 'blobs', path: 'in/loans.csv' } },
    });
  });

  it('sends only what differs from the defaults', () => {
    const values = {
      ...initialSubmitValues(pipeline),
      parameters: { threshold: '', label: 'nightly' },
      description: '  a try  ',
    };
    expect(submitRequestOf(pipeline, values)).toEqual({
      problems: [],
      request: {
        ExperimentName: 'loan-scoring',
        RunSource: 'UI',
        Description: 'a try',
        ParameterAssignments: { label: 'nightly' },
      },
    });
    const moved = {
      ...values,
      dataPaths: { loans: { datastore: 'blobs', path: ' in/other.csv ' } },
    };
    expect(submitRequestOf(pipeline, moved).request?.DataPathAssignments).toEqual({
      loans: { DataStoreName: 'blobs', RelativePath: 'in/other.csv' },
    });
  });

  it('names every problem at once: no experiment, a required parameter, half a data path', () => {
    const values = {
      ...initialSubmitValues(pipeline),
      experimentName: ' ',
      dataPaths: { loans: { datastore: 'blobs', path: '' } },
    };
    const result = submitRequestOf(pipeline, values);
    expect(result.request).toBeUndefined();
    expect(result.problems.map((problem) => problem.field)).toEqual([
      'experimentName',
      'parameters.label',
      'dataPaths.loans',
    ]);
  });

  it('lets an optional data path with a default be cleared (the server uses the default)', () => {
    const values = {
      ...initialSubmitValues(pipeline),
      parameters: { threshold: '0.2', label: 'x' },
      dataPaths: { loans: { datastore: '', path: '' } },
    };
    expect(submitRequestOf(pipeline, values).request).toEqual({
      ExperimentName: 'loan-scoring',
      RunSource: 'UI',
      ParameterAssignments: { threshold: '0.2', label: 'x' },
    });
  });
});
