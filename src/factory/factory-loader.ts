/**
 * Loads a factory from disk: an ADF git folder (`pipeline/`, `linkedService/`, `dataset/`,
 * `trigger/`, `factory/` …, one JSON resource per file), a single pipeline JSON file, or an ARM
 * template export (a file, or a folder holding `ARMTemplateForFactory.json`). Never throws for bad
 * input: what cannot be read becomes a problem with its file and JSON pointer.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { isArmTemplate, readArmTemplate } from './arm-template.js';
import {
  buildFactory,
  type FactoryInput,
  type ResourceDocument,
  type ResourceKind,
} from './factory-builder.js';
import { factoryProblem } from './factory-problems.js';
import { isJsonObject } from './json-values.js';
import type { Factory, FactoryProblem, JsonValue } from './resources.js';

export interface LoadedFactory {
  readonly factory: Factory;
  /** Problems found while reading; `validateFactory` finds the rest. */
  readonly problems: FactoryProblem[];
}

/** The git folders that hold resources Millrace uses, by kind. */
const RESOURCE_FOLDERS: Readonly<Record<ResourceKind, string>> = {
  pipeline: 'pipeline',
  linkedService: 'linkedService',
  dataset: 'dataset',
  trigger: 'trigger',
};
/** Read so that broken JSON is reported, but not used yet. */
const UNUSED_FOLDERS = ['dataflow', 'integrationRuntime'] as const;
const FACTORY_FOLDER = 'factory';
const GIT_FOLDERS = [...Object.values(RESOURCE_FOLDERS), ...UNUSED_FOLDERS, FACTORY_FOLDER];
export const ARM_TEMPLATE_FILE = 'ARMTemplateForFactory.json';

export async function loadFactory(path: string): Promise<LoadedFactory> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    return failed(
      path,
      'FACTORY_UNREADABLE_PATH',
      `Cannot read ${path} (${errorCode(error)}); give the path of an ADF git folder, a pipeline JSON file or an ARM template.`,
    );
  }
  const fallbackName = basename(resolve(path));
  if (isDirectory) return loadFolder(path, fallbackName);
  return loadFile(path, stripJsonExtension(fallbackName));
}

async function loadFolder(folder: string, folderName: string): Promise<LoadedFactory> {
  const entries = await listFolder(folder);
  if (entries === undefined)
    return failed(
      folder,
      'FACTORY_UNREADABLE_PATH',
      `Cannot list the folder ${folder}; check its permissions.`,
    );
  const names = new Set(entries.map((entry) => entry.name));
  if (!GIT_FOLDERS.some((name) => names.has(name))) {
    if (names.has(ARM_TEMPLATE_FILE)) return loadFile(join(folder, ARM_TEMPLATE_FILE), folderName);
    return failed(
      folder,
      'FACTORY_UNKNOWN_FORMAT',
      `${folder} holds none of the ADF git folders (${GIT_FOLDERS.join(', ')}) and no ${ARM_TEMPLATE_FILE}; point at the factory's git root folder.`,
    );
  }

  const problems: FactoryProblem[] = [];
  const resources: ResourceDocument[] = [];
  for (const [kind, subfolder] of Object.entries(RESOURCE_FOLDERS) as [ResourceKind, string][]) {
    for (const document of await readJsonFolder(join(folder, subfolder), problems)) {
      resources.push({ kind, json: document.json, source: { file: document.file, pointer: '' } });
    }
  }
  for (const subfolder of UNUSED_FOLDERS) await readJsonFolder(join(folder, subfolder), problems);

  let name = folderName;
  let globalParameters: FactoryInput['globalParameters'];
  const [factoryDocument] = await readJsonFolder(join(folder, FACTORY_FOLDER), problems);
  if (factoryDocument !== undefined && isJsonObject(factoryDocument.json)) {
    const { json, file } = factoryDocument;
    if (typeof json.name === 'string' && json.name !== '') name = json.name;
    if (isJsonObject(json.properties) && json.properties.globalParameters !== undefined)
      globalParameters = {
        json: json.properties.globalParameters,
        source: { file, pointer: '/properties/globalParameters' },
      };
  }

  const built = buildFactory({
    name,
    resources,
    ...(globalParameters === undefined ? {} : { globalParameters }),
  });
  return { factory: built.factory, problems: [...problems, ...built.problems] };
}

async function loadFile(file: string, fallbackName: string): Promise<LoadedFactory> {
  const problems: FactoryProblem[] = [];
  const json = await readJsonFile(file, problems);
  if (json === undefined)
    return { factory: buildFactory({ name: fallbackName, resources: [] }).factory, problems };
  if (isArmTemplate(json)) {
    const arm = readArmTemplate(json, file, fallbackName);
    const built = buildFactory(arm.input);
    return { factory: built.factory, problems: [...arm.problems, ...built.problems] };
  }
  if (isJsonObject(json) && isJsonObject(json.properties) && json.properties.type === undefined) {
    const built = buildFactory({
      name: fallbackName,
      resources: [{ kind: 'pipeline', json, source: { file, pointer: '' } }],
    });
    return built;
  }
  return failed(
    file,
    'FACTORY_UNKNOWN_FORMAT',
    `${file} is neither a pipeline ({ "name", "properties": { "activities": […] } }) nor an ARM template export; load the factory's folder to read other resources.`,
    fallbackName,
  );
}

interface JsonDocument {
  readonly file: string;
  readonly json: JsonValue;
}

/** Every `*.json` file directly in `folder`, in name order; a missing folder holds none. */
async function readJsonFolder(folder: string, problems: FactoryProblem[]): Promise<JsonDocument[]> {
  const entries = await listFolder(folder);
  if (entries === undefined) return [];
  const files = entries
    .filter((entry) => entry.isFile() && extname(entry.name).toLowerCase() === '.json')
    .map((entry) => entry.name)
    .sort();
  const documents: JsonDocument[] = [];
  for (const name of files) {
    const file = join(folder, name);
    const json = await readJsonFile(file, problems);
    if (json !== undefined) documents.push({ file, json });
  }
  return documents;
}

async function listFolder(folder: string): Promise<Dirent[] | undefined> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch {
    return undefined;
  }
}

async function readJsonFile(
  file: string,
  problems: FactoryProblem[],
): Promise<JsonValue | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    problems.push(
      factoryProblem(
        'FACTORY_UNREADABLE_PATH',
        file,
        '',
        `Cannot read ${file} (${errorCode(error)}).`,
      ),
    );
    return undefined;
  }
  try {
    // Files saved by some Windows editors start with a byte-order mark, which JSON.parse refuses.
    return JSON.parse(text.replace(/^\uFEFF/, '')) as JsonValue;
  } catch (error) {
    problems.push(
      factoryProblem(
        'FACTORY_INVALID_JSON',
        file,
        '',
        `The file is not valid JSON (${(error as Error).message}); fix it.`,
      ),
    );
    return undefined;
  }
}

function failed(
  path: string,
  code: 'FACTORY_UNREADABLE_PATH' | 'FACTORY_UNKNOWN_FORMAT',
  message: string,
  name = basename(resolve(path)),
): LoadedFactory {
  return {
    factory: buildFactory({ name, resources: [] }).factory,
    problems: [factoryProblem(code, path, '', message)],
  };
}

function stripJsonExtension(name: string): string {
  return extname(name).toLowerCase() === '.json' ? name.slice(0, -'.json'.length) : name;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
