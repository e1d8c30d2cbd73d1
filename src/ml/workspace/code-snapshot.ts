/**
 * Content-addressed snapshots of a step's code folder. The hash covers, for every file the
 * ignore rules keep, its relative path, whether it is executable and a hash of its content, so
 * it changes exactly when something a step could run changes (timestamps and owners do not
 * count). A snapshot is stored once at `<snapshotRoot>/<hash>/` and never changed afterwards.
 *
 * Ignore rules: the code folder's own `.amlignore`, or when it has none its `.gitignore`
 * (gitignore syntax, as Azure ML reads them; files in subfolders are not consulted). `.git` is
 * always left out, and so are `node_modules` folders at any depth unless the ignore file keeps
 * them (`!node_modules/`): a step's npm dependencies come from its package.json, installed where
 * it runs (src/ml/steps/node-environments.ts), never from a developer's local install. Symbolic links are followed while they stay inside the code folder; one
 * leading outside it, or to a folder that contains it, is refused.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  lstat,
  mkdir,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Ignore } from 'ignore';
import {
  compareCodeUnits,
  isInsideFolder,
  isMissingFileError,
} from '../datastores/local-file-walk.js';
import { MlWorkspaceError } from './ml-workspace-errors.js';

/** Consulted in this order; the first that exists is used. */
export const IGNORE_FILE_NAMES = ['.amlignore', '.gitignore'] as const;
/** Rules in force before the ignore file's own, which can undo them (`!node_modules/`). */
export const DEFAULT_IGNORE_RULES = ['node_modules/'] as const;

export interface CodeFile {
  /** `/`-separated, relative to the code folder. */
  readonly relativePath: string;
  readonly absolutePath: string;
  readonly executable: boolean;
}

export interface CodeFolderHash {
  /** sha256, lower-case hex. */
  readonly hash: string;
  readonly files: readonly CodeFile[];
}

export interface CodeSnapshot {
  readonly hash: string;
  /** `<snapshotRoot>/<hash>`. */
  readonly folder: string;
  /** True when a snapshot with this hash was already stored (nothing was copied). */
  readonly existed: boolean;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSnapshotHash(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

/** Where the snapshot with this hash is stored. */
export function snapshotFolderOf(snapshotRoot: string, hash: string): string {
  if (!isSnapshotHash(hash)) {
    throw new MlWorkspaceError(
      'ML_SNAPSHOT_FAILED',
      `${JSON.stringify(hash)} is not a snapshot hash (64 lower-case hexadecimal digits).`,
    );
  }
  return join(snapshotRoot, hash);
}

/** Lists the files of `folder` the ignore rules keep and hashes them. Reads, writes nothing. */
export async function hashCodeFolder(folder: string): Promise<CodeFolderHash> {
  const files = await listCodeFiles(folder);
  const digest = createHash('sha256');
  for (const file of files) {
    const content = await readCodeFile(file);
    digest.update(fileEntry(file, content));
  }
  return { hash: digest.digest('hex'), files };
}

/** Hashes `folder` and stores it under `snapshotRoot` unless a snapshot with that hash exists. */
export async function snapshotCodeFolder(
  folder: string,
  snapshotRoot: string,
): Promise<CodeSnapshot> {
  const { hash, files } = await hashCodeFolder(folder);
  return storeSnapshotFolder(snapshotRoot, hash, `the code folder ${folder}`, async (temporary) => {
    const digest = createHash('sha256');
    for (const file of files) {
      const content = await readCodeFile(file);
      digest.update(fileEntry(file, content));
      const destination = join(temporary, ...file.relativePath.split('/'));
      await mkdir(dirname(destination), { recursive: true });
      await writeFile(destination, content, { mode: file.executable ? 0o755 : 0o644 });
    }
    // The copy must be what was hashed: a file edited in between would store the wrong content.
    if (digest.digest('hex') !== hash) {
      throw new MlWorkspaceError(
        'ML_SNAPSHOT_FAILED',
        `The code folder ${folder} changed while it was being snapshotted; publish again once nothing writes to it.`,
      );
    }
  });
}

/**
 * Stores a snapshot folder under its hash unless it exists: `fill` writes the content into a
 * temporary folder beside the snapshots, which is then renamed into place, so a snapshot folder
 * is either complete or absent, also when two publishers race.
 */
export async function storeSnapshotFolder(
  snapshotRoot: string,
  hash: string,
  what: string,
  fill: (temporaryFolder: string) => Promise<void>,
): Promise<CodeSnapshot> {
  const target = snapshotFolderOf(snapshotRoot, hash);
  if (await folderExists(target)) return { hash, folder: target, existed: true };
  const temporary = join(snapshotRoot, `.incoming-${randomUUID()}`);
  try {
    await mkdir(temporary, { recursive: true });
    await fill(temporary);
    try {
      await rename(temporary, target);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await folderExists(target))) {
        return { hash, folder: target, existed: true };
      }
      throw error;
    }
    return { hash, folder: target, existed: false };
  } catch (error) {
    if (error instanceof MlWorkspaceError) throw error;
    throw new MlWorkspaceError(
      'ML_SNAPSHOT_FAILED',
      `Cannot store the snapshot of ${what} in ${snapshotRoot}: ${(error as Error).message}. Check free space and permissions.`,
      null,
      { cause: error },
    );
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}

/** One line per file; JSON keeps it unambiguous whatever characters the file name holds. */
function fileEntry(file: CodeFile, content: Buffer): string {
  const contentHash = createHash('sha256').update(content).digest('hex');
  return `${JSON.stringify([file.relativePath, file.executable ? 'x' : '-', contentHash])}\n`;
}

async function readCodeFile(file: CodeFile): Promise<Buffer> {
  try {
    return await readFile(file.absolutePath);
  } catch (error) {
    throw new MlWorkspaceError(
      'ML_SNAPSHOT_FAILED',
      `Cannot read ${file.absolutePath} for the code snapshot: ${(error as Error).message}.`,
      null,
      { cause: error },
    );
  }
}

/** Every file of `folder` the ignore rules keep, sorted by relative path (code-unit order). */
export async function listCodeFiles(folder: string): Promise<CodeFile[]> {
  const root = await realpath(folder).catch(() => undefined);
  if (root === undefined || !(await folderExists(root))) {
    throw new MlWorkspaceError(
      'ML_INVALID_PIPELINE',
      `The code folder ${folder} does not exist or is not a folder.`,
      [{ folder, problem: 'not a folder' }],
    );
  }
  const rules = await readIgnoreRules(root);
  const files: CodeFile[] = [];

  const walk = async (
    absoluteFolder: string,
    relativeFolder: string,
    ancestors: readonly string[],
  ): Promise<void> => {
    const entries = (await readdir(absoluteFolder, { withFileTypes: true })).sort((a, b) =>
      compareCodeUnits(a.name, b.name),
    );
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const absolutePath = join(absoluteFolder, entry.name);
      const relativePath = relativeFolder === '' ? entry.name : `${relativeFolder}/${entry.name}`;
      let kind: 'file' | 'folder' | 'other' = entry.isDirectory()
        ? 'folder'
        : entry.isFile()
          ? 'file'
          : 'other';
      let realFolder = absolutePath;
      if (entry.isSymbolicLink()) {
        if (rules.ignores(relativePath) || rules.ignores(`${relativePath}/`)) continue;
        let target: string;
        try {
          target = await realpath(absolutePath);
        } catch (error) {
          if (isMissingFileError(error)) continue; // a dangling link holds no code
          throw error;
        }
        if (!isInsideFolder(root, target)) throw escapingLink(folder, relativePath);
        const targetStatus = await stat(target);
        kind = targetStatus.isDirectory() ? 'folder' : targetStatus.isFile() ? 'file' : 'other';
        realFolder = target;
        if (kind === 'folder' && ancestors.some((ancestor) => isInsideFolder(target, ancestor))) {
          throw new MlWorkspaceError(
            'ML_INVALID_PIPELINE',
            `The symbolic link "${relativePath}" in code folder ${folder} leads to a folder that contains it, so the folder never ends; remove the link or list it in .amlignore.`,
            [{ folder, file: relativePath, problem: 'symbolic link loop' }],
          );
        }
      }
      if (kind === 'folder') {
        if (rules.ignores(`${relativePath}/`)) continue;
        await walk(absolutePath, relativePath, [...ancestors, realFolder]);
      } else if (kind === 'file') {
        if (rules.ignores(relativePath)) continue;
        const mode = (await stat(absolutePath)).mode;
        files.push({ relativePath, absolutePath, executable: (mode & 0o111) !== 0 });
      }
      // Sockets and FIFOs are not code (and reading a FIFO would block).
    }
  };

  try {
    await walk(root, '', [root]);
  } catch (error) {
    if (error instanceof MlWorkspaceError) throw error;
    throw new MlWorkspaceError(
      'ML_SNAPSHOT_FAILED',
      `Cannot list the code folder ${folder}: ${(error as Error).message}.`,
      null,
      { cause: error },
    );
  }
  return files.sort((a, b) => compareCodeUnits(a.relativePath, b.relativePath));
}

async function readIgnoreRules(root: string): Promise<Ignore> {
  // Loaded when code is snapshotted (publishing), not by every process that can publish.
  const { default: ignore } = await import('ignore');
  const rules = ignore().add([...DEFAULT_IGNORE_RULES]);
  for (const name of IGNORE_FILE_NAMES) {
    try {
      const info = await lstat(join(root, name));
      if (!info.isFile()) continue;
      return rules.add(await readFile(join(root, name), 'utf8'));
    } catch (error) {
      if (isMissingFileError(error)) continue;
      throw new MlWorkspaceError(
        'ML_SNAPSHOT_FAILED',
        `Cannot read ${join(root, name)}: ${(error as Error).message}.`,
        null,
        { cause: error },
      );
    }
  }
  return rules;
}

function escapingLink(folder: string, relativePath: string): MlWorkspaceError {
  return new MlWorkspaceError(
    'ML_INVALID_PIPELINE',
    `The symbolic link "${relativePath}" in code folder ${folder} leads outside it; copy the file in instead, or list the link in .amlignore.`,
    [{ folder, file: relativePath, problem: 'symbolic link leads outside the code folder' }],
  );
}

async function folderExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
