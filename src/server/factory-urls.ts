/**
 * Where the factory REST API lives, in Data Factory's shape: under
 * `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DataFactory/factories/{factoryName}`.
 * Any subscription and resource group are accepted and echoed in resource ids; the factory name
 * must be the served factory's.
 */
import {
  RESOURCE_KIND_NAMES,
  type ApiResourceKind,
} from '../factory-service/api-resource-kinds.js';

export const FACTORY_ROUTE_PREFIX =
  '/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.DataFactory/factories/:factoryName';

/** Where the factories of a resource group are listed. */
export const FACTORY_LIST_ROUTE =
  '/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/Microsoft.DataFactory/factories';

export interface FactoryPathIds {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
}

/** ADF's resource id: `/subscriptions/…/factories/<factory>/pipelines/<name>`. */
export function factoryResourceId(
  ids: FactoryPathIds,
  factoryName: string,
  kind: ApiResourceKind,
  name: string,
): string {
  return `/subscriptions/${ids.subscriptionId}/resourceGroups/${ids.resourceGroupName}/providers/Microsoft.DataFactory/factories/${factoryName}/${RESOURCE_KIND_NAMES[kind].collection}/${name}`;
}
