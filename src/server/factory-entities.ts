/**
 * Factory resources as Data Factory returns them: `{ id, name, type, properties, etag }`, with
 * the validation warnings of a create or update (Millrace's) when there are any.
 */
import { RESOURCE_KIND_NAMES } from '../factory-service/api-resource-kinds.js';
import type { FactoryResource } from '../factory-service/factory-service.js';
import type { ChangeProblem } from '../factory-service/resource-change-check.js';
import type { JsonObject } from '../factory/resources.js';
import { factoryResourceId, type FactoryPathIds } from './factory-urls.js';

export type FactoryResourceEntity = {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly properties: JsonObject;
  readonly etag: string;
  readonly warnings?: { code: string; message: string; target: string }[];
};

export function resourceEntity(
  ids: FactoryPathIds,
  factoryName: string,
  resource: FactoryResource,
  warnings: readonly ChangeProblem[] = [],
): FactoryResourceEntity {
  return {
    id: factoryResourceId(ids, factoryName, resource.kind, resource.name),
    name: resource.name,
    type: RESOURCE_KIND_NAMES[resource.kind].type,
    properties: resource.properties,
    etag: resource.etag,
    ...(warnings.length === 0
      ? {}
      : {
          warnings: warnings.map(({ code, message, target }) => ({ code, message, target })),
        }),
  };
}
