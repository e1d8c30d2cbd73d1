/**
 * A datastore that is an Azure Blob container, optionally under a prefix (a virtual folder), via
 * `@azure/storage-blob`, authenticated by a connection string or an account name and key. Blob
 * names are `<prefix>/<data path>`. Large files move as streams and in blocks; `materialize` and
 * `collect` move at most `FILE_CONCURRENCY` files at once.
 *
 * Secrets (the key, the connection string) stay in this object's private fields: errors carry
 * only the HTTP status and storage error code, and `toJSON` says which credential is used.
 */
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import type * as StorageBlob from '@azure/storage-blob';
import type { ContainerClient } from '@azure/storage-blob';
import { DatastoreError } from './datastore-error.js';
import { datastoreFilePath, datastorePath, joinDataPath } from './datastore-path.js';
import type { Datastore, DatastoreData, DatastoreFile, DatastorePathStatus } from './datastore.js';
import { compareCodeUnits, localFilesToCollect } from './local-file-walk.js';
import { mapWithConcurrency } from './map-with-concurrency.js';

/**
 * The Azure Storage SDK, loaded when the first Azure Blob datastore is made: it is about 250
 * modules (about 16 MB of memory in every Millrace process), which a Millrace whose datastores
 * are all local folders never needs.
 */
let storageBlob: typeof StorageBlob | undefined;

function azureStorageBlob(): typeof StorageBlob {
  storageBlob ??= createRequire(import.meta.url)('@azure/storage-blob') as typeof StorageBlob;
  return storageBlob;
}

/** How many files `materialize`, `collect` and `delete` move at once. */
const FILE_CONCURRENCY = 8;
/** Block size and parallel blocks per file for streamed and file uploads. */
const BLOCK_SIZE = 4 * 1024 * 1024;
const BLOCK_CONCURRENCY = 4;

export type AzureBlobCredential =
  | { readonly connectionString: string }
  | {
      readonly accountName: string;
      readonly accountKey: string;
      /** (Default: `https://<accountName>.blob.core.windows.net`) */
      readonly blobEndpoint?: string;
    };

export type AzureBlobDatastoreOptions = {
  readonly name: string;
  readonly container: string;
  /** A folder inside the container that is the datastore's root. (Default: the container root) */
  readonly prefix?: string;
} & AzureBlobCredential;

export class AzureBlobDatastore implements Datastore {
  readonly type = 'azureBlob' as const;
  readonly name: string;
  readonly container: string;
  readonly prefix: string;
  readonly accountName: string | undefined;
  readonly blobEndpoint: string | undefined;
  readonly #credentialKind: 'connectionString' | 'accountKey';
  readonly #secrets: readonly string[];
  readonly #client: ContainerClient;

  constructor(options: AzureBlobDatastoreOptions) {
    const { BlobServiceClient, StorageSharedKeyCredential } = azureStorageBlob();
    this.name = options.name;
    this.container = options.container;
    this.prefix = datastorePath(options.prefix ?? '', options.name);
    if ('connectionString' in options) {
      const settings = readConnectionString(options.connectionString);
      this.#credentialKind = 'connectionString';
      this.#secrets = [
        options.connectionString,
        settings.AccountKey,
        settings.SharedAccessSignature,
      ].filter((secret): secret is string => secret !== undefined && secret.length >= 4);
      this.accountName = settings.AccountName;
      this.blobEndpoint = settings.BlobEndpoint;
      let service: StorageBlob.BlobServiceClient;
      try {
        service = BlobServiceClient.fromConnectionString(options.connectionString);
      } catch {
        throw new DatastoreError(
          'DATASTORE_INVALID_CONFIG',
          `Datastore "${options.name}": the connection string cannot be read; copy it again from the storage account's access keys.`,
          { datastore: options.name },
        );
      }
      this.#client = service.getContainerClient(options.container);
    } else {
      this.#credentialKind = 'accountKey';
      this.#secrets = [options.accountKey].filter((secret) => secret.length >= 4);
      this.accountName = options.accountName;
      this.blobEndpoint =
        options.blobEndpoint ?? `https://${options.accountName}.blob.core.windows.net`;
      let credential: StorageBlob.StorageSharedKeyCredential;
      try {
        credential = new StorageSharedKeyCredential(options.accountName, options.accountKey);
      } catch {
        throw new DatastoreError(
          'DATASTORE_INVALID_CONFIG',
          `Datastore "${options.name}": the account key cannot be used; copy it again from the storage account's access keys.`,
          { datastore: options.name },
        );
      }
      this.#client = new BlobServiceClient(this.blobEndpoint, credential).getContainerClient(
        options.container,
      );
    }
  }

  async exists(path: string): Promise<boolean> {
    return (await this.stat(path)).kind !== 'missing';
  }

  async stat(path: string): Promise<DatastorePathStatus> {
    const dataPath = datastorePath(path, this.name);
    return this.#guard(dataPath, async () => {
      if (dataPath === '') {
        if (!(await this.#client.exists())) throw this.#containerNotFound(dataPath);
        return { kind: 'folder' };
      }
      try {
        const properties = await this.#blob(dataPath).getProperties();
        return { kind: 'file', size: properties.contentLength ?? 0 };
      } catch (error) {
        if (blobErrorCode(error) !== 'BlobNotFound' && statusOf(error) !== 404) throw error;
      }
      return (await this.#hasFilesUnder(dataPath)) ? { kind: 'folder' } : { kind: 'missing' };
    });
  }

  async list(prefix: string): Promise<readonly DatastoreFile[]> {
    const dataPath = datastorePath(prefix, this.name);
    return this.#guard(dataPath, () => this.#list(dataPath));
  }

  async readFile(path: string): Promise<Buffer> {
    const dataPath = datastoreFilePath(path, this.name);
    return this.#guard(dataPath, () =>
      this.#whenFileMissing(dataPath, () => this.#blob(dataPath).downloadToBuffer()),
    );
  }

  async createReadStream(path: string): Promise<Readable> {
    const dataPath = datastoreFilePath(path, this.name);
    return this.#guard(dataPath, () =>
      this.#whenFileMissing(dataPath, async () => {
        const response = await this.#blob(dataPath).download();
        const body = response.readableStreamBody;
        return body instanceof Readable ? body : Readable.from([]);
      }),
    );
  }

  async writeFile(path: string, data: DatastoreData): Promise<void> {
    const dataPath = datastoreFilePath(path, this.name);
    await this.#guard(dataPath, async () => {
      const blob = this.#blob(dataPath);
      if (data instanceof Readable) await blob.uploadStream(data, BLOCK_SIZE, BLOCK_CONCURRENCY);
      else await blob.uploadData(typeof data === 'string' ? Buffer.from(data) : data);
    });
  }

  async materialize(path: string, localFolder: string): Promise<string> {
    const dataPath = datastorePath(path, this.name);
    return this.#guard(dataPath, async () => {
      const target = localPath(localFolder, dataPath);
      const status = await this.stat(dataPath);
      if (status.kind === 'missing') throw this.#notFound(dataPath);
      if (status.kind === 'file') {
        await this.#download(dataPath, target);
        return target;
      }
      await mkdir(target, { recursive: true });
      const files = await this.#list(dataPath);
      await mapWithConcurrency(files, FILE_CONCURRENCY, (file) =>
        this.#download(file.path, localPath(localFolder, file.path)),
      );
      return target;
    });
  }

  async collect(localFolder: string, path: string): Promise<readonly DatastoreFile[]> {
    const dataPath = datastorePath(path, this.name);
    const files = await localFilesToCollect(localFolder, this.name);
    return this.#guard(dataPath, () =>
      mapWithConcurrency(files, FILE_CONCURRENCY, async (file) => {
        const target = joinDataPath(dataPath, file.relativePath);
        await this.#blob(target).uploadFile(file.absolutePath, {
          blockSize: BLOCK_SIZE,
          concurrency: BLOCK_CONCURRENCY,
        });
        return { path: target, size: file.size };
      }),
    );
  }

  async delete(path: string): Promise<void> {
    const dataPath = datastorePath(path, this.name);
    await this.#guard(dataPath, async () => {
      // A blob name can be both a file and a folder of others (`a` and `a/b`): remove both.
      if (dataPath !== '') await this.#blob(dataPath).deleteIfExists();
      const files = await this.#list(dataPath);
      await mapWithConcurrency(files, FILE_CONCURRENCY, (file) =>
        this.#blob(file.path).deleteIfExists(),
      );
    });
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      type: this.type,
      container: this.container,
      prefix: this.prefix,
      accountName: this.accountName,
      blobEndpoint: this.blobEndpoint,
      credential: this.#credentialKind,
    };
  }

  #blob(dataPath: string) {
    return this.#client.getBlockBlobClient(joinDataPath(this.prefix, dataPath));
  }

  /** The blob-name prefix of everything under the folder `dataPath`. */
  #folderPrefix(dataPath: string): string {
    const folder = joinDataPath(this.prefix, dataPath);
    return folder === '' ? '' : `${folder}/`;
  }

  async #hasFilesUnder(dataPath: string): Promise<boolean> {
    const pages = this.#client
      .listBlobsFlat({ prefix: this.#folderPrefix(dataPath) })
      .byPage({ maxPageSize: 1 });
    const first = await pages.next();
    return !first.done && first.value.segment.blobItems.length > 0;
  }

  async #list(dataPath: string): Promise<DatastoreFile[]> {
    const rootPrefix = this.#folderPrefix('');
    const files: DatastoreFile[] = [];
    for await (const item of this.#client.listBlobsFlat({ prefix: this.#folderPrefix(dataPath) })) {
      const path = item.name.slice(rootPrefix.length);
      // Blobs written by other tools can have names no data path reaches (`a//b`, `../x`).
      if (!isCanonicalDataPath(path)) continue;
      files.push({ path, size: item.properties.contentLength ?? 0 });
    }
    return files.sort((a, b) => compareCodeUnits(a.path, b.path));
  }

  async #download(dataPath: string, target: string): Promise<void> {
    await mkdir(dirname(target), { recursive: true });
    await this.#blob(dataPath).downloadToFile(target);
  }

  /** Runs a file read; a missing blob becomes NOT_A_FILE when a folder has that name. */
  async #whenFileMissing<T>(dataPath: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (blobErrorCode(error) !== 'BlobNotFound' && statusOf(error) !== 404) throw error;
      if (blobErrorCode(error) === 'ContainerNotFound') throw error;
      if (await this.#hasFilesUnder(dataPath)) {
        throw new DatastoreError(
          'DATASTORE_NOT_A_FILE',
          `Datastore "${this.name}": ${JSON.stringify(dataPath)} is a folder; name a file in it.`,
          { datastore: this.name, path: dataPath },
        );
      }
      throw this.#notFound(dataPath);
    }
  }

  #notFound(dataPath: string): DatastoreError {
    return new DatastoreError(
      'DATASTORE_NOT_FOUND',
      `Datastore "${this.name}": nothing exists at ${JSON.stringify(dataPath)}; check the path, or write the data first.`,
      { datastore: this.name, path: dataPath },
    );
  }

  #containerNotFound(dataPath: string): DatastoreError {
    return new DatastoreError(
      'DATASTORE_CONTAINER_NOT_FOUND',
      `Datastore "${this.name}": the container "${this.container}" does not exist in account "${this.accountName ?? '?'}"; create it or correct the datastore's container.`,
      { datastore: this.name, path: dataPath },
    );
  }

  async #guard<T>(dataPath: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw this.#translate(error, dataPath);
    }
  }

  #translate(error: unknown, dataPath: string): DatastoreError {
    if (error instanceof DatastoreError) return error;
    const where = { datastore: this.name, path: dataPath };
    const status = statusOf(error);
    const code = blobErrorCode(error);
    if (code === 'ContainerNotFound') return this.#containerNotFound(dataPath);
    if (status === 404) return this.#notFound(dataPath);
    if (status === 401 || status === 403) {
      return new DatastoreError(
        'DATASTORE_ACCESS_DENIED',
        `Datastore "${this.name}": Azure Storage refused access to ${JSON.stringify(dataPath)} (HTTP ${status}${code ? `, ${code}` : ''}); check the account key or connection string and the account's permissions.`,
        where,
      );
    }
    const local = (error as { code?: unknown } | null)?.code;
    if (local === 'EACCES' || local === 'EPERM') {
      return new DatastoreError(
        'DATASTORE_ACCESS_DENIED',
        `Datastore "${this.name}": a local file for ${JSON.stringify(dataPath)} cannot be read or written; check the local folder's permissions.`,
        where,
      );
    }
    const detail =
      status !== undefined
        ? `HTTP ${status}${code ? `, ${code}` : ''}`
        : this.#redact(error instanceof Error ? error.message : String(error));
    return new DatastoreError(
      'DATASTORE_UNAVAILABLE',
      `Datastore "${this.name}": the operation on ${JSON.stringify(dataPath)} failed (${detail}); check that the storage account can be reached and try again.`,
      where,
    );
  }

  #redact(text: string): string {
    return this.#secrets.reduce((redacted, secret) => redacted.split(secret).join('***'), text);
  }
}

/** `Key=Value;…` settings of an Azure Storage connection string. */
function readConnectionString(connectionString: string): Record<string, string | undefined> {
  const settings: Record<string, string | undefined> = {};
  for (const part of connectionString.split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0) settings[part.slice(0, equals).trim()] = part.slice(equals + 1).trim();
  }
  return settings;
}

function isCanonicalDataPath(path: string): boolean {
  if (path === '' || path.includes('\0') || path.includes('\\')) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

function localPath(localFolder: string, dataPath: string): string {
  return dataPath === '' ? localFolder : join(localFolder, ...dataPath.split('/'));
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function blobErrorCode(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; details?: { errorCode?: unknown } } | null;
  const code = candidate?.details?.errorCode ?? candidate?.code;
  return typeof code === 'string' ? code : undefined;
}
