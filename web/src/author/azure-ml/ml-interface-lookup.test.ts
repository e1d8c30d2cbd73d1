import { describe, expect, it } from 'vitest';
import { interfaceLookupOf, pickEndpointVersion } from './ml-interface-lookup.js';

describe('interfaceLookupOf', () => {
  it('looks up literal references', () => {
    expect(interfaceLookupOf({ kind: 'pipeline', value: ' p-1 ', version: undefined })).toEqual({
      kind: 'pipeline',
      id: 'p-1',
    });
    expect(interfaceLookupOf({ kind: 'endpointName', value: 'loan-scoring', version: 2 })).toEqual({
      kind: 'endpoint',
      by: 'name',
      key: 'loan-scoring',
      version: '2',
    });
    expect(interfaceLookupOf({ kind: 'endpointId', value: 'e-1', version: '' })).toEqual({
      kind: 'endpoint',
      by: 'id',
      key: 'e-1',
      version: undefined,
    });
  });

  it('cannot look up what an expression names', () => {
    expect(
      interfaceLookupOf({
        kind: 'pipeline',
        value: { value: '@pipeline().parameters.id', type: 'Expression' },
        version: undefined,
      }),
    ).toEqual({ kind: 'none', reason: 'expression' });
    expect(interfaceLookupOf({ kind: 'pipeline', value: undefined, version: undefined })).toEqual({
      kind: 'none',
      reason: 'empty',
    });
    expect(
      interfaceLookupOf({ kind: 'endpointId', value: 'e-1', version: '@pipeline().parameters.v' }),
    ).toMatchObject({ version: { expression: '"@pipeline().parameters.v"' } });
  });
});

describe('pickEndpointVersion', () => {
  const versions = [
    { PipelineEndpointVersion: '0', IsDefaultVersion: false },
    { PipelineEndpointVersion: '1', IsDefaultVersion: true },
  ];
  it('picks the version asked for, else the default', () => {
    expect(pickEndpointVersion(versions, '0')?.PipelineEndpointVersion).toBe('0');
    expect(pickEndpointVersion(versions, undefined)?.PipelineEndpointVersion).toBe('1');
    expect(pickEndpointVersion(versions, { expression: '@x' })?.PipelineEndpointVersion).toBe('1');
    expect(pickEndpointVersion(versions, '7')).toBeUndefined();
  });
});
