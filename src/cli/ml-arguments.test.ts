import { describe, expect, it } from 'vitest';
import { parseAssignments, parseDataPaths, parseEndpointReference } from './ml-arguments.js';

describe('parseAssignments', () => {
  it('splits at the first = and keeps values as strings', () => {
    expect(parseAssignments('--param', ['factor=3', 'query=a=b', 'empty='])).toEqual({
      factor: '3',
      query: 'a=b',
      empty: '',
    });
  });

  it.each(['factor', '=3'])('refuses %j naming the flag', (pair) => {
    expect(() => parseAssignments('--param', [pair])).toThrow(
      expect.objectContaining({
        code: 'CLI_INVALID_ARGUMENT',
        message: expect.stringContaining('--param'),
      }),
    );
  });
});

describe('parseDataPaths', () => {
  it('splits the datastore from the path at the first slash', () => {
    expect(parseDataPaths(['raw=workspaceblobstore/flow/raw/2024', 'root=scoring/'])).toEqual({
      raw: { datastore: 'workspaceblobstore', path: 'flow/raw/2024' },
      root: { datastore: 'scoring', path: '' },
    });
  });

  it('reads azureml:// data path URIs', () => {
    expect(parseDataPaths(['raw=azureml://datastores/workspaceblobstore/paths/flow/raw'])).toEqual({
      raw: { datastore: 'workspaceblobstore', path: 'flow/raw' },
    });
  });

  it.each(['raw=workspaceblobstore', 'raw=/flow', 'raw=https://host/x', 'raw'])(
    'refuses %j naming the flag',
    (pair) => {
      expect(() => parseDataPaths([pair])).toThrow(/--datapath/);
    },
  );
});

describe('parseEndpointReference', () => {
  it('reads a name with or without a version', () => {
    expect(parseEndpointReference('scoring')).toEqual({ name: 'scoring' });
    expect(parseEndpointReference('scoring@2')).toEqual({ name: 'scoring', version: '2' });
  });

  it.each(['scoring@', '@2'])('refuses %j', (text) => {
    expect(() => parseEndpointReference(text)).toThrow(/--endpoint/);
  });
});
