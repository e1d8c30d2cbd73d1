import { describe, expect, it } from 'vitest';
import type { JsonValue, ParameterSpec } from '../factory/resources.js';
import { bindParameters, convertParameter, initialVariables } from './run-parameters.js';

describe('convertParameter', () => {
  it.each<[ParameterSpec['type'], JsonValue, JsonValue | undefined]>([
    ['String', 'x', 'x'],
    ['String', 5, '5'],
    ['String', [1], undefined],
    ['SecureString', 'pw', 'pw'],
    ['Int', 5, 5],
    ['Int', ' 42 ', 42],
    ['Int', 1.5, undefined],
    ['Int', '1.5', undefined],
    ['Float', '2.5', 2.5],
    ['Float', 'abc', undefined],
    ['Bool', 'TRUE', true],
    ['Bool', false, false],
    ['Bool', 'yes', undefined],
    ['Array', [1, 2], [1, 2]],
    ['Array', '[1,2]', [1, 2]],
    ['Array', '{"a":1}', undefined],
    ['Object', { a: 1 }, { a: 1 }],
    ['Object', '{"a":1}', { a: 1 }],
    ['Object', [1], undefined],
    ['Int', null, null],
  ])('%s from %j → %j', (type, raw, expected) => {
    expect(convertParameter(type, raw)).toEqual(expected);
  });
});

describe('bindParameters', () => {
  const specs: Record<string, ParameterSpec> = {
    folder: { type: 'String' },
    batch: { type: 'Int', defaultValue: 10 },
  };
  it('applies defaults and matches names ignoring case', () => {
    expect(bindParameters(specs, { FOLDER: 'in' })).toEqual({
      ok: true,
      values: { folder: 'in', batch: 10 },
    });
  });
  it('reports every problem at once', () => {
    const bound = bindParameters(specs, { batch: 'many', extra: 1 });
    expect(
      bound.ok ? [] : bound.problems.map((problem) => [problem.code, problem.parameter]),
    ).toEqual([
      ['RUN_UNKNOWN_PARAMETER', 'extra'],
      ['RUN_MISSING_PARAMETER', 'folder'],
      ['RUN_INVALID_PARAMETER', 'batch'],
    ]);
  });
});

describe('initialVariables', () => {
  it('starts from defaults, else an empty value of the type', () => {
    expect(
      initialVariables({
        a: { type: 'String' },
        b: { type: 'Array' },
        c: { type: 'Boolean' },
        d: { type: 'String', defaultValue: 'x' },
      }),
    ).toEqual({
      a: '',
      b: [],
      c: false,
      d: 'x',
    });
  });
});
