/**
 * What only the Azure Blob adapter has: credentials, containers, prefixes, foreign blob names.
 * (The unreachable-account test waits for the SDK's default retries.)
 */
import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureBlobDatastore } from '../../src/ml/datastores/azure-blob-datastore.js';
import {
  isDatastoreError,
  type DatastoreErrorCode,
} from '../../src/ml/datastores/datastore-error.js';
import { DatastoreRegistry } from '../../src/ml/datastores/datastore-registry.js';
import {
  AZURITE_ACCOUNT_KEY,
  AZURITE_ACCOUNT_NAME,
  startAzurite,
  type AzuriteServer,
} from './azurite-server.js';

let azurite: AzuriteServer;
beforeAll(async () => {
  azurite = await startAzurite();
  await azurite.createContainer('blob-tests');
});
afterAll(() => azurite.stop());

async function errorOf(promise: Promise<unknown>, code: DatastoreErrorCode): Promise<Error> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isDatastoreError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
  return error as Error;
}

describe('AzureBlobDatastore', () => {
  it('works from the registry with an account name and key, under its prefix', async () => {
    const prefix = `registry/${randomUUID()}`;
    const registry = new DatastoreRegistry(
      [
        {
          name: 'lake',
          type: 'azureBlob',
          container: 'blob-tests',
          prefix,
          accountName: AZURITE_ACCOUNT_NAME,
          accountKey: AZURITE_ACCOUNT_KEY,
          blobEndpoint: azurite.blobEndpoint,
        },
      ],
      { millraceHome: '/unused' },
    );
    const lake = registry.get('azureml:LAKE');
    await lake.writeFile('in/a.txt', 'a');
    const names: string[] = [];
    const container = BlobServiceClient.fromConnectionString(
      azurite.connectionString,
    ).getContainerClient('blob-tests');
    for await (const blob of container.listBlobsFlat({ prefix })) names.push(blob.name);
    expect(names).toEqual([`${prefix}/in/a.txt`]);
  });

  it('reports a wrong key as ACCESS_DENIED without the key', async () => {
    const wrongKey = Buffer.from('not the right key at all, no').toString('base64');
    const datastore = new AzureBlobDatastore({
      name: 'wrong',
      container: 'blob-tests',
      accountName: AZURITE_ACCOUNT_NAME,
      accountKey: wrongKey,
      blobEndpoint: azurite.blobEndpoint,
    });
    const error = await errorOf(datastore.writeFile('a.txt', 'x'), 'DATASTORE_ACCESS_DENIED');
    expect(JSON.stringify((error as unknown as { toData(): unknown }).toData())).not.toContain(
      wrongKey,
    );
    expect(error.message).not.toContain(wrongKey);
  });

  it('reports a missing container', async () => {
    const datastore = new AzureBlobDatastore({
      name: 'nocontainer',
      container: 'does-not-exist',
      connectionString: azurite.connectionString,
    });
    const error = await errorOf(datastore.list(''), 'DATASTORE_CONTAINER_NOT_FOUND');
    await errorOf(datastore.exists(''), 'DATASTORE_CONTAINER_NOT_FOUND');
    await errorOf(datastore.readFile('a.txt'), 'DATASTORE_CONTAINER_NOT_FOUND');
    expect(error.message).not.toContain(AZURITE_ACCOUNT_KEY);
  });

  it('reports an unreachable account as UNAVAILABLE without the connection string', async () => {
    const connectionString = azurite.connectionString.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:9');
    const datastore = new AzureBlobDatastore({
      name: 'down',
      container: 'blob-tests',
      connectionString,
    });
    const error = await errorOf(datastore.stat('a.txt'), 'DATASTORE_UNAVAILABLE');
    expect(error.message).not.toContain(AZURITE_ACCOUNT_KEY);
  }, 60_000);

  it('skips blobs whose names no data path reaches', async () => {
    const prefix = `foreign/${randomUUID()}`;
    const container = BlobServiceClient.fromConnectionString(
      azurite.connectionString,
    ).getContainerClient('blob-tests');
    for (const name of ['ok.txt', 'a//b.txt'])
      await container.getBlockBlobClient(`${prefix}/${name}`).uploadData(Buffer.from('x'));
    const datastore = new AzureBlobDatastore({
      name: 'foreign',
      container: 'blob-tests',
      prefix,
      connectionString: azurite.connectionString,
    });
    expect(await datastore.list('')).toEqual([{ path: 'ok.txt', size: 1 }]);
  });
});
