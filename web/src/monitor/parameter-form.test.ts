import { describe, expect, it } from 'vitest';
import {
  coerceField,
  coerceParameters,
  initialValues,
  parameterFields,
  ParameterProblemCodes,
} from './parameter-form.js';

const declared = {
  name: { type: 'String' },
  count: { type: 'int', defaultValue: 3 },
  ratio: { type: 'Float', defaultValue: 0.5 },
  dryRun: { type: 'Bool', defaultValue: false },
  items: { type: 'Array', defaultValue: [1, 2] },
  options: { type: 'Object' },
  secret: { type: 'SecureString', defaultValue: '**********' },
  token: { type: 'SecureString' },
};

describe('the fields of a pipeline’s parameters', () => {
  it('keeps the declared order, types any letter case, prefills defaults and hides secret ones', () => {
    const fields = parameterFields(declared);
    expect(fields.map((field) => [field.name, field.type, field.kind, field.required])).toEqual([
      ['name', 'String', 'text', true],
      ['count', 'Int', 'number', false],
      ['ratio', 'Float', 'number', false],
      ['dryRun', 'Bool', 'boolean', false],
      ['items', 'Array', 'json', false],
      ['options', 'Object', 'json', true],
      ['secret', 'SecureString', 'secret', false],
      ['token', 'SecureString', 'secret', true],
    ]);
    expect(initialValues(fields)).toEqual({
      name: '',
      count: '3',
      ratio: '0.5',
      dryRun: 'false',
      items: '[\n  1,\n  2\n]',
      options: '',
      secret: '',
      token: '',
    });
    expect(fields.find((field) => field.name === 'secret')?.hiddenDefault).toBe(true);
  });

  it('makes no fields of a pipeline without parameters', () => {
    expect(parameterFields(undefined)).toEqual([]);
    expect(parameterFields([])).toEqual([]);
  });
});

describe('coercing the form to parameters', () => {
  const fields = parameterFields(declared);

  it('sends changed and required values in their types, and leaves defaults to the server', () => {
    const result = coerceParameters(fields, {
      ...initialValues(fields),
      name: 'x',
      count: ' 7 ',
      options: '{"a": [1]}',
      token: 's3cret',
    });
    expect(result).toEqual({
      ok: true,
      parameters: { name: 'x', count: 7, options: { a: [1] }, token: 's3cret' },
    });
  });

  it('never sends the masked placeholder of a stored secret default', () => {
    const result = coerceParameters(fields, {
      ...initialValues(fields),
      name: 'x',
      options: '{}',
      token: 't',
      secret: '**********',
    });
    expect(result.ok && 'secret' in result.parameters).toBe(false);
  });

  it('reports every problem by field with a stable code', () => {
    const result = coerceParameters(fields, {
      ...initialValues(fields),
      count: '1.5',
      ratio: 'half',
      items: '{"not": "an array"}',
      options: '{bad json',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(
      Object.fromEntries(Object.entries(result.problems).map(([k, p]) => [k, p.code])),
    ).toEqual({
      name: ParameterProblemCodes.required,
      count: ParameterProblemCodes.notInt,
      ratio: ParameterProblemCodes.notFloat,
      items: ParameterProblemCodes.notArray,
      options: ParameterProblemCodes.invalidJson,
      token: ParameterProblemCodes.required,
    });
  });

  it('takes an empty string for an optional String, but not an empty number', () => {
    expect(coerceField({ type: 'String', required: false }, '')).toEqual({ value: '' });
    expect(coerceField({ type: 'Int', required: false }, ' ')).toMatchObject({
      problem: { code: ParameterProblemCodes.required },
    });
    expect(coerceField({ type: 'Bool', required: true }, 'TRUE')).toEqual({ value: true });
    expect(coerceField({ type: 'Bool', required: true }, 'yes')).toMatchObject({
      problem: { code: ParameterProblemCodes.notBool },
    });
    expect(coerceField({ type: 'Object', required: true }, '[1]')).toMatchObject({
      problem: { code: ParameterProblemCodes.notObject },
    });
    expect(coerceField({ type: 'Int', required: true }, '99999999999999999999')).toMatchObject({
      problem: { code: ParameterProblemCodes.notInt },
    });
  });
});
