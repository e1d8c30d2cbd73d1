// Finds the model version to score with in the model store register.mjs writes to:
//   - the store is itself a model version folder (it holds model.json): that model, by path;
//   - otherwise `<store>/<name>/<version>/`, where the version `latest` (or '') is the one
//     `<store>/<name>/latest.json` points at.
import { access, link, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_FILE } from './tabular-model.mjs';

/** No such model or version: the message says what there is instead. */
export class ModelNotFound extends Error {}

/**
 * The version folder, and the name and version it was chosen by (for a folder given by path,
 * those of its registration.json, or '').
 */
export async function resolveModelVersion(store, name, version) {
  if (await exists(join(store, MODEL_FILE))) {
    const registration = await readJson(join(store, 'registration.json')).catch(() => ({}));
    return { folder: store, name: registration.name ?? '', version: registration.version ?? '' };
  }
  if (name === '') {
    throw new ModelNotFound(
      `${store} holds no ${MODEL_FILE}: set model_name (and model_version) to pick a model of the registry, or point model_store at a model version folder.`,
    );
  }
  const modelFolder = join(store, name);
  let chosen = version;
  if (version === '' || version === 'latest') {
    const pointer = join(modelFolder, 'latest.json');
    if (!(await exists(pointer))) {
      const names = await foldersIn(store);
      throw new ModelNotFound(
        `No model "${name}" is registered (no ${name}/latest.json in the model store). Registered models: ${names.join(', ') || 'none'}. Train one with tabular-classifier first.`,
      );
    }
    chosen = (await readJson(pointer)).version;
  }
  const folder = join(modelFolder, chosen);
  if (!(await exists(join(folder, MODEL_FILE)))) {
    const versions = await foldersIn(modelFolder);
    throw new ModelNotFound(
      `Model "${name}" has no version "${chosen}". Its versions: ${versions.join(', ') || 'none'}.`,
    );
  }
  return { folder, name, version: chosen };
}

/**
 * The version every worker of one step scores with, whichever worker looks first: the first to
 * resolve it records it in `pinFile` (created once, atomically: written aside, then linked into
 * place), and the others read it there, so a version registered while the workers start cannot
 * split them. `pinFile` belongs to one attempt of the step (its working folder, which all its
 * workers share).
 */
export async function resolveModelVersionOnce(pinFile, store, name, version) {
  const pinned = await readJson(pinFile).catch(() => undefined);
  if (pinned !== undefined) return pinned;
  const found = await resolveModelVersion(store, name, version);
  const aside = `${pinFile}.${process.pid}`;
  await writeFile(aside, JSON.stringify(found));
  try {
    await link(aside, pinFile);
    return found;
  } catch (error) {
    if (error?.code !== 'EEXIST') throw error;
    return readJson(pinFile);
  } finally {
    await rm(aside, { force: true });
  }
}

async function exists(path) {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function readJson(path) {
  return JSON.parse(await readFile(path, 'utf8'));
}

async function foldersIn(folder) {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}
