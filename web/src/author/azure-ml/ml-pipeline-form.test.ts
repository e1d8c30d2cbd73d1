import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../api/factory-api.js';
import {
  buildPipelineForm,
  defaultHint,
  parameterKind,
  parameterValueProblem,
  type PipelineInterface,
} from './ml-pipeline-form.js';

/** The loan-scoring published pipeline's interface, as the workspace answers. */
const loanScoring: PipelineInterface = {
  Parameters: [
    { Name: 'threshold', Type: 1, TypeName: 'Double', DefaultValue: '0.1', IsOptional: true },
    { Name: 'run_label', Type: 3, TypeName: 'String', DefaultValue: '', IsOptional: true },
    { Name: 'batch_size', Type: 0, TypeName: 'Int', DefaultValue: null, IsOptional: false },
  ],
  DataPathParameters: [
    {
      Name: 'loans',
      DataTypeId: 'uri_file',
      DefaultValue: { DataStoreName: 'workspaceblobstore', RelativePath: 'loans.csv' },
      IsOptional: true,
    },
  ],
};

const activity: JsonObject = {
  typeProperties: {
    mlPipelineParameters: { threshold: 0.2, Run_Label: 'x', stale: 'y' },
    dataPathAssignments: {
      loans: 'blob/new.csv',
      extra: { DataStoreName: 'a', RelativePath: 'b' },
    },
  },
};

describe('buildPipelineForm', () => {
  it('builds one field per parameter with its type, default and value', () => {
    const form = buildPipelineForm(loanScoring, activity);
    expect(form.parameters).toEqual([
      { name: 'threshold', kind: 'float', defaultText: '0.1', required: false, value: 0.2 },
      { name: 'run_label', kind: 'string', defaultText: '', required: false, value: undefined },
      { name: 'batch_size', kind: 'int', defaultText: undefined, required: true, value: undefined },
    ]);
    expect(form.dataPaths).toEqual([
      {
        name: 'loans',
        dataType: 'uri_file',
        defaultValue: { DataStoreName: 'workspaceblobstore', RelativePath: 'loans.csv' },
        required: false,
        parts: { DataStoreName: 'blob', RelativePath: 'new.csv' },
      },
    ]);
  });

  it('lists assignments the pipeline does not declare, with the likely name', () => {
    const form = buildPipelineForm(loanScoring, activity);
    expect(form.unknownParameters).toEqual([
      { name: 'Run_Label', value: 'x', didYouMean: 'run_label' },
      { name: 'stale', value: 'y' },
    ]);
    expect(form.unknownDataPaths).toEqual([
      { name: 'extra', value: { DataStoreName: 'a', RelativePath: 'b' } },
    ]);
  });

  it('treats everything as unknown without an interface', () => {
    const form = buildPipelineForm(undefined, activity);
    expect(form.parameters).toEqual([]);
    expect(form.unknownParameters.map((entry) => entry.name)).toEqual([
      'threshold',
      'Run_Label',
      'stale',
    ]);
  });
});

describe('parameterKind', () => {
  it('reads the type code first, then the name', () => {
    expect(parameterKind({ Type: 0 })).toBe('int');
    expect(parameterKind({ Type: 2, TypeName: 'String' })).toBe('bool');
    expect(parameterKind({ TypeName: 'double' })).toBe('float');
    expect(parameterKind({ TypeName: 'Boolean' })).toBe('bool');
    expect(parameterKind({ TypeName: 'int' })).toBe('int');
    expect(parameterKind({})).toBe('string');
  });
});

describe('parameterValueProblem', () => {
  it.each([
    ['int', 20, undefined],
    ['int', ' -3 ', undefined],
    ['int', 2.5, 'whole number'],
    ['int', '1e3', 'whole number'],
    ['float', '1e3', undefined],
    ['float', '.5', undefined],
    ['float', 'NaN', 'number such as'],
    ['bool', 'TRUE', undefined],
    ['bool', false, undefined],
    ['bool', 'yes', 'true or false'],
    ['string', 7, undefined],
    ['string', { a: 1 }, 'text, a number'],
    ['int', { value: '@pipeline().parameters.n', type: 'Expression' }, undefined],
    ['int', '@pipeline().parameters.n', undefined],
    ['int', undefined, undefined],
  ] as const)('%s %j → %s', (kind, value, expected) => {
    const problem = parameterValueProblem(kind, value);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(expected);
  });
});

describe('defaultHint', () => {
  it('says the default, an empty default, or that it is required', () => {
    expect(defaultHint({ defaultText: '0.1', required: false })).toBe('default: 0.1');
    expect(defaultHint({ defaultText: '', required: false })).toBe('default: (empty text)');
    expect(defaultHint({ defaultText: undefined, required: true })).toBe('required');
  });
});
