/**
 * A pipeline YAML on this machine → the bundle a remote workspace publishes from: the YAML text
 * and every file of the code folders its steps name (`code`, or `task.code` for parallel steps),
 * keyed by path relative to the YAML's folder, with the same ignore rules as code snapshots.
 * Folders that are absolute, leave the YAML's folder or do not exist are left out: the server
 * then reports them against the YAML, as the embedded workspace would.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, posix } from 'node:path';
import { parse } from 'yaml';
import { listCodeFiles } from './code-snapshot.js';
import { MlWorkspaceError } from './ml-workspace-errors.js';

export interface PipelineBundle {
  readonly fileName: string;
  readonly yaml: string;
  readonly files: Readonly<Record<string, Buffer>>;
}

export async function bundlePipelineFile(file: string): Promise<PipelineBundle> {
  let yaml: string;
  try {
    yaml = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new MlWorkspaceError(
      'ML_INVALID_PIPELINE',
      `Cannot read "${file}" (${reason}); check the path.`,
      [{ file, line: 1, column: 1, path: '', message: `cannot read the file (${reason})` }],
      { cause: error },
    );
  }
  const folder = dirname(file);
  const fileName = basename(file);
  const files: Record<string, Buffer> = {};
  for (const codeFolder of codeFoldersOf(yaml)) {
    const listed = await listCodeFiles(join(folder, codeFolder)).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 'ML_INVALID_PIPELINE') return [];
      throw error;
    });
    for (const codeFile of listed) {
      const path = posix.join(codeFolder, codeFile.relativePath);
      // A code folder `.` holds the YAML itself, which the bundle carries as `yaml`.
      if (path === fileName || files[path] !== undefined) continue;
      files[path] = await readFile(codeFile.absolutePath);
    }
  }
  return { fileName, yaml, files };
}

/** The distinct code folders steps name, normalised, that lie inside the YAML's folder. */
export function codeFoldersOf(yaml: string): string[] {
  let document: unknown;
  try {
    document = parse(yaml);
  } catch {
    // The server reports the syntax error with its position.
    return [];
  }
  const jobs = field(document, 'jobs');
  if (typeof jobs !== 'object' || jobs === null) return [];
  const folders = new Set<string>();
  for (const job of Object.values(jobs)) {
    for (const code of [field(job, 'code'), field(field(job, 'task'), 'code')]) {
      if (typeof code !== 'string' || code.trim() === '' || isAbsolute(code)) continue;
      const normalised = posix.normalize(code.replace(/\\/g, '/')).replace(/\/+$/, '');
      if (normalised === '..' || normalised.startsWith('../')) continue;
      folders.add(normalised === '' ? '.' : normalised);
    }
  }
  return [...folders];
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}
