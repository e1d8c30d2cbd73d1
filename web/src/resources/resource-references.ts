/**
 * Where a linked service or dataset is used: the pipeline activities and the datasets that name
 * it in a `{referenceName, type: LinkedServiceReference | DatasetReference}` anywhere in their
 * JSON (inputs, outputs, typeProperties, nested activities of ForEach, If, Switch, Until).
 */
import type { FactoryResource, Json } from '../api/factory-api.js';

export type ReferenceType = 'LinkedServiceReference' | 'DatasetReference';

export interface ResourceUse {
  readonly kind: 'pipeline' | 'dataset' | 'linkedService';
  readonly resource: string;
  /** The activity that holds the reference (pipelines only). */
  readonly activity?: string;
}

export function usesOf(
  name: string,
  type: ReferenceType,
  resources: readonly { readonly kind: ResourceUse['kind']; readonly resource: FactoryResource }[],
): ResourceUse[] {
  const uses: ResourceUse[] = [];
  const seen = new Set<string>();
  for (const { kind, resource } of resources) {
    visit(resource.properties, undefined, (activity) => {
      const key = `${kind}\u0000${resource.name}\u0000${activity ?? ''}`;
      if (seen.has(key)) return;
      seen.add(key);
      uses.push({ kind, resource: resource.name, ...(activity === undefined ? {} : { activity }) });
    });
  }
  return uses;

  function visit(value: Json, activity: string | undefined, found: (activity?: string) => void) {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, activity, found);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (value['referenceName'] === name && value['type'] === type) found(activity);
    for (const [key, child] of Object.entries(value)) {
      if (/activities$/i.test(key) && Array.isArray(child)) {
        for (const item of child) {
          const inner =
            typeof item === 'object' &&
            item !== null &&
            !Array.isArray(item) &&
            typeof item['name'] === 'string'
              ? item['name']
              : activity;
          visit(item, inner, found);
        }
      } else visit(child, activity, found);
    }
  }
}
