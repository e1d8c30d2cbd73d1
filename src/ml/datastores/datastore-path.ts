/**
 * The one gate every data path passes before an adapter touches storage: relative, no `..`, no
 * absolute or drive path, no NUL; `\` becomes `/`, and empty and `.` segments go
 * (`./raw//2024/` → `raw/2024`). The parser's rules (`ml-data-path.ts`) plus what only matters
 * when touching storage.
 */
import { normaliseDatastorePath } from '../ml-data-path.js';
import { DatastoreError } from './datastore-error.js';

/** Validates and normalises `path`; `''` is the datastore's root. */
export function datastorePath(path: unknown, datastore: string): string {
  if (typeof path !== 'string') {
    throw new DatastoreError(
      'DATASTORE_INVALID_PATH',
      `Datastore "${datastore}": a data path must be a string, not ${path === null ? 'null' : typeof path}.`,
      { datastore },
    );
  }
  if (path.includes('\0')) {
    throw new DatastoreError(
      'DATASTORE_INVALID_PATH',
      `Datastore "${datastore}": the data path ${JSON.stringify(path)} contains a NUL character; remove it.`,
      { datastore },
    );
  }
  const normalised = normaliseDatastorePath(path);
  if (!normalised.ok) {
    const why = normalised.reason === 'absolute' ? 'is absolute' : 'contains ".."';
    throw new DatastoreError(
      'DATASTORE_PATH_ESCAPES',
      `Datastore "${datastore}": the data path ${JSON.stringify(path)} ${why}; use a path relative to the datastore's root that stays inside it.`,
      { datastore, path },
    );
  }
  return normalised.path;
}

/** Like `datastorePath`, for operations that need a file: the root is refused. */
export function datastoreFilePath(path: unknown, datastore: string): string {
  const normalised = datastorePath(path, datastore);
  if (normalised === '') {
    throw new DatastoreError(
      'DATASTORE_INVALID_PATH',
      `Datastore "${datastore}": the data path ${JSON.stringify(path)} names the datastore's root; name a file.`,
      { datastore, path: normalised },
    );
  }
  return normalised;
}

/** `raw/2024/a.csv` → `a.csv`; `''` → `''`. */
export function lastSegment(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

/** Joins data-path pieces, skipping empty ones: (`raw`, ``, `a.csv`) → `raw/a.csv`. */
export function joinDataPath(...pieces: readonly string[]): string {
  return pieces.filter((piece) => piece !== '').join('/');
}
