import { describe, expect, it } from 'vitest';
import { fromJson, type ValueObject } from '../expressions/index.js';
import {
  evaluateProperty,
  ResolutionFailure,
  resolveJson,
  resolveProperties,
} from './resolve-values.js';

const context = { pipeline: fromJson({ parameters: { n: 2, name: 'x' } }) as ValueObject };

describe('resolving activity properties', () => {
  it('evaluates expressions at any depth and keeps literals', () => {
    expect(
      resolveJson(
        {
          a: '@mul(pipeline().parameters.n, 2)',
          b: ['@{pipeline().parameters.name}-1', 3],
          c: { value: '@pipeline().parameters.name', type: 'Expression' },
          d: '@@escaped',
          e: 'plain',
        },
        context,
        '/typeProperties',
      ),
    ).toEqual({ a: 4, b: ['x-1', 3], c: 'x', d: '@escaped', e: 'plain' });
  });
  it('leaves out the properties it is told to', () => {
    expect(
      resolveProperties(
        { items: '@createArray(1)', activities: [{ name: '@never' }] },
        context,
        '',
        ['activities'],
      ),
    ).toEqual({ items: [1] });
  });
  it('fails with InvalidTemplate naming the JSON pointer', () => {
    let failure: unknown;
    try {
      resolveJson({ a: { 'b/c': '@div(1, 0)' } }, context, '/typeProperties');
    } catch (caught) {
      failure = caught;
    }
    expect(failure).toBeInstanceOf(ResolutionFailure);
    expect((failure as ResolutionFailure).message).toContain('/typeProperties/a/b~1c');
    expect((failure as ResolutionFailure).error.code).toBe('EXPR_DIVISION_BY_ZERO');
  });
  it('returns expression values with their types for control properties', () => {
    expect(evaluateProperty('@greater(pipeline().parameters.n, 1)', context, '')).toBe(true);
    expect(evaluateProperty(undefined, context, '')).toBe(null);
  });
});
