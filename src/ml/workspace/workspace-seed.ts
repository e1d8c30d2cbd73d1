/**
 * The ML side a factory folder ships with (a Millrace extension to ADF's git layout), brought
 * into a workspace so the factory's AzureMLExecutePipeline activities find what they run:
 *
 * - `ml/pipelines/<endpoint>/pipeline.yml`: published as a new default version of the pipeline
 *   endpoint `<endpoint>`, unless that endpoint's default version is already identical;
 * - `ml/datastores/<datastore>/<path>`: copied to `<path>` of that datastore when missing or
 *   different; files already there and equal are left alone, other files are never touched.
 *
 * Safe to run at every start: an unchanged folder publishes and writes nothing.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatastoreRegistry } from '../datastores/datastore-registry.js';
import { isMissingFileError, localFilesToCollect } from '../datastores/local-file-walk.js';
import type { MlWorkspace } from './ml-workspace.js';

export const ML_SEED_FOLDER = 'ml';

export interface MlSeedResult {
  readonly endpoints: readonly {
    readonly name: string;
    readonly version: string;
    readonly pipelineId: string;
    /** Already the endpoint's default version: nothing was published. */
    readonly unchanged: boolean;
  }[];
  /** Datastore files written (missing or different before). */
  readonly written: readonly { readonly datastore: string; readonly path: string }[];
  /** Datastore files already equal. */
  readonly equal: number;
}

/** Folder names, symbolic links to folders included (examples link shared ML pipelines in). */
async function subfolders(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    const names: string[] = [];
    for (const entry of entries) {
      if (entry.isDirectory()) names.push(entry.name);
      else if (entry.isSymbolicLink() && (await isFolder(join(folder, entry.name))))
        names.push(entry.name);
    }
    return names.sort();
  } catch (error) {
    if (isMissingFileError(error)) return [];
    throw error;
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    if (isMissingFileError(error)) return false; // a dangling link
    throw error;
  }
}

/** Whether the factory folder carries an ML side at all (a file path never does). */
export async function hasMlSeed(factoryFolder: string): Promise<boolean> {
  try {
    return (await stat(join(factoryFolder, ML_SEED_FOLDER))).isDirectory();
  } catch (error) {
    if (isMissingFileError(error)) return false;
    throw error;
  }
}

export async function seedMlWorkspace(
  factoryFolder: string,
  target: { readonly workspace: MlWorkspace; readonly datastores: DatastoreRegistry },
): Promise<MlSeedResult> {
  const root = join(factoryFolder, ML_SEED_FOLDER);
  const written: { datastore: string; path: string }[] = [];
  let equal = 0;
  // Data first: a pipeline published from this folder may read it as soon as it is submitted.
  for (const name of await subfolders(join(root, 'datastores'))) {
    const datastore = target.datastores.get(name);
    const folder = join(root, 'datastores', name);
    for (const file of await localFilesToCollect(folder, datastore.name)) {
      const content = await readFile(file.absolutePath);
      const existing = await datastore.stat(file.relativePath);
      if (
        existing.kind === 'file' &&
        existing.size === content.length &&
        (await datastore.readFile(file.relativePath)).equals(content)
      ) {
        equal += 1;
        continue;
      }
      await datastore.writeFile(file.relativePath, content);
      written.push({ datastore: datastore.name, path: file.relativePath });
    }
  }
  const endpoints: MlSeedResult['endpoints'][number][] = [];
  for (const name of await subfolders(join(root, 'pipelines'))) {
    const result = await target.workspace.publish(
      { kind: 'file', file: join(root, 'pipelines', name, 'pipeline.yml') },
      { endpoint: { name, makeDefault: true, skipIfUnchanged: true } },
    );
    endpoints.push({
      name,
      version: result.endpointVersion ?? '',
      pipelineId: result.pipeline.id,
      unchanged: result.unchanged === true,
    });
  }
  return { endpoints, written, equal };
}
