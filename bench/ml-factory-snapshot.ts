import type { FactorySnapshot } from '../src/engine/engine-ports.js';
import type { JsonObject } from '../src/factory/resources.js';

/** The benches' factory: its name and the AzureMLService linked service their activities use. */
export const BENCH_FACTORY_NAME = 'bench';
export const BENCH_LINKED_SERVICE_NAME = 'MlWorkspace';

/** A factory of these pipelines and one AzureMLService linked service on the embedded workspace. */
export function mlFactorySnapshot(
  pipelines: Readonly<Record<string, JsonObject>>,
): FactorySnapshot {
  return {
    name: BENCH_FACTORY_NAME,
    pipelines: { ...pipelines },
    linkedServices: {
      [BENCH_LINKED_SERVICE_NAME]: {
        name: BENCH_LINKED_SERVICE_NAME,
        properties: { type: 'AzureMLService', typeProperties: {} },
      },
    },
    datasets: {},
    globalParameters: {},
  };
}
