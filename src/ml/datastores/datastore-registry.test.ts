import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDatastoreError } from './datastore-error.js';
import { DatastoreRegistry, type DatastoreConfig } from './datastore-registry.js';

const home = '/srv/millrace-home';
const KEY = 'c2VjcmV0LWFjY291bnQta2V5LXZhbHVl';
const CONNECTION = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${KEY};EndpointSuffix=core.windows.net`;

function configError(configs: readonly unknown[]): { code: string; message: string } {
  try {
    new DatastoreRegistry(configs as DatastoreConfig[], { millraceHome: home });
  } catch (error) {
    expect(isDatastoreError(error, 'DATASTORE_INVALID_CONFIG')).toBe(true);
    return error as { code: string; message: string };
  }
  throw new Error('expected DATASTORE_INVALID_CONFIG');
}

describe('DatastoreRegistry', () => {
  it('always has workspaceblobstore, a folder under the Millrace home', () => {
    const registry = new DatastoreRegistry([], { millraceHome: home });
    expect(registry.names()).toEqual(['workspaceblobstore']);
    expect(registry.get('workspaceblobstore').toJSON()).toEqual({
      name: 'workspaceblobstore',
      type: 'local',
      folder: join(home, 'datastores', 'workspaceblobstore'),
    });
  });

  it('finds datastores ignoring case and the azureml: prefix', () => {
    const registry = new DatastoreRegistry(
      [{ name: 'Scoring', type: 'local', folder: 'data/scoring' }],
      { millraceHome: home },
    );
    expect(registry.get('scoring').name).toBe('Scoring');
    expect(registry.get('azureml:SCORING').toJSON()).toMatchObject({
      folder: join(home, 'data', 'scoring'),
    });
    expect(registry.get('WorkspaceBlobStore').name).toBe('workspaceblobstore');
    expect(registry.names()).toEqual(['Scoring', 'workspaceblobstore']);
  });

  it('reports an unknown name with the known ones', () => {
    const registry = new DatastoreRegistry([], { millraceHome: home });
    expect(registry.find('nope')).toBeUndefined();
    expect(() => registry.get('nope')).toThrow(
      expect.objectContaining({
        code: 'DATASTORE_UNKNOWN',
        message: expect.stringContaining('workspaceblobstore'),
      }),
    );
  });

  it('lets workspaceblobstore be configured, for example as Azure Blob', () => {
    const registry = new DatastoreRegistry(
      [
        {
          name: 'WorkspaceBlobStore',
          type: 'azureBlob',
          container: 'ml-data',
          connectionString: CONNECTION,
        },
      ],
      { millraceHome: home },
    );
    expect(registry.get('workspaceblobstore').type).toBe('azureBlob');
    expect(registry.names()).toEqual(['WorkspaceBlobStore']);
  });

  it('keeps secrets out of toJSON', () => {
    const registry = new DatastoreRegistry(
      [
        { name: 'a', type: 'azureBlob', container: 'ml-data', connectionString: CONNECTION },
        {
          name: 'b',
          type: 'azureBlob',
          container: 'ml-data',
          prefix: 'x/y',
          accountName: 'acct',
          accountKey: KEY,
        },
      ],
      { millraceHome: home },
    );
    const json = JSON.stringify(registry);
    expect(json).not.toContain(KEY);
    expect(json).not.toContain('AccountKey');
    expect(registry.get('a').toJSON()).toMatchObject({
      accountName: 'acct',
      credential: 'connectionString',
    });
    expect(registry.get('b').toJSON()).toEqual({
      name: 'b',
      type: 'azureBlob',
      container: 'ml-data',
      prefix: 'x/y',
      accountName: 'acct',
      blobEndpoint: 'https://acct.blob.core.windows.net',
      credential: 'accountKey',
    });
  });

  it('reports every configuration problem at once, without secret values', () => {
    const error = configError([
      { name: 'bad name!', type: 'local' },
      { name: 'dup', type: 'local' },
      { name: 'DUP', type: 'local' },
      { name: 'kind', type: 's3' },
      {
        name: 'both',
        type: 'azureBlob',
        container: 'ok-name',
        connectionString: CONNECTION,
        accountName: 'a',
        accountKey: KEY,
      },
      { name: 'neither', type: 'azureBlob', container: 'Bad_Container' },
      { name: 'half', type: 'azureBlob', container: 'data', accountKey: KEY },
      {
        name: 'escape',
        type: 'azureBlob',
        container: 'data',
        prefix: '../up',
        connectionString: CONNECTION,
      },
      { name: 'typo', type: 'local', conectionString: KEY },
      'not an object',
    ]);
    for (const expected of [
      'datastores[0]: "name"',
      'the name "DUP" is already used',
      'datastores[3] ("kind"): "type"',
      '("both"): give either',
      '("neither"): "container"',
      '("neither"): give either',
      '("half"): "accountName" and "accountKey" go together',
      '("escape"): "prefix"',
      '("typo"): "conectionString" is not a local datastore setting',
      'datastores[9]: a datastore configuration must be an object',
    ])
      expect(error.message).toContain(expected);
    expect(error.message).not.toContain(KEY);
  });
});
