import type { Factory, JsonObject } from '../factory/resources.js';
import type { FactorySnapshot } from './engine-ports.js';

/** What a run keeps of its factory: every resource's JSON, so that resuming needs no files. */
export function snapshotFactory(factory: Factory): FactorySnapshot {
  const jsonOf = <T extends { readonly json: JsonObject }>(
    resources: ReadonlyMap<string, T>,
  ): Record<string, JsonObject> =>
    Object.fromEntries([...resources].map(([name, resource]) => [name, resource.json]));
  const globalParameters: JsonObject = {};
  for (const [name, parameter] of Object.entries(factory.globalParameters)) {
    globalParameters[name] = { type: parameter.type, value: parameter.value };
  }
  return {
    name: factory.name,
    pipelines: jsonOf(factory.pipelines),
    linkedServices: jsonOf(factory.linkedServices),
    datasets: jsonOf(factory.datasets),
    globalParameters,
  };
}
