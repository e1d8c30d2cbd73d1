/** Translates Node file-system errors into datastore errors (DatastoreErrors pass through). */
import { DatastoreError, isDatastoreError } from './datastore-error.js';

export function toDatastoreError(error: unknown, datastore: string, path: string): DatastoreError {
  if (isDatastoreError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const where = { datastore, path };
  const detail = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOENT':
      return new DatastoreError(
        'DATASTORE_NOT_FOUND',
        `Datastore "${datastore}": nothing exists at ${JSON.stringify(path)}.`,
        where,
      );
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new DatastoreError(
        'DATASTORE_ACCESS_DENIED',
        `Datastore "${datastore}": access to ${JSON.stringify(path)} was refused (${detail}); give Millrace's user access to the datastore folder.`,
        where,
      );
    case 'ENOTDIR':
    case 'EISDIR':
    case 'EEXIST':
      return new DatastoreError(
        'DATASTORE_PATH_CONFLICT',
        `Datastore "${datastore}": ${JSON.stringify(path)} clashes with an existing file or folder (a folder where a file goes, or a file where a folder goes); choose another path or delete the one in the way.`,
        where,
      );
    default:
      return new DatastoreError(
        'DATASTORE_UNAVAILABLE',
        `Datastore "${datastore}": ${JSON.stringify(path)} could not be accessed (${detail}).`,
        where,
      );
  }
}
