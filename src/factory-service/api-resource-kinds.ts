/**
 * The resource kinds the factory REST API serves, with how Data Factory names each: the
 * collection in its paths (`pipelines`), its resource type and how messages name it.
 */
import type { FactoryResourceKind } from '../store/factory-resource-store.js';

export const ApiResourceKinds = ['pipeline', 'linkedService', 'dataset'] as const;
export type ApiResourceKind = (typeof ApiResourceKinds)[number];

export interface ResourceKindNames {
  /** The path segment of the collection, as ADF writes it. */
  readonly collection: string;
  /** ADF's resource type. */
  readonly type: string;
  /** How messages name one. */
  readonly label: string;
}

export const RESOURCE_KIND_NAMES: Readonly<Record<FactoryResourceKind, ResourceKindNames>> = {
  pipeline: {
    collection: 'pipelines',
    type: 'Microsoft.DataFactory/factories/pipelines',
    label: 'pipeline',
  },
  linkedService: {
    collection: 'linkedservices',
    type: 'Microsoft.DataFactory/factories/linkedservices',
    label: 'linked service',
  },
  dataset: {
    collection: 'datasets',
    type: 'Microsoft.DataFactory/factories/datasets',
    label: 'dataset',
  },
  trigger: {
    collection: 'triggers',
    type: 'Microsoft.DataFactory/factories/triggers',
    label: 'trigger',
  },
  factory: { collection: 'factory', type: 'Microsoft.DataFactory/factories', label: 'factory' },
};

/**
 * Where a stored resource's problems say they are: `pipelines/LoadSales`, as in a git folder
 * without the `.json`; the factory resource is `factory`.
 */
export function resourceFile(kind: FactoryResourceKind, name: string): string {
  return kind === 'factory' ? 'factory' : `${RESOURCE_KIND_NAMES[kind].collection}/${name}`;
}
