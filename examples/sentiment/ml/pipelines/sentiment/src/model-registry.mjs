// Saved models in a datastore folder, one numbered version per folder:
//
//   <registry>/<version>/model.json     the model document (sentiment-models.mjs)
//   <registry>/<version>/metrics.json   its held-out metrics, those of the model it was compared
//                                       with, and where it came from (run, time, sha256)
//
// A model is found by a folder that holds model.json (a path) or by a registry and a version
// ("latest" or a number).
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_FILE } from './sentiment-models.mjs';

export const METRICS_FILE = 'metrics.json';
export const LATEST = 'latest';

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The registry's versions, ascending: folders named by a positive integer holding model.json. */
export async function listVersions(registry) {
  const entries = await readdir(registry, { withFileTypes: true });
  const versions = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !/^[1-9]\d*$/.test(entry.name)) continue;
    if (await isFile(join(registry, entry.name, MODEL_FILE))) versions.push(Number(entry.name));
  }
  return versions.sort((a, b) => a - b);
}

/**
 * `{ folder, version }` of the model at `location`: the folder itself when it holds model.json
 * (version null), else `version` of the registry at `location` (Default: latest).
 */
export async function resolveModel(location, version = LATEST) {
  if (await isFile(join(location, MODEL_FILE))) return { folder: location, version: null };
  const versions = await listVersions(location);
  const wanted = version === '' || version === LATEST ? versions.at(-1) : Number(version);
  if (wanted === undefined)
    throw new Error(`No saved model in ${location}: train one first (the "sentiment" pipeline).`);
  if (!versions.includes(wanted))
    throw new Error(
      `No model version "${version}" in ${location}; saved versions: ${versions.join(', ')}.`,
    );
  return { folder: join(location, String(wanted)), version: wanted };
}

export async function readModel(folder) {
  return JSON.parse(await readFile(join(folder, MODEL_FILE), 'utf8'));
}

export function sha256(content) {
  return createHash('sha256').update(content).digest('hex');
}
