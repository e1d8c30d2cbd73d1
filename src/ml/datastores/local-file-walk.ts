/**
 * Walks a local folder for its files, following symbolic links only while they stay inside a
 * boundary folder: a datastore must not hand out, and `collect` must not upload, what lies
 * outside. Used by the local datastore (`list`, `materialize`) and by `collect` of both adapters.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { DatastoreError } from './datastore-error.js';

export interface LocalFile {
  /** `/`-separated, relative to the walked folder. */
  readonly relativePath: string;
  readonly absolutePath: string;
  readonly size: number;
}

/** Whether `candidate` is `boundary` or below it; both must be real (resolved) paths. */
export function isInsideFolder(boundary: string, candidate: string): boolean {
  const fromBoundary = relative(boundary, candidate);
  return (
    fromBoundary === '' ||
    (fromBoundary !== '..' && !fromBoundary.startsWith(`..${sep}`) && !isAbsolute(fromBoundary))
  );
}

export function isMissingFileError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Every file under `folder`, sorted by relative path. `boundary` is the real path links must
 * stay in; a link leading out of it makes `onEscapingLink` build the error to throw. Dangling
 * links, sockets and FIFOs are skipped; a link loop is walked once.
 */
export async function walkLocalFiles(
  folder: string,
  boundary: string,
  onEscapingLink: (relativePath: string) => Error,
): Promise<LocalFile[]> {
  const files: LocalFile[] = [];
  const visitedFolders = new Set<string>();

  async function walk(absoluteFolder: string, relativeFolder: string): Promise<void> {
    const realFolder = await realpath(absoluteFolder);
    if (visitedFolders.has(realFolder)) return;
    visitedFolders.add(realFolder);
    const entries = await readdir(absoluteFolder, { withFileTypes: true });
    for (const entry of entries) {
      const absolutePath = join(absoluteFolder, entry.name);
      const relativePath = relativeFolder === '' ? entry.name : `${relativeFolder}/${entry.name}`;
      if (entry.isDirectory()) {
        await walk(absolutePath, relativePath);
      } else if (entry.isFile()) {
        files.push({ relativePath, absolutePath, size: (await stat(absolutePath)).size });
      } else if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(absolutePath);
        } catch (error) {
          if (isMissingFileError(error)) continue;
          throw error;
        }
        if (!isInsideFolder(boundary, target)) throw onEscapingLink(relativePath);
        const targetStatus = await stat(target);
        if (targetStatus.isDirectory()) await walk(absolutePath, relativePath);
        else if (targetStatus.isFile())
          files.push({ relativePath, absolutePath, size: targetStatus.size });
      }
    }
  }

  await walk(folder, '');
  return files.sort((a, b) => compareCodeUnits(a.relativePath, b.relativePath));
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The files `collect` uploads from `localFolder`: a missing folder is `DATASTORE_NOT_FOUND`, a
 * link leading out of it `DATASTORE_PATH_ESCAPES` (a step's output must not carry other files).
 */
export async function localFilesToCollect(
  localFolder: string,
  datastore: string,
): Promise<LocalFile[]> {
  let boundary: string | undefined;
  try {
    boundary = await realpath(localFolder);
    if (!(await stat(boundary)).isDirectory()) boundary = undefined;
  } catch (error) {
    if (!isMissingFileError(error)) throw error;
  }
  if (boundary === undefined) {
    throw new DatastoreError(
      'DATASTORE_NOT_FOUND',
      `Datastore "${datastore}": cannot collect ${JSON.stringify(localFolder)}: it is not an existing local folder.`,
      { datastore },
    );
  }
  return walkLocalFiles(
    boundary,
    boundary,
    (relativePath) =>
      new DatastoreError(
        'DATASTORE_PATH_ESCAPES',
        `Datastore "${datastore}": cannot collect ${JSON.stringify(localFolder)}: its symbolic link ${JSON.stringify(relativePath)} leads outside it; copy the file in instead.`,
        { datastore },
      ),
  );
}
