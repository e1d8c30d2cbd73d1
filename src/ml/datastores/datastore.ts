/**
 * The datastore port: a named storage location ML steps read inputs from and write outputs to,
 * in domain operations. Every path is a data path relative to the datastore's root, `/`-separated
 * (`raw/2024/sales.csv`; `''` is the root), validated by `datastorePath` before anything is
 * touched; paths that escape fail with `DATASTORE_PATH_ESCAPES`. Failures are `DatastoreError`s.
 *
 * Folders are implied by the files under them (as in Blob storage): a folder exists while it
 * holds at least one file. The local adapter also reports empty folders it finds on disk.
 */
import type { Readable } from 'node:stream';

export const DatastoreTypes = ['local', 'azureBlob'] as const;
export type DatastoreType = (typeof DatastoreTypes)[number];

/** One file of a datastore: its data path and its size in bytes. */
export interface DatastoreFile {
  readonly path: string;
  readonly size: number;
}

export type DatastorePathStatus =
  | { readonly kind: 'file'; readonly size: number }
  | { readonly kind: 'folder' }
  | { readonly kind: 'missing' };

export type DatastoreData = Buffer | Uint8Array | string | Readable;

export interface Datastore {
  readonly name: string;
  readonly type: DatastoreType;

  /** Whether a file or a folder exists at `path` (the root always exists). */
  exists(path: string): Promise<boolean>;

  /** What is at `path`: a file and its size, a folder, or nothing. */
  stat(path: string): Promise<DatastorePathStatus>;

  /**
   * Every file under the folder `prefix`, recursively, sorted by path (code-unit order); paths
   * are from the datastore's root. A missing folder, or a file, has no files under it: `[]`.
   */
  list(prefix: string): Promise<readonly DatastoreFile[]>;

  /** The whole file. `DATASTORE_NOT_FOUND`, or `DATASTORE_NOT_A_FILE` for a folder. */
  readFile(path: string): Promise<Buffer>;

  /** The file as a stream, for large files; fails like `readFile` before returning. */
  createReadStream(path: string): Promise<Readable>;

  /** Creates or replaces the file, creating its folders; a stream is written without buffering. */
  writeFile(path: string, data: DatastoreData): Promise<void>;

  /**
   * Makes the file or folder at `path` available as a local path and returns it. The content
   * is the datastore's at the time of the call; treat it as read-only (the local adapter returns
   * the datastore's own file or folder). Adapters that copy write to `localFolder/<path>`, so
   * several paths can share one `localFolder`; the root materialises to `localFolder` itself.
   */
  materialize(path: string, localFolder: string): Promise<string>;

  /**
   * Writes every file under `localFolder` (recursively) to the datastore folder `path`, keeping
   * relative paths; existing files of the same path are replaced, others are left alone. Returns
   * the files written, sorted by path. Symbolic links leading out of `localFolder` are refused.
   * With `move`, the caller gives the files up: an adapter may move them instead of copying them
   * (the local one renames within a file system), so `localFolder` may be left without them.
   */
  collect(
    localFolder: string,
    path: string,
    options?: { readonly move?: boolean },
  ): Promise<readonly DatastoreFile[]>;

  /** Removes the file, or the folder and everything under it; nothing there is not an error. */
  delete(path: string): Promise<void>;

  /** Describes the datastore without secrets. */
  toJSON(): Record<string, unknown>;
}
