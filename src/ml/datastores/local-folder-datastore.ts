/**
 * A datastore that is a local folder (`workspaceblobstore` by default:
 * `$MILLRACE_HOME/datastores/workspaceblobstore`, created on first use). Paths are checked twice:
 * lexically by `datastorePath`, then against real paths, so that a symbolic link inside the
 * folder cannot lead a data path outside it. (A link swapped in between the check and the use
 * is not guarded against: the folder is Millrace's own.)
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import {
  copyFile,
  mkdir,
  readFile,
  readdir,
  realpath,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DatastoreError } from './datastore-error.js';
import { datastoreFilePath, datastorePath, joinDataPath } from './datastore-path.js';
import type { Datastore, DatastoreData, DatastoreFile, DatastorePathStatus } from './datastore.js';
import {
  isInsideFolder,
  isMissingFileError,
  localFilesToCollect,
  walkLocalFiles,
} from './local-file-walk.js';
import { toDatastoreError } from './local-fs-error.js';
import { mapWithConcurrency } from './map-with-concurrency.js';

export const WORKSPACE_BLOB_STORE = 'workspaceblobstore';

/** `$MILLRACE_HOME/datastores/<name>`: where a local datastore lives unless configured. */
export function defaultLocalDatastoreFolder(millraceHome: string, name: string): string {
  return join(millraceHome, 'datastores', name);
}

/** How many files `collect` copies at once. */
const COLLECT_CONCURRENCY = 4;

export class LocalFolderDatastore implements Datastore {
  readonly type = 'local' as const;
  #realRoot: Promise<string> | undefined;

  /** `folder` is absolute; it is created on first use. */
  constructor(
    readonly name: string,
    readonly folder: string,
  ) {}

  async exists(path: string): Promise<boolean> {
    return (await this.stat(path)).kind !== 'missing';
  }

  async stat(path: string): Promise<DatastorePathStatus> {
    const dataPath = datastorePath(path, this.name);
    return this.#guard(dataPath, async () => this.#statResolved(await this.#resolve(dataPath)));
  }

  async list(prefix: string): Promise<readonly DatastoreFile[]> {
    const dataPath = datastorePath(prefix, this.name);
    return this.#guard(dataPath, async () => {
      const resolved = await this.#resolve(dataPath);
      if ((await this.#statResolved(resolved)).kind !== 'folder') return [];
      const files = await this.#walk(resolved, dataPath);
      return files.map((file) => ({
        path: joinDataPath(dataPath, file.relativePath),
        size: file.size,
      }));
    });
  }

  async readFile(path: string): Promise<Buffer> {
    const dataPath = datastoreFilePath(path, this.name);
    return this.#guard(dataPath, async () => readFile(await this.#requireFile(dataPath)));
  }

  async createReadStream(path: string): Promise<Readable> {
    const dataPath = datastoreFilePath(path, this.name);
    return this.#guard(dataPath, async () => createReadStream(await this.#requireFile(dataPath)));
  }

  async writeFile(path: string, data: DatastoreData): Promise<void> {
    await this.#writeWith(path, (temporary) =>
      data instanceof Readable
        ? pipeline(data, createWriteStream(temporary))
        : writeFile(temporary, data),
    );
  }

  /** Writes the file at `path` with `write(temporary)`, then renames it into place. */
  async #writeWith(path: string, write: (temporary: string) => Promise<void>): Promise<void> {
    const dataPath = datastoreFilePath(path, this.name);
    await this.#guard(dataPath, async () => {
      const target = await this.#resolve(dataPath);
      if ((await this.#statResolved(target)).kind === 'folder') {
        throw new DatastoreError(
          'DATASTORE_PATH_CONFLICT',
          `Datastore "${this.name}": ${JSON.stringify(dataPath)} is a folder; a file cannot replace it.`,
          { datastore: this.name, path: dataPath },
        );
      }
      const folder = dirname(target);
      await mkdir(folder, { recursive: true });
      // The folders now exist: check once more that they resolve inside the datastore.
      this.#requireInside(await realpath(folder), dataPath, await this.#root());
      // Written beside the target, then renamed over it: readers never see half a file, and a
      // link at the target is replaced rather than followed.
      const temporary = join(folder, `.${basename(target)}.${randomUUID()}.millrace-partial`);
      try {
        await write(temporary);
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    });
  }

  async materialize(path: string, _localFolder: string): Promise<string> {
    const dataPath = datastorePath(path, this.name);
    return this.#guard(dataPath, async () => {
      const resolved = await this.#resolve(dataPath);
      const status = await this.#statResolved(resolved);
      if (status.kind === 'missing') throw this.#notFound(dataPath);
      // A folder handed out must not hold links that lead outside the datastore.
      if (status.kind === 'folder') await this.#walk(resolved, dataPath);
      return resolved;
    });
  }

  async collect(
    localFolder: string,
    path: string,
    options: { readonly move?: boolean } = {},
  ): Promise<readonly DatastoreFile[]> {
    const dataPath = datastorePath(path, this.name);
    const files = await localFilesToCollect(localFolder, this.name);
    return mapWithConcurrency(files, COLLECT_CONCURRENCY, async (file) => {
      const target = joinDataPath(dataPath, file.relativePath);
      // Copied by the system, not through buffers of this process: a step's output can be GBs.
      // Moved when given up, which within one file system costs nothing whatever the size.
      const copy = (temporary: string) => copyFile(file.absolutePath, temporary);
      await this.#writeWith(target, (temporary) =>
        options.move === true
          ? rename(file.absolutePath, temporary).catch((error: unknown) =>
              (error as NodeJS.ErrnoException).code === 'EXDEV'
                ? copy(temporary)
                : Promise.reject(error),
            )
          : copy(temporary),
      );
      return { path: target, size: file.size };
    });
  }

  async delete(path: string): Promise<void> {
    const dataPath = datastorePath(path, this.name);
    await this.#guard(dataPath, async () => {
      const root = await this.#root();
      if (dataPath === '') {
        for (const entry of await readdir(root)) {
          await rm(join(root, entry), { recursive: true, force: true });
        }
        return;
      }
      // Resolve the parent only, so that a link at the path itself is removed, not its target.
      const segments = dataPath.split('/');
      const name = segments.pop()!;
      const parent = await this.#resolve(segments.join('/'));
      await rm(join(parent, name), { recursive: true, force: true });
    });
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, type: this.type, folder: this.folder };
  }

  #root(): Promise<string> {
    this.#realRoot ??= (async () => {
      await mkdir(this.folder, { recursive: true });
      return realpath(this.folder);
    })();
    // A failed creation is retried by the next call rather than remembered.
    this.#realRoot.catch(() => (this.#realRoot = undefined));
    return this.#realRoot;
  }

  /**
   * The real location of `dataPath`: its deepest existing ancestor resolved through links, plus
   * the segments that do not exist yet. Refused when that ancestor lies outside the datastore.
   */
  async #resolve(dataPath: string): Promise<string> {
    const root = await this.#root();
    const missing: string[] = [];
    let existing = dataPath === '' ? root : join(root, ...dataPath.split('/'));
    for (;;) {
      try {
        const real = await realpath(existing);
        this.#requireInside(real, dataPath, root);
        return join(real, ...missing);
      } catch (error) {
        if (!isMissingFileError(error) || existing === root) throw error;
        missing.unshift(basename(existing));
        existing = dirname(existing);
      }
    }
  }

  #requireInside(realPath: string, dataPath: string, root: string): void {
    if (!isInsideFolder(root, realPath)) throw this.#escapes(dataPath);
  }

  async #statResolved(resolved: string): Promise<DatastorePathStatus> {
    try {
      const status = await stat(resolved);
      if (status.isFile()) return { kind: 'file', size: status.size };
      if (status.isDirectory()) return { kind: 'folder' };
      return { kind: 'missing' };
    } catch (error) {
      if (isMissingFileError(error)) return { kind: 'missing' };
      throw error;
    }
  }

  async #requireFile(dataPath: string): Promise<string> {
    const resolved = await this.#resolve(dataPath);
    const status = await this.#statResolved(resolved);
    if (status.kind === 'missing') throw this.#notFound(dataPath);
    if (status.kind === 'folder') {
      throw new DatastoreError(
        'DATASTORE_NOT_A_FILE',
        `Datastore "${this.name}": ${JSON.stringify(dataPath)} is a folder; name a file in it.`,
        { datastore: this.name, path: dataPath },
      );
    }
    return resolved;
  }

  async #walk(resolvedFolder: string, dataPath: string) {
    return walkLocalFiles(resolvedFolder, await this.#root(), (relativePath) =>
      this.#escapes(joinDataPath(dataPath, relativePath)),
    );
  }

  #notFound(dataPath: string): DatastoreError {
    return new DatastoreError(
      'DATASTORE_NOT_FOUND',
      `Datastore "${this.name}": nothing exists at ${JSON.stringify(dataPath)}; check the path, or write the data first.`,
      { datastore: this.name, path: dataPath },
    );
  }

  #escapes(dataPath: string): DatastoreError {
    return new DatastoreError(
      'DATASTORE_PATH_ESCAPES',
      `Datastore "${this.name}": ${JSON.stringify(dataPath)} leads outside the datastore through a symbolic link; replace the link with the data itself.`,
      { datastore: this.name, path: dataPath },
    );
  }

  async #guard<T>(dataPath: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw toDatastoreError(error, this.name, dataPath);
    }
  }
}
