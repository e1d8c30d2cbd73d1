/**
 * The factory resource half of the store port: the resources a factory is made of (pipelines,
 * linked services, datasets, triggers, and the factory resource that holds global parameters),
 * kept as the JSON Data Factory returns for them, so that the factory REST API can list, read,
 * create, update and delete them and runs can be started from what is stored.
 *
 * Glossary:
 * - Factory resource: one `{ "name", "properties" }` document of one kind in one factory. Names
 *   are unique per factory and kind ignoring letter case; the name keeps the case it was created
 *   with.
 * - Etag: an opaque version of a resource, new on every write; a write that names the etag it
 *   read (`ifMatch`) fails with `STORE_CONFLICT` when someone wrote in between.
 * - Snapshot: every resource of a factory read at once, to build the factory a run starts from.
 */
import type { JsonObject } from '../factory/resources.js';

/** The kinds of a factory's resources; `factory` is the factory resource (global parameters). */
export const FactoryResourceKinds = [
  'pipeline',
  'linkedService',
  'dataset',
  'trigger',
  'factory',
] as const;
export type FactoryResourceKind = (typeof FactoryResourceKinds)[number];

/** Which resource: names compare ignoring letter case. */
export interface FactoryResourceKey {
  readonly factoryName: string;
  readonly kind: FactoryResourceKind;
  readonly name: string;
}

export interface FactoryResourceRecord extends FactoryResourceKey {
  /** The resource as Data Factory returns it: `{ name, properties }`, key order kept. */
  readonly json: JsonObject;
  /** New on every write. */
  readonly etag: string;
  /** ISO 8601 instant of the last write. */
  readonly updatedAt: string;
}

export interface FactoryResourcePut extends FactoryResourceKey {
  readonly json: JsonObject;
  /** When the write happens (ISO 8601 with a zone). */
  readonly at: string;
  /**
   * Write only when the stored resource has this etag; otherwise, or when there is no such
   * resource, fail with `STORE_CONFLICT` and write nothing. (Default: write whatever is stored.)
   */
  readonly ifMatch?: string;
}

export interface FactoryResourcePutResult {
  readonly record: FactoryResourceRecord;
  /** True when no resource of this kind had this name (in any case) before. */
  readonly created: boolean;
}

export interface FactoryResourceStore {
  /** The resource with this name in any letter case. */
  getFactoryResource(key: FactoryResourceKey): Promise<FactoryResourceRecord | undefined>;
  /** Every resource of one kind, by name ignoring case. */
  listFactoryResources(
    factoryName: string,
    kind: FactoryResourceKind,
  ): Promise<readonly FactoryResourceRecord[]>;
  /**
   * Creates the resource, or replaces the one with this name in any case (which keeps the name
   * it was created with), with a new etag. Atomic.
   */
  putFactoryResource(put: FactoryResourcePut): Promise<FactoryResourcePutResult>;
  /** Deletes the resource and returns what was stored; undefined when there was none. */
  deleteFactoryResource(key: FactoryResourceKey): Promise<FactoryResourceRecord | undefined>;
  /** Every resource of a factory (all kinds) in one read, by kind then name ignoring case. */
  snapshotFactoryResources(factoryName: string): Promise<readonly FactoryResourceRecord[]>;
}
