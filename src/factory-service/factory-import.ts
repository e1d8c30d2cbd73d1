/**
 * Imports a factory from disk into the service's store: an ADF git folder, an ARM template export
 * or one pipeline file, read by the factory loader and validated as `millrace validate` does.
 * Nothing is written when the factory has errors; resources with the names of stored ones
 * replace them, and stored resources the import does not hold stay.
 */
import { EXECUTABLE_TYPES } from '../activities/executable-types.js';
import { loadFactory } from '../factory/factory-loader.js';
import { validateFactory } from '../factory/factory-validator.js';
import type { Factory, FactoryProblem, JsonObject } from '../factory/resources.js';
import type { ResourceJsonEntry } from './factory-from-records.js';
import { FactoryServiceError } from './factory-service-errors.js';
import type { FactoryService } from './factory-service.js';

export interface FactoryImportResult {
  /** The name the files give the factory (its `factory/*.json`, else the folder or file name). */
  readonly loadedName: string;
  /** How many resources of each kind were written. */
  readonly imported: {
    readonly pipelines: number;
    readonly linkedServices: number;
    readonly datasets: number;
    readonly triggers: number;
    readonly globalParameters: number;
  };
  readonly warnings: readonly FactoryProblem[];
}

export async function importFactoryFolder(
  service: FactoryService,
  path: string,
  options: { readonly executableTypes?: Iterable<string> } = {},
): Promise<FactoryImportResult> {
  const loaded = await loadFactory(path);
  const problems = [
    ...loaded.problems,
    ...validateFactory(loaded.factory, {
      executableTypes: options.executableTypes ?? EXECUTABLE_TYPES,
    }),
  ];
  const errors = problems.filter((problem) => problem.severity === 'error');
  const [first] = errors;
  if (first !== undefined)
    throw new FactoryServiceError(
      'FACTORY_IMPORT_INVALID',
      `${path} has ${errors.length} validation error${errors.length === 1 ? '' : 's'} (millrace validate ${path} lists them); the first: ${first.message} (${first.file}#${first.pointer}). Nothing was imported.`,
      {
        target: `${first.file}#${first.pointer}`,
        details: errors.map((problem) => ({
          code: problem.code,
          message: problem.message,
          target: `${problem.file}#${problem.pointer}`,
        })),
      },
    );
  const entries = resourceEntries(loaded.factory, service.factoryName);
  await service.importResources(entries);
  const { factory } = loaded;
  return {
    loadedName: factory.name,
    imported: {
      pipelines: factory.pipelines.size,
      linkedServices: factory.linkedServices.size,
      datasets: factory.datasets.size,
      triggers: factory.triggers.size,
      globalParameters: Object.keys(factory.globalParameters).length,
    },
    warnings: problems.filter((problem) => problem.severity === 'warning'),
  };
}

/**
 * Every resource as `{ name, properties }` (ARM's `type`, `apiVersion`, `dependsOn` dropped);
 * global parameters as the factory resource, named after the service's factory.
 */
function resourceEntries(factory: Factory, factoryName: string): ResourceJsonEntry[] {
  const entries: ResourceJsonEntry[] = [];
  const add = (
    kind: ResourceJsonEntry['kind'],
    resources: ReadonlyMap<string, { readonly json: JsonObject }>,
  ): void => {
    for (const [name, resource] of resources)
      entries.push({ kind, name, json: { name, properties: resource.json.properties ?? {} } });
  };
  add('linkedService', factory.linkedServices);
  add('dataset', factory.datasets);
  add('pipeline', factory.pipelines);
  add('trigger', factory.triggers);
  const globals = Object.entries(factory.globalParameters);
  if (globals.length > 0) {
    const globalParameters: JsonObject = {};
    for (const [name, parameter] of globals)
      globalParameters[name] = { type: parameter.type, value: parameter.value };
    entries.push({
      kind: 'factory',
      name: factoryName,
      json: { name: factoryName, properties: { globalParameters } },
    });
  }
  return entries;
}
