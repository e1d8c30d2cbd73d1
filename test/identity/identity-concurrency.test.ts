/**
 * Servers that share one store and start at once, on every adapter STORE selects: exactly one
 * first admin is created (with its Owner role), and first signing keys created concurrently all
 * verify, on every server.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdentityService } from '../../src/identity/identity-service.js';
import { SecretBox } from '../../src/secrets/secret-box.js';
import type { Store } from '../../src/store/store.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { createStoreHarness, type StoreHarness } from '../support/store-harness.js';

const SERVERS = 4;

describe.each(storeAdaptersUnderTest())('identity shared by servers on %s', (adapter) => {
  let harness: StoreHarness;
  let stores: Store[];
  let services: IdentityService[];

  beforeEach(async () => {
    harness = await createStoreHarness(adapter);
    stores = [];
    for (let index = 0; index < SERVERS; index++) stores.push(await harness.open());
    // One installation: the servers share the secret key too.
    const secrets = new SecretBox([randomBytes(32)]);
    services = stores.map((store) => new IdentityService({ store, secrets }));
  });

  afterEach(async () => {
    for (const store of stores) await store.close();
    await harness.dispose();
  });

  it('creates exactly one admin, with Owner on *, when they start at once', async () => {
    const passwords = await Promise.all(services.map((service) => service.ensureAdmin()));
    const given = passwords.filter((password) => password !== undefined);
    expect(given).toHaveLength(1);
    const users = await stores[0]!.listUsers();
    expect(users.map((user) => user.name)).toEqual(['admin']);
    // The losers took their assignments back: only the admin's remains.
    expect(await stores[0]!.listRoleAssignments()).toEqual([
      expect.objectContaining({ principalId: users[0]!.id, role: 'Owner', scope: '*' }),
    ]);
    const { access_token: token } = await services[1]!.tokenForPassword('admin', given[0]!);
    expect((await services[2]!.authenticate(token)).roles).toEqual([{ role: 'Owner', scope: '*' }]);
  });

  it('verifies on every server the tokens each signed with the first keys it created at once', async () => {
    await services[0]!.addUser('ops', 'a long enough password');
    const tokens = await Promise.all(
      services.map((service) => service.tokenForPassword('ops', 'a long enough password')),
    );
    for (const { access_token: token } of tokens) {
      for (const service of services) expect((await service.authenticate(token)).name).toBe('ops');
    }
    // Every stored key is published while it verifies.
    const stored = (await stores[0]!.listSigningKeys()).map((key) => key.kid).sort();
    const published = (await services[3]!.jwks()).keys.map((key) => key.kid as string).sort();
    expect(published).toEqual(stored);
  });
});
