/**
 * The factory resources table as Kysely sees it (migration `0004_factory_resources`); part of
 * `StoreDatabase` (`schema.ts`). The resource JSON is TEXT in both dialects, not JSONB, so that a
 * resource comes back with its keys in the order they were written, as Data Factory returns it.
 */
import type { FactoryResourceKind } from './factory-resource-store.js';
import type { InstantColumn } from './schema.js';

export interface FactoryResourcesTable {
  factory_name: string;
  kind: FactoryResourceKind;
  /** Unique per factory and kind ignoring case (a unique index on `lower(name)`). */
  name: string;
  /** The resource JSON as text. */
  json: string;
  etag: string;
  updated_at: InstantColumn;
}
