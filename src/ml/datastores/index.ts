/** Datastores: the port, its adapters, the registry and the error catalogue. */
export type {
  Datastore,
  DatastoreData,
  DatastoreFile,
  DatastorePathStatus,
  DatastoreType,
} from './datastore.js';
export { DatastoreTypes } from './datastore.js';
export {
  DatastoreError,
  DatastoreErrorCodes,
  isDatastoreError,
  type DatastoreErrorCode,
  type DatastoreErrorData,
} from './datastore-error.js';
export { datastoreFilePath, datastorePath } from './datastore-path.js';
export {
  defaultLocalDatastoreFolder,
  LocalFolderDatastore,
  WORKSPACE_BLOB_STORE,
} from './local-folder-datastore.js';
export {
  AzureBlobDatastore,
  type AzureBlobCredential,
  type AzureBlobDatastoreOptions,
} from './azure-blob-datastore.js';
export {
  DatastoreRegistry,
  type AzureBlobDatastoreConfig,
  type DatastoreConfig,
  type DatastoreRegistryOptions,
  type LocalDatastoreConfig,
} from './datastore-registry.js';
