/**
 * The behaviour every FactoryResourceStore adapter must have, run against each adapter STORE
 * selects (both by default). Tests keep out of each other's way with a fresh factory name each.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/factory/resources.js';
import type { Store } from '../../src/store/store.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { createStoreHarness, type StoreHarness } from '../support/store-harness.js';
import { expectStoreError } from '../support/store-test-kit.js';

const T0 = '2026-03-01T10:00:00.000Z';

function pipelineJson(name: string, description = 'first'): JsonObject {
  // Keys deliberately out of alphabetical order: the store must keep them as written.
  return { name, properties: { description, activities: [], annotations: ['x'] } };
}

describe.each(storeAdaptersUnderTest())('FactoryResourceStore on %s', (adapter) => {
  let harness: StoreHarness;
  let store: Store;

  beforeAll(async () => {
    harness = await createStoreHarness(adapter);
    store = await harness.open();
  });

  afterAll(async () => {
    await store?.close();
    await harness?.dispose();
  });

  const factory = () => `factory-${randomUUID()}`;

  it('creates, reads in any letter case, keeps key order and reports created only once', async () => {
    const factoryName = factory();
    const json = pipelineJson('LoadSales');
    const first = await store.putFactoryResource({
      factoryName,
      kind: 'pipeline',
      name: 'LoadSales',
      json,
      at: T0,
    });
    expect(first.created).toBe(true);
    expect(first.record).toMatchObject({ factoryName, kind: 'pipeline', name: 'LoadSales', json });
    expect(first.record.updatedAt).toBe(T0);
    expect(first.record.etag).not.toBe('');

    const read = await store.getFactoryResource({
      factoryName,
      kind: 'pipeline',
      name: 'loadsales',
    });
    expect(read).toEqual(first.record);
    expect(JSON.stringify(read?.json)).toBe(JSON.stringify(json));
    expect(Object.keys((read?.json.properties ?? {}) as JsonObject)).toEqual([
      'description',
      'activities',
      'annotations',
    ]);

    // Another kind or factory with the same name is another resource.
    expect(
      await store.getFactoryResource({ factoryName, kind: 'dataset', name: 'LoadSales' }),
    ).toBeUndefined();
    expect(
      await store.getFactoryResource({
        factoryName: factory(),
        kind: 'pipeline',
        name: 'LoadSales',
      }),
    ).toBeUndefined();
  });

  it('replaces a resource named in another case, keeping its first name and changing the etag', async () => {
    const factoryName = factory();
    const first = await store.putFactoryResource({
      factoryName,
      kind: 'pipeline',
      name: 'LoadSales',
      json: pipelineJson('LoadSales'),
      at: T0,
    });
    const second = await store.putFactoryResource({
      factoryName,
      kind: 'pipeline',
      name: 'LOADSALES',
      json: pipelineJson('LoadSales', 'second'),
      at: '2026-03-01T11:00:00+01:00',
    });
    expect(second.created).toBe(false);
    expect(second.record.name).toBe('LoadSales');
    expect(second.record.etag).not.toBe(first.record.etag);
    expect(second.record.updatedAt).toBe('2026-03-01T10:00:00.000Z');
    expect(await store.listFactoryResources(factoryName, 'pipeline')).toEqual([second.record]);
  });

  it('writes with a matching etag and refuses a stale or unknown one, changing nothing', async () => {
    const factoryName = factory();
    const key = { factoryName, kind: 'linkedService', name: 'Lake' } as const;
    const first = await store.putFactoryResource({ ...key, json: pipelineJson('Lake'), at: T0 });
    const second = await store.putFactoryResource({
      ...key,
      json: pipelineJson('Lake', 'second'),
      at: T0,
      ifMatch: first.record.etag,
    });
    expect(second.created).toBe(false);

    const stale = await expectStoreError(
      store.putFactoryResource({
        ...key,
        json: pipelineJson('Lake', 'third'),
        at: T0,
        ifMatch: first.record.etag,
      }),
      'STORE_CONFLICT',
    );
    expect(stale.message).toContain(second.record.etag);
    expect(await store.getFactoryResource(key)).toEqual(second.record);

    const missing = await expectStoreError(
      store.putFactoryResource({
        ...key,
        name: 'Other',
        json: pipelineJson('Other'),
        at: T0,
        ifMatch: first.record.etag,
      }),
      'STORE_CONFLICT',
    );
    expect(missing.message).toContain('does not exist');
    expect(await store.getFactoryResource({ ...key, name: 'Other' })).toBeUndefined();
  });

  it('refuses an instant without a zone', async () => {
    await expectStoreError(
      store.putFactoryResource({
        factoryName: factory(),
        kind: 'dataset',
        name: 'Sales',
        json: pipelineJson('Sales'),
        at: '2026-03-01T10:00:00',
      }),
      'STORE_INVALID_RECORD',
    );
  });

  it('lists one kind by name ignoring case and snapshots every kind', async () => {
    const factoryName = factory();
    for (const [kind, name] of [
      ['pipeline', 'beta'],
      ['pipeline', 'Alpha'],
      ['pipeline', 'gamma'],
      ['dataset', 'Sales'],
      ['linkedService', 'Lake'],
      ['trigger', 'Nightly'],
      ['factory', factoryName],
    ] as const) {
      await store.putFactoryResource({ factoryName, kind, name, json: pipelineJson(name), at: T0 });
    }
    await store.putFactoryResource({
      factoryName: factory(),
      kind: 'pipeline',
      name: 'Elsewhere',
      json: pipelineJson('Elsewhere'),
      at: T0,
    });
    const names = (await store.listFactoryResources(factoryName, 'pipeline')).map((r) => r.name);
    expect(names).toEqual(['Alpha', 'beta', 'gamma']);
    const snapshot = await store.snapshotFactoryResources(factoryName);
    expect(snapshot.map((record) => `${record.kind}:${record.name}`)).toEqual([
      `factory:${factoryName}`,
      'linkedService:Lake',
      'dataset:Sales',
      'pipeline:Alpha',
      'pipeline:beta',
      'pipeline:gamma',
      'trigger:Nightly',
    ]);
    expect(await store.snapshotFactoryResources(factory())).toEqual([]);
  });

  it('deletes in any letter case and returns what was stored', async () => {
    const factoryName = factory();
    const key = { factoryName, kind: 'dataset', name: 'Sales' } as const;
    const { record } = await store.putFactoryResource({
      ...key,
      json: pipelineJson('Sales'),
      at: T0,
    });
    expect(await store.deleteFactoryResource({ ...key, name: 'SALES' })).toEqual(record);
    expect(await store.getFactoryResource(key)).toBeUndefined();
    expect(await store.deleteFactoryResource(key)).toBeUndefined();
    // A name freed by a delete can be created again.
    expect(
      (await store.putFactoryResource({ ...key, json: pipelineJson('Sales'), at: T0 })).created,
    ).toBe(true);
  });

  it('lets concurrent creates of one name end with one resource', async () => {
    const factoryName = factory();
    const results = await Promise.all(
      ['Race', 'RACE', 'race', 'Race'].map((name, index) =>
        store.putFactoryResource({
          factoryName,
          kind: 'pipeline',
          name,
          json: pipelineJson('Race', `writer ${index}`),
          at: T0,
        }),
      ),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await store.listFactoryResources(factoryName, 'pipeline')).toHaveLength(1);
  });
});
