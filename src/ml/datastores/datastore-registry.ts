/**
 * The datastores of a Millrace installation by name (names ignore case, and `azureml:name` is
 * `name`), built from a small configuration. `workspaceblobstore` always exists: unless
 * configured otherwise it is the local folder `$MILLRACE_HOME/datastores/workspaceblobstore`.
 * Configuration problems are reported all at once, naming fields but never echoing secrets.
 */
import { isAbsolute, resolve } from 'node:path';
import { stripAzuremlPrefix } from '../ml-data-path.js';
import { AzureBlobDatastore, type AzureBlobCredential } from './azure-blob-datastore.js';
import { DatastoreError } from './datastore-error.js';
import { datastorePath } from './datastore-path.js';
import { DatastoreTypes, type Datastore } from './datastore.js';
import {
  defaultLocalDatastoreFolder,
  LocalFolderDatastore,
  WORKSPACE_BLOB_STORE,
} from './local-folder-datastore.js';

export interface LocalDatastoreConfig {
  readonly name: string;
  readonly type: 'local';
  /** Absolute, or relative to the Millrace home. (Default: `$MILLRACE_HOME/datastores/<name>`) */
  readonly folder?: string;
}

export type AzureBlobDatastoreConfig = {
  readonly name: string;
  readonly type: 'azureBlob';
  readonly container: string;
  /** (Default: the container's root) */
  readonly prefix?: string;
} & AzureBlobCredential;

export type DatastoreConfig = LocalDatastoreConfig | AzureBlobDatastoreConfig;

export interface DatastoreRegistryOptions {
  /** The Millrace home folder (`millraceHome()` of the composition root). */
  readonly millraceHome: string;
}

/** Azure ML's rule: letters, digits and underscores. */
const DATASTORE_NAME = /^[A-Za-z0-9_]{1,255}$/;
/** Azure Storage's rule: 3–63 lower-case letters, digits and single inner hyphens. */
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;
const KNOWN_FIELDS: Record<(typeof DatastoreTypes)[number], readonly string[]> = {
  local: ['name', 'type', 'folder'],
  azureBlob: [
    'name',
    'type',
    'container',
    'prefix',
    'connectionString',
    'accountName',
    'accountKey',
    'blobEndpoint',
  ],
};

export class DatastoreRegistry {
  readonly #byName = new Map<string, Datastore>();

  /** Validates every configuration first; throws one `DATASTORE_INVALID_CONFIG` listing all problems. */
  constructor(configs: readonly DatastoreConfig[], options: DatastoreRegistryOptions) {
    const problems = configs.flatMap((config, index) => configProblems(config, index));
    const seen = new Set<string>();
    configs.forEach((config, index) => {
      const key = typeof config?.name === 'string' ? config.name.toLowerCase() : undefined;
      if (key === undefined) return;
      if (seen.has(key))
        problems.push(
          `datastores[${index}]: the name "${config.name}" is already used (names ignore case).`,
        );
      seen.add(key);
    });
    if (problems.length > 0) {
      throw new DatastoreError(
        'DATASTORE_INVALID_CONFIG',
        `The datastore configuration is invalid: ${problems.join(' ')}`,
      );
    }
    for (const config of configs) {
      this.#byName.set(config.name.toLowerCase(), createDatastore(config, options));
    }
    if (!this.#byName.has(WORKSPACE_BLOB_STORE)) {
      this.#byName.set(
        WORKSPACE_BLOB_STORE,
        new LocalFolderDatastore(
          WORKSPACE_BLOB_STORE,
          defaultLocalDatastoreFolder(options.millraceHome, WORKSPACE_BLOB_STORE),
        ),
      );
    }
  }

  /** The datastore `name` (or `azureml:name`) names, ignoring case; `DATASTORE_UNKNOWN` if none. */
  get(name: string): Datastore {
    const datastore = this.find(name);
    if (datastore) return datastore;
    throw new DatastoreError(
      'DATASTORE_UNKNOWN',
      `No datastore is named "${name}"; the datastores are ${this.names().join(', ')}.`,
      { datastore: name },
    );
  }

  find(name: string): Datastore | undefined {
    return this.#byName.get(stripAzuremlPrefix(name).toLowerCase());
  }

  /** The datastores' names as configured, sorted (for the parser's `knownDatastores`). */
  names(): string[] {
    return [...this.#byName.values()].map((datastore) => datastore.name).sort();
  }

  toJSON(): Record<string, unknown>[] {
    return this.names().map((name) => this.get(name).toJSON());
  }
}

function createDatastore(config: DatastoreConfig, options: DatastoreRegistryOptions): Datastore {
  if (config.type === 'local') {
    const folder =
      config.folder === undefined
        ? defaultLocalDatastoreFolder(options.millraceHome, config.name)
        : isAbsolute(config.folder)
          ? config.folder
          : resolve(options.millraceHome, config.folder);
    return new LocalFolderDatastore(config.name, folder);
  }
  return new AzureBlobDatastore(config);
}

/** What is wrong with one configuration, naming fields, never their secret values. */
function configProblems(config: unknown, index: number): string[] {
  const at = `datastores[${index}]`;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return [`${at}: a datastore configuration must be an object.`];
  }
  const fields = config as Record<string, unknown>;
  const problems: string[] = [];
  const name = fields.name;
  const label = typeof name === 'string' && DATASTORE_NAME.test(name) ? `${at} ("${name}")` : at;
  if (typeof name !== 'string' || !DATASTORE_NAME.test(name)) {
    problems.push(`${at}: "name" must be 1 to 255 letters, digits or underscores.`);
  }
  const type = fields.type;
  if (!(DatastoreTypes as readonly unknown[]).includes(type)) {
    problems.push(`${label}: "type" must be ${DatastoreTypes.map((t) => `"${t}"`).join(' or ')}.`);
    return problems;
  }
  const known = KNOWN_FIELDS[type as (typeof DatastoreTypes)[number]];
  for (const field of Object.keys(fields)) {
    if (!known.includes(field))
      problems.push(`${label}: "${field}" is not a ${String(type)} datastore setting.`);
  }
  const optionalText = (field: string) => {
    const value = fields[field];
    if (value !== undefined && (typeof value !== 'string' || value === ''))
      problems.push(`${label}: "${field}" must be a non-empty string.`);
  };
  if (type === 'local') {
    optionalText('folder');
    return problems;
  }
  if (typeof fields.container !== 'string' || !CONTAINER_NAME.test(fields.container)) {
    problems.push(
      `${label}: "container" must be an Azure container name (3 to 63 lower-case letters, digits and single hyphens).`,
    );
  }
  for (const field of ['prefix', 'connectionString', 'accountName', 'accountKey', 'blobEndpoint'])
    optionalText(field);
  if (typeof fields.prefix === 'string') {
    try {
      datastorePath(fields.prefix, typeof name === 'string' ? name : at);
    } catch {
      problems.push(`${label}: "prefix" must be a relative folder path without "..".`);
    }
  }
  const byConnectionString = fields.connectionString !== undefined;
  const byKey = fields.accountName !== undefined || fields.accountKey !== undefined;
  if (byConnectionString === byKey) {
    problems.push(
      `${label}: give either "connectionString" or "accountName" with "accountKey", not both and not neither.`,
    );
  } else if (byKey && (fields.accountName === undefined || fields.accountKey === undefined)) {
    problems.push(`${label}: "accountName" and "accountKey" go together; give both.`);
  }
  if (byConnectionString && fields.blobEndpoint !== undefined) {
    problems.push(
      `${label}: "blobEndpoint" goes with "accountName"; a connection string carries its own endpoint.`,
    );
  }
  return problems;
}
