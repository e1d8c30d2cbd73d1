// Step 1, resolve_model: finds the model to score with and copies it (model.json, metrics.json)
// to this step's output, so the scoring step and the run's record name one exact version.
//   - `--models` is itself a model version folder (it holds model.json): that model, by path;
//   - otherwise it is the registry: `<models>/<name>/<version>/`, where the version `latest`
//     (or '') is the one `<models>/<name>/latest.json` points at.
import { access, copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MODEL_FILE, modelFromJson } from './tabular-model.mjs';

const report = (entry) => console.log(`##millrace ${JSON.stringify(entry)}`);

class ModelNotFound extends Error {}

async function exists(path) {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function versionsOf(folder) {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

async function resolve(models, name, version) {
  if (await exists(join(models, MODEL_FILE))) return { folder: models, name: '', version: '' };
  if (name === '') {
    throw new ModelNotFound(
      `${models} holds no ${MODEL_FILE}: set model_name (and model_version) to pick a model of the registry, or point model_store at a model version folder.`,
    );
  }
  const modelFolder = join(models, name);
  let chosen = version;
  if (version === '' || version === 'latest') {
    const pointer = join(modelFolder, 'latest.json');
    if (!(await exists(pointer))) {
      const names = await versionsOf(models);
      throw new ModelNotFound(
        `No model "${name}" is registered (no ${name}/latest.json in the model store). Registered models: ${names.join(', ') || 'none'}. Train one with tabular-classifier first.`,
      );
    }
    chosen = JSON.parse(await readFile(pointer, 'utf8')).version;
  }
  const folder = join(modelFolder, chosen);
  if (!(await exists(join(folder, MODEL_FILE)))) {
    const versions = await versionsOf(modelFolder);
    throw new ModelNotFound(
      `Model "${name}" has no version "${chosen}". Its versions: ${versions.join(', ') || 'none'}.`,
    );
  }
  return { folder, name, version: chosen };
}

try {
  const { values } = parseArgs({
    options: {
      models: { type: 'string' },
      'model-name': { type: 'string', default: '' },
      'model-version': { type: 'string', default: 'latest' },
      out: { type: 'string' },
    },
  });
  const found = await resolve(values.models, values['model-name'], values['model-version']);
  const saved = JSON.parse(await readFile(join(found.folder, MODEL_FILE), 'utf8'));
  modelFromJson(saved); // refuse a file that is not a loadable model here, not in every worker
  await mkdir(values.out, { recursive: true });
  await copyFile(join(found.folder, MODEL_FILE), join(values.out, MODEL_FILE));
  if (await exists(join(found.folder, 'metrics.json'))) {
    await copyFile(join(found.folder, 'metrics.json'), join(values.out, 'metrics.json'));
  }
  const registration = (await exists(join(found.folder, 'registration.json')))
    ? JSON.parse(await readFile(join(found.folder, 'registration.json'), 'utf8'))
    : {};
  const name = found.name || registration.name || '';
  const version = found.version || registration.version || '';
  report({ metric: 'model_name', value: name });
  report({ metric: 'model_version', value: version });
  report({ metric: 'model_algorithm', value: saved.algorithm });
  report({ metric: 'model_threshold', value: saved.threshold });
  report({ tag: 'model', value: `${name}:${version}` });
  console.log(
    `scoring with model ${name || '(unnamed)'} version ${version || '(unversioned)'} from ${found.folder}: ${saved.algorithm}, label ${saved.label.column}=${saved.label.positiveClass}`,
  );
} catch (error) {
  console.error(error instanceof ModelNotFound ? error.message : (error?.stack ?? error));
  process.exitCode = 1;
}
