/**
 * The {@link FactoryResourceStore} port over Kysely, shared by the SQLite and PostgreSQL adapters.
 * Names compare with `lower(name)` on both sides, the expression of the unique index, so lookups
 * use it; both databases fold ASCII letters only there (PostgreSQL's column has collation "C").
 *
 * A put is one conditional UPDATE (atomic on its own) and, when it matched nothing, one INSERT;
 * an INSERT that loses a race with a concurrent create of the same name becomes the UPDATE again.
 */
import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { JsonObject } from '../factory/resources.js';
import { guardAvailability, guardIntegrity } from './driver-errors.js';
import type { FactoryResourcesTable } from './factory-resource-schema.js';
import type {
  FactoryResourceKey,
  FactoryResourceKind,
  FactoryResourcePut,
  FactoryResourcePutResult,
  FactoryResourceRecord,
  FactoryResourceStore,
} from './factory-resource-store.js';
import { canonicalInstant, readInstant } from './instants.js';
import type { StoreDatabase } from './schema.js';
import type { StoreDialect } from './store-dialect.js';
import { StoreError } from './store-error.js';

type Db = Kysely<StoreDatabase>;
type Row = Selectable<FactoryResourcesTable>;
type Resources = ExpressionBuilder<StoreDatabase, 'factory_resources'>;

const KIND_LABELS: Readonly<Record<FactoryResourceKind, string>> = {
  pipeline: 'pipeline',
  linkedService: 'linked service',
  dataset: 'dataset',
  trigger: 'trigger',
  factory: 'factory resource',
};

/** Kinds in the order a snapshot lists them. */
const KIND_ORDER: readonly FactoryResourceKind[] = [
  'factory',
  'linkedService',
  'dataset',
  'pipeline',
  'trigger',
];

function recordOf(row: Row): FactoryResourceRecord {
  return {
    factoryName: row.factory_name,
    kind: row.kind,
    name: row.name,
    json: JSON.parse(row.json) as JsonObject,
    etag: row.etag,
    updatedAt: readInstant(row.updated_at),
  };
}

function describe(key: FactoryResourceKey): string {
  return `${KIND_LABELS[key.kind]} ${JSON.stringify(key.name)} of factory ${JSON.stringify(key.factoryName)}`;
}

/** The row of `key`: its factory and kind, its name in any letter case. */
function matches(eb: Resources, key: FactoryResourceKey) {
  return eb.and([
    eb('factory_name', '=', key.factoryName),
    eb('kind', '=', key.kind),
    eb(eb.fn('lower', ['name']), '=', eb.fn('lower', [eb.val(key.name)])),
  ]);
}

export class KyselyFactoryResourceStore implements FactoryResourceStore {
  constructor(
    private readonly db: Db,
    private readonly dialect: StoreDialect,
  ) {}

  async getFactoryResource(key: FactoryResourceKey): Promise<FactoryResourceRecord | undefined> {
    const row = await guardAvailability(this.dialect, () =>
      this.db
        .selectFrom('factory_resources')
        .selectAll()
        .where((eb) => matches(eb, key))
        .executeTakeFirst(),
    );
    return row === undefined ? undefined : recordOf(row);
  }

  async listFactoryResources(
    factoryName: string,
    kind: FactoryResourceKind,
  ): Promise<readonly FactoryResourceRecord[]> {
    const rows = await guardAvailability(this.dialect, () =>
      this.db
        .selectFrom('factory_resources')
        .selectAll()
        .where('factory_name', '=', factoryName)
        .where('kind', '=', kind)
        .orderBy((eb) => eb.fn('lower', ['name']))
        .orderBy('name')
        .execute(),
    );
    return rows.map(recordOf);
  }

  async putFactoryResource(put: FactoryResourcePut): Promise<FactoryResourcePutResult> {
    const at = canonicalInstant(put.at, 'at', 'STORE_INVALID_RECORD');
    const json = JSON.stringify(put.json);
    const update = () =>
      this.db
        .updateTable('factory_resources')
        .set({ json, etag: randomUUID(), updated_at: at })
        .where((eb) =>
          put.ifMatch === undefined
            ? matches(eb, put)
            : eb.and([matches(eb, put), eb('etag', '=', put.ifMatch)]),
        )
        .returningAll()
        .executeTakeFirst();

    return guardAvailability(this.dialect, async () => {
      const updated = await update();
      if (updated !== undefined) return { record: recordOf(updated), created: false };
      if (put.ifMatch !== undefined) throw await this.staleEtag(put, put.ifMatch);
      try {
        const inserted = await guardIntegrity(
          this.dialect,
          {
            conflict: `Cannot create the ${describe(put)}: one with this name exists.`,
            missingReference: `Cannot create the ${describe(put)}.`,
          },
          () =>
            this.db
              .insertInto('factory_resources')
              .values({
                factory_name: put.factoryName,
                kind: put.kind,
                name: put.name,
                json,
                etag: randomUUID(),
                updated_at: at,
              })
              .returningAll()
              .executeTakeFirstOrThrow(),
        );
        return { record: recordOf(inserted), created: true };
      } catch (error) {
        if (!(error instanceof StoreError) || error.code !== 'STORE_CONFLICT') throw error;
        // Created by someone else since the UPDATE found nothing: replace theirs, as a put does.
        const replaced = await update();
        if (replaced === undefined) throw error;
        return { record: recordOf(replaced), created: false };
      }
    });
  }

  private async staleEtag(key: FactoryResourceKey, ifMatch: string): Promise<StoreError> {
    const current = await this.getFactoryResource(key);
    return new StoreError(
      'STORE_CONFLICT',
      current === undefined
        ? `The ${describe(key)} does not exist, so it cannot match etag ${JSON.stringify(ifMatch)}; create it without an etag.`
        : `The ${describe(key)} changed since etag ${JSON.stringify(ifMatch)} was read (it now has ${JSON.stringify(current.etag)}); read it again and reapply the change.`,
    );
  }

  async deleteFactoryResource(key: FactoryResourceKey): Promise<FactoryResourceRecord | undefined> {
    const row = await guardAvailability(this.dialect, () =>
      this.db
        .deleteFrom('factory_resources')
        .where((eb) => matches(eb, key))
        .returningAll()
        .executeTakeFirst(),
    );
    return row === undefined ? undefined : recordOf(row);
  }

  async snapshotFactoryResources(factoryName: string): Promise<readonly FactoryResourceRecord[]> {
    const rows = await guardAvailability(this.dialect, () =>
      this.db
        .selectFrom('factory_resources')
        .selectAll()
        .where('factory_name', '=', factoryName)
        .orderBy((eb) => eb.fn('lower', ['name']))
        .orderBy('name')
        .execute(),
    );
    const records = rows.map(recordOf);
    return KIND_ORDER.flatMap((kind) => records.filter((record) => record.kind === kind));
  }
}
