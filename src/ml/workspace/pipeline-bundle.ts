/**
 * A pipeline sent as a bundle (its YAML and the files beside it, as a remote client uploads
 * them) is written to a temporary folder so it loads and snapshots like a file on this machine.
 * File names must stay inside the bundle: relative, no `..`, no NUL; `\` counts as `/`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { isInsideFolder } from '../datastores/local-file-walk.js';
import { normaliseDatastorePath } from '../ml-data-path.js';
import type { MlPipelineDefinition } from '../ml-pipeline-definition.js';
import type { MlProblem } from '../ml-problems.js';
import { MlWorkspaceError } from './ml-workspace-errors.js';
import { stepCodeFolder } from './published-snapshot.js';

export interface BundleSource {
  readonly fileName: string;
  readonly yaml: string;
  readonly files: Readonly<Record<string, Buffer>>;
}

export interface WrittenBundle {
  /** The bundle's root; code folders are relative to it. */
  readonly folder: string;
  /** `<folder>/<base name of fileName>`. */
  readonly yamlFile: string;
  /** Removes the folder. */
  dispose(): Promise<void>;
}

/** Validates every file name first (`ML_INVALID_REQUEST` listing all bad ones), then writes. */
export async function writeBundle(source: BundleSource): Promise<WrittenBundle> {
  const yamlName = bundleYamlName(source.fileName);
  const files = bundleFiles(source.files, yamlName);
  const folder = await mkdtemp(join(tmpdir(), 'millrace-bundle-'));
  const dispose = () => rm(folder, { recursive: true, force: true });
  try {
    for (const [path, content] of files) {
      const target = join(folder, ...path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    const yamlFile = join(folder, yamlName);
    await writeFile(yamlFile, source.yaml);
    return { folder, yamlFile, dispose };
  } catch (error) {
    await dispose();
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST') {
      throw new MlWorkspaceError(
        'ML_INVALID_REQUEST',
        'The bundle names a file and a folder with the same path (e.g. "src" and "src/a.py"); rename one.',
        null,
        { cause: error },
      );
    }
    throw new MlWorkspaceError(
      'ML_SNAPSHOT_FAILED',
      `Cannot write the bundle to a temporary folder: ${(error as Error).message}.`,
      null,
      { cause: error },
    );
  }
}

function bundleYamlName(fileName: unknown): string {
  const name = typeof fileName === 'string' ? basename(fileName.replace(/\\/g, '/')) : '';
  if (name === '' || name === '.' || name === '..' || name.includes('\0')) {
    throw new MlWorkspaceError(
      'ML_INVALID_REQUEST',
      `The bundle's YAML file name ${JSON.stringify(fileName)} is not a file name; send e.g. "pipeline.yml".`,
      [{ name: String(fileName), problem: 'not a file name' }],
    );
  }
  return name;
}

/** The files by normalised relative path; every bad name is reported at once. */
function bundleFiles(
  files: Readonly<Record<string, Buffer>>,
  yamlName: string,
): Map<string, Buffer> {
  const accepted = new Map<string, Buffer>([[yamlName, Buffer.alloc(0)]]);
  const problems: { name: string; problem: string }[] = [];
  for (const [name, content] of Object.entries(files ?? {})) {
    const problem = bundlePathProblem(name);
    const path = problem === undefined ? normalisedPath(name) : undefined;
    if (problem !== undefined || path === undefined) {
      problems.push({ name, problem: problem ?? 'names the bundle root, not a file' });
    } else if (accepted.has(path)) {
      problems.push({
        name,
        problem: `"${path}" is ${path === yamlName ? 'the YAML file itself' : 'named twice'}`,
      });
    } else if (!Buffer.isBuffer(content)) {
      problems.push({ name, problem: 'the content is not bytes' });
    } else {
      accepted.set(path, content);
    }
  }
  if (problems.length > 0) {
    throw new MlWorkspaceError(
      'ML_INVALID_REQUEST',
      `The bundle has file names that are not allowed: ${problems
        .map(({ name, problem }) => `${JSON.stringify(name)} ${problem}`)
        .join('; ')}. Use paths relative to the YAML's folder that stay inside it.`,
      problems,
    );
  }
  accepted.delete(yamlName);
  return accepted;
}

function bundlePathProblem(name: string): string | undefined {
  if (name.includes('\0')) return 'contains a NUL character';
  const normalised = normaliseDatastorePath(name);
  if (!normalised.ok) {
    return normalised.reason === 'absolute' ? 'is absolute' : 'contains ".." (leaves the bundle)';
  }
  return undefined;
}

function normalisedPath(name: string): string | undefined {
  const normalised = normaliseDatastorePath(name);
  return normalised.ok && normalised.path !== '' ? normalised.path : undefined;
}

/**
 * Code folders of a bundled pipeline must lie inside the bundle: a remote client must not get a
 * snapshot of this machine's other folders. Returns one problem per step whose `code` leaves it.
 */
export function bundleCodeProblems(
  definition: MlPipelineDefinition,
  bundle: WrittenBundle,
  fileName: string,
): MlProblem[] {
  const problems: MlProblem[] = [];
  for (const step of definition.steps) {
    const folder = stepCodeFolder(step, bundle.folder);
    if (folder === undefined || isInsideFolder(bundle.folder, resolve(folder))) continue;
    const location = step.codeLocation ?? step.location;
    problems.push({
      code: 'ML_INVALID_VALUE',
      severity: 'error',
      message: `Step "${step.name}": code folder "${step.code ?? ''}" leaves the bundle; name a folder inside it, relative to the YAML file.`,
      file: fileName,
      line: location.line,
      column: location.column,
      path: location.path,
    });
  }
  return problems;
}
