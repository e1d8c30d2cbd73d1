import { describe, expect, it } from 'vitest';
import type { MlInterfaceParameterType, MlPipelineInterface } from '../../store/ml-store.js';
import { MlWorkspaceError } from './ml-workspace-errors.js';
import { coerceParameterValue, resolveSubmission } from './submission.js';

const DATASTORES = ['workspaceblobstore', 'Scoring'];

const INTERFACE: MlPipelineInterface = {
  parameters: [
    { name: 'epochs', type: 'Int', defaultValue: '5', isOptional: true },
    { name: 'rate', type: 'Double', defaultValue: '0.01', isOptional: true },
    { name: 'verbose', type: 'Bool', defaultValue: 'false', isOptional: true },
    { name: 'label', type: 'String', defaultValue: null, isOptional: false },
    { name: 'note', type: 'String', defaultValue: null, isOptional: true },
  ],
  dataPathParameters: [
    {
      name: 'raw',
      dataType: 'uri_folder',
      defaultValue: { datastore: 'workspaceblobstore', path: 'raw/churn' },
      isOptional: true,
    },
    { name: 'customers', dataType: 'mltable', defaultValue: null, isOptional: false },
  ],
};

function problemsOf(run: () => unknown): { name: string; problem: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MlWorkspaceError);
    const workspaceError = error as MlWorkspaceError;
    expect(workspaceError.code).toBe('ML_INVALID_PARAMETERS');
    return workspaceError.details as { name: string; problem: string }[];
  }
  throw new Error('expected ML_INVALID_PARAMETERS');
}

const customers = { datastore: 'scoring', path: 'customers/latest' };

describe('coerceParameterValue', () => {
  const cases: [MlInterfaceParameterType, unknown, string | number | boolean | 'refused'][] = [
    ['Int', '20', 20],
    ['Int', 20, 20],
    ['Int', ' -3 ', -3],
    ['Int', '+7', 7],
    ['Int', 20.0, 20],
    ['Int', '2.5', 'refused'],
    ['Int', 2.5, 'refused'],
    ['Int', '1e3', 'refused'],
    ['Int', 'abc', 'refused'],
    ['Int', '', 'refused'],
    ['Int', '9007199254740993', 'refused'],
    ['Int', true, 'refused'],
    ['Double', '1.5', 1.5],
    ['Double', 1.5, 1.5],
    ['Double', '1e3', 1000],
    ['Double', '-.5', -0.5],
    ['Double', '20', 20],
    ['Double', 'NaN', 'refused'],
    ['Double', 'Infinity', 'refused'],
    ['Double', '0x10', 'refused'],
    ['Double', '', 'refused'],
    ['Double', Number.NaN, 'refused'],
    ['Double', false, 'refused'],
    ['Bool', true, true],
    ['Bool', false, false],
    ['Bool', 'true', true],
    ['Bool', 'false', false],
    ['Bool', 'True', true],
    ['Bool', 'False', false],
    ['Bool', 'yes', 'refused'],
    ['Bool', '1', 'refused'],
    ['Bool', 1, 'refused'],
    ['String', 'text', 'text'],
    ['String', '', ''],
    ['String', 42, '42'],
    ['String', 1.5, '1.5'],
    ['String', true, 'true'],
    ['String', { a: 1 }, 'refused'],
    ['String', ['a'], 'refused'],
  ];
  it.each(cases)('%s accepts %j as %j', (type, value, expected) => {
    const coerced = coerceParameterValue(type, value);
    if (expected === 'refused') expect(coerced).toEqual({ ok: false });
    else expect(coerced).toEqual({ ok: true, value: expected });
  });
});

describe('resolveSubmission', () => {
  it('fills defaults and converts assigned values to the declared types', () => {
    const resolved = resolveSubmission(
      INTERFACE,
      {
        parameterAssignments: { epochs: '20', verbose: 'True', label: 7 },
        dataPathAssignments: { customers: { datastore: 'azureml:SCORING', path: './a//b/' } },
      },
      DATASTORES,
    );
    expect(resolved.parameters).toEqual({ epochs: 20, rate: 0.01, verbose: true, label: '7' });
    expect(Object.keys(resolved.parameters)).toEqual(['epochs', 'rate', 'verbose', 'label']);
    expect(resolved.dataPaths).toEqual({
      raw: { datastore: 'workspaceblobstore', path: 'raw/churn' },
      customers: { datastore: 'Scoring', path: 'a/b' },
    });
  });

  it('leaves out optional parameters that have no default and were not assigned', () => {
    const resolved = resolveSubmission(
      INTERFACE,
      { parameterAssignments: { label: 'x' }, dataPathAssignments: { customers } },
      DATASTORES,
    );
    expect('note' in resolved.parameters).toBe(false);
  });

  it('reports every problem at once, each with the name it concerns', () => {
    const problems = problemsOf(() =>
      resolveSubmission(
        INTERFACE,
        {
          parameterAssignments: {
            epochs: '2.5',
            rate: 'fast',
            verbose: 'yes',
            note: null,
            Epochs: '3',
            unknown: 'x',
            raw: 'x',
          },
          dataPathAssignments: {
            raw: { datastore: 'nowhere', path: 'a' },
            extra: { datastore: 'workspaceblobstore', path: 'a' },
          },
        },
        DATASTORES,
      ),
    );
    expect(problems.map((problem) => problem.name)).toEqual([
      'Epochs',
      'unknown',
      'raw',
      'epochs',
      'rate',
      'verbose',
      'label',
      'note',
      'extra',
      'raw',
      'customers',
    ]);
    const byName = (name: string, index = 0) =>
      problems.filter((problem) => problem.name === name)[index]?.problem;
    expect(byName('Epochs')).toContain('did you mean "epochs"');
    expect(byName('unknown')).toContain('the parameters are epochs, rate, verbose, label, note');
    expect(byName('raw')).toContain('is a data path parameter');
    expect(byName('epochs')).toContain('"2.5" is not Int');
    expect(byName('rate')).toContain('"fast" is not Double');
    expect(byName('verbose')).toContain('"yes" is not Bool');
    expect(byName('label')).toContain('required parameter (String) is missing');
    expect(byName('note')).toContain('null is not a value');
    expect(byName('extra')).toContain('unknown data path parameter');
    expect(byName('raw', 1)).toContain('no datastore is named "nowhere"');
    expect(byName('customers')).toContain('required data path is missing');
  });

  it('puts every problem into the message too', () => {
    try {
      resolveSubmission(INTERFACE, { parameterAssignments: { epochs: 'x' } }, DATASTORES);
      expect.unreachable();
    } catch (error) {
      const message = (error as MlWorkspaceError).message;
      expect(message).toContain('"epochs": "x" is not Int');
      expect(message).toContain('"label": required parameter');
      expect(message).toContain('"customers": required data path is missing');
      expect((error as MlWorkspaceError).httpStatus).toBe(400);
    }
  });

  it.each([
    ['../secrets', 'contains ".."'],
    ['raw/../../x', 'contains ".."'],
    ['/etc/passwd', 'is absolute'],
    ['C:\\data', 'is absolute'],
    ['a\0b', 'NUL'],
  ])('refuses the data path %j (%s)', (path, why) => {
    const problems = problemsOf(() =>
      resolveSubmission(
        INTERFACE,
        {
          parameterAssignments: { label: 'x' },
          dataPathAssignments: { customers: { datastore: 'scoring', path } },
        },
        DATASTORES,
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.name).toBe('customers');
    expect(problems[0]?.problem).toContain(why);
  });

  it('refuses data path values of the wrong shape', () => {
    const problems = problemsOf(() =>
      resolveSubmission(
        INTERFACE,
        {
          parameterAssignments: { label: 'x' },
          dataPathAssignments: { customers: 'scoring/customers', raw: null },
        },
        DATASTORES,
      ),
    );
    expect(problems).toEqual([
      { name: 'raw', problem: expect.stringContaining('null is not a data path') },
      { name: 'customers', problem: expect.stringContaining('is not a data path') },
    ]);
  });

  it('says so when the pipeline has no parameters of a kind', () => {
    const problems = problemsOf(() =>
      resolveSubmission(
        { parameters: [], dataPathParameters: [] },
        { parameterAssignments: { a: '1' } },
        DATASTORES,
      ),
    );
    expect(problems).toEqual([
      { name: 'a', problem: 'unknown parameter; the pipeline has no parameters' },
    ]);
  });
});
