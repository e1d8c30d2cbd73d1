/**
 * The stored resources of a factory as a {@link Factory}, the way the loader builds one from a
 * git folder: each resource's problems point into `pipelines/<name>` (… `linkedservices/`,
 * `datasets/`, `triggers/`), global parameters come from the factory resource.
 */
import {
  buildFactory,
  type FactoryInput,
  type ResourceDocument,
} from '../factory/factory-builder.js';
import type { Factory, FactoryProblem, JsonObject } from '../factory/resources.js';
import type { FactoryResourceKind } from '../store/factory-resource-store.js';
import { resourceFile } from './api-resource-kinds.js';

/** What a factory is built from: stored records, or a resource about to be written. */
export interface ResourceJsonEntry {
  readonly kind: FactoryResourceKind;
  readonly name: string;
  readonly json: JsonObject;
}

export function factoryFromEntries(
  factoryName: string,
  entries: readonly ResourceJsonEntry[],
): { factory: Factory; problems: FactoryProblem[] } {
  const resources: ResourceDocument[] = [];
  let globalParameters: FactoryInput['globalParameters'];
  for (const entry of entries) {
    if (entry.kind === 'factory') {
      const properties = entry.json.properties;
      const json =
        typeof properties === 'object' && properties !== null && !Array.isArray(properties)
          ? properties.globalParameters
          : undefined;
      if (json !== undefined)
        globalParameters = {
          json,
          source: {
            file: resourceFile('factory', entry.name),
            pointer: '/properties/globalParameters',
          },
        };
      continue;
    }
    resources.push({
      kind: entry.kind,
      json: entry.json,
      source: { file: resourceFile(entry.kind, entry.name), pointer: '' },
    });
  }
  return buildFactory({
    name: factoryName,
    resources,
    ...(globalParameters === undefined ? {} : { globalParameters }),
  });
}
