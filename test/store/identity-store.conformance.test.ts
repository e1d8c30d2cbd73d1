/**
 * The behaviour every IdentityStore adapter must have, run against each adapter STORE selects
 * (both by default). Each adapter gets one database for the file; tests keep out of each other's
 * way with fresh ids and names, and look only at their own records in listings.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  RoleAssignmentRecord,
  ServicePrincipalRecord,
  SigningKeyRecord,
  UserRecord,
} from '../../src/identity/identity.js';
import { isStoreError } from '../../src/store/store-error.js';
import type { Store } from '../../src/store/store.js';
import { T0 } from '../support/run-record-builders.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { createStoreHarness, type StoreHarness } from '../support/store-harness.js';
import { at, expectStoreError } from '../support/store-test-kit.js';

function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

function newUser(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: randomUUID(),
    name: unique('user'),
    passwordHash: 'scrypt$32768$8$1$c2FsdA$aGFzaA',
    createdAt: T0,
    ...overrides,
  };
}

function newServicePrincipal(
  overrides: Partial<ServicePrincipalRecord> = {},
): ServicePrincipalRecord {
  return {
    id: randomUUID(),
    clientId: randomUUID(),
    displayName: 'Pipeline runner',
    secretHash: 'scrypt$32768$8$1$c2FsdA$c2VjcmV0',
    secretCreatedAt: T0,
    secretExpiresAt: null,
    createdAt: T0,
    ...overrides,
  };
}

function newAssignment(
  principalId: string,
  overrides: Partial<RoleAssignmentRecord> = {},
): RoleAssignmentRecord {
  return {
    id: randomUUID(),
    principalId,
    principalType: 'User',
    role: 'Reader',
    scope: 'factory',
    createdAt: T0,
    ...overrides,
  };
}

function newSigningKey(overrides: Partial<SigningKeyRecord> = {}): SigningKeyRecord {
  return {
    kid: unique('kid'),
    algorithm: 'EdDSA',
    privateKeySealed: 'msv1:abcd:nonce:body',
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x: 'public-part' },
    createdAt: T0,
    retiredAt: null,
    ...overrides,
  };
}

function ids(records: readonly { readonly id: string }[], ours: readonly string[]): string[] {
  return records.filter((record) => ours.includes(record.id)).map((record) => record.id);
}

describe.each(storeAdaptersUnderTest())('IdentityStore on %s', (adapter) => {
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

  describe('users', () => {
    it('are stored and read back by id and by name in any letter case', async () => {
      const user = newUser({ name: unique('Ana.Lopez@x'), createdAt: '2026-03-01T10:00:00+02:00' });
      await store.createUser(user);
      const expected = { ...user, createdAt: '2026-03-01T08:00:00.000Z' };
      expect(await store.getUser(user.id)).toEqual(expected);
      expect(await store.getUserByName(user.name.toUpperCase())).toEqual(expected);
      expect(await store.getUserByName(user.name.toLowerCase())).toEqual(expected);
      expect(await store.getUserByName(unique('nobody'))).toBeUndefined();
      expect(await store.getUser(randomUUID())).toBeUndefined();
    });

    it('refuse a second user whose name differs only in letter case', async () => {
      const name = unique('Bob');
      await store.createUser(newUser({ name }));
      await expectStoreError(
        store.createUser(newUser({ name: name.toUpperCase() })),
        'STORE_CONFLICT',
      );
      expect(
        (await store.listUsers()).filter((user) => user.name.toLowerCase() === name.toLowerCase()),
      ).toHaveLength(1);
    });

    it('refuse an instant that is not ISO 8601 with a zone', async () => {
      await expectStoreError(
        store.createUser(newUser({ createdAt: '2026-03-01 10:00' })),
        'STORE_INVALID_RECORD',
      );
    });

    it('are listed by name ignoring letter case', async () => {
      const tag = randomUUID().slice(0, 6);
      const users = [`c-${tag}`, `A-${tag}`, `b-${tag}`].map((name) => newUser({ name }));
      for (const user of users) await store.createUser(user);
      const listed = (await store.listUsers()).filter((user) => user.name.endsWith(tag));
      expect(listed.map((user) => user.name)).toEqual([`A-${tag}`, `b-${tag}`, `c-${tag}`]);
    });

    it('get a new password hash; a missing user is STORE_RECORD_NOT_FOUND', async () => {
      const user = newUser();
      await store.createUser(user);
      await store.setUserPassword(user.id, 'scrypt$32768$8$1$bmV3$bmV3');
      expect((await store.getUser(user.id))?.passwordHash).toBe('scrypt$32768$8$1$bmV3$bmV3');
      await expectStoreError(store.setUserPassword(randomUUID(), 'x'), 'STORE_RECORD_NOT_FOUND');
    });

    it('are deleted with their role assignments, and only theirs', async () => {
      const user = newUser();
      const other = newUser();
      await store.createUser(user);
      await store.createUser(other);
      await store.addRoleAssignment(newAssignment(user.id));
      await store.addRoleAssignment(newAssignment(user.id, { role: 'Owner', scope: '*' }));
      const kept = await store.addRoleAssignment(newAssignment(other.id));

      expect(await store.deleteUser(user.id)).toBe(true);
      expect(await store.getUser(user.id)).toBeUndefined();
      expect(await store.getUserByName(user.name)).toBeUndefined();
      expect(await store.listRoleAssignments({ principalId: user.id })).toEqual([]);
      expect(await store.listRoleAssignments({ principalId: other.id })).toEqual([kept]);
      expect(await store.deleteUser(user.id)).toBe(false);
      // The name is free again.
      await store.createUser(newUser({ name: user.name }));
    });

    it('created at once with one name through two connections: exactly one is stored', async () => {
      const second = await harness.open();
      try {
        const name = unique('race');
        const attempts = [store, second, store, second].map((each, index) =>
          each.createUser(newUser({ name: index % 2 === 0 ? name : name.toUpperCase() })),
        );
        const outcomes = await Promise.allSettled(attempts);
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') {
            expect(isStoreError(outcome.reason, 'STORE_CONFLICT')).toBe(true);
          }
        }
      } finally {
        await second.close();
      }
    });
  });

  describe('service principals', () => {
    it('are stored and read back by id and by client id', async () => {
      const principal = newServicePrincipal({
        displayName: 'ADF linked service “ml”',
        secretCreatedAt: '2026-03-02T09:00:00.5+01:00',
      });
      await store.createServicePrincipal(principal);
      const expected = { ...principal, secretCreatedAt: '2026-03-02T08:00:00.500Z' };
      expect(await store.getServicePrincipal(principal.id)).toEqual(expected);
      expect(await store.getServicePrincipalByClientId(principal.clientId)).toEqual(expected);
      expect(await store.getServicePrincipalByClientId(randomUUID())).toBeUndefined();
      expect(await store.getServicePrincipal(randomUUID())).toBeUndefined();
    });

    it('refuse a client id that exists; display names may repeat', async () => {
      const principal = newServicePrincipal();
      await store.createServicePrincipal(principal);
      await expectStoreError(
        store.createServicePrincipal(newServicePrincipal({ clientId: principal.clientId })),
        'STORE_CONFLICT',
      );
      await store.createServicePrincipal(
        newServicePrincipal({ displayName: principal.displayName }),
      );
    });

    it('are listed oldest first', async () => {
      const principals = [
        newServicePrincipal({ createdAt: at(T0, 2000) }),
        newServicePrincipal({ createdAt: at(T0, 1000) }),
        newServicePrincipal({ createdAt: at(T0, 3000) }),
      ];
      for (const principal of principals) await store.createServicePrincipal(principal);
      const ours = principals.map((principal) => principal.id);
      expect(ids(await store.listServicePrincipals(), ours)).toEqual([ours[1], ours[0], ours[2]]);
    });

    it('get a new secret hash with its instant; a missing one is STORE_RECORD_NOT_FOUND', async () => {
      const principal = newServicePrincipal();
      await store.createServicePrincipal(principal);
      await store.setServicePrincipalSecret(principal.id, 'rotated', '2026-04-01T00:00:00Z', null);
      const stored = await store.getServicePrincipal(principal.id);
      expect(stored?.secretHash).toBe('rotated');
      expect(stored?.secretCreatedAt).toBe('2026-04-01T00:00:00.000Z');
      expect(stored?.secretExpiresAt).toBeNull();
      expect(stored?.createdAt).toBe(T0);
      await expectStoreError(
        store.setServicePrincipalSecret(randomUUID(), 'x', T0, null),
        'STORE_RECORD_NOT_FOUND',
      );
    });

    it('keep the secret expiry as an instant, or null for a secret that never expires', async () => {
      const expiring = newServicePrincipal({ secretExpiresAt: '2026-06-30T23:00:00-01:00' });
      await store.createServicePrincipal(expiring);
      expect((await store.getServicePrincipalByClientId(expiring.clientId))?.secretExpiresAt).toBe(
        '2026-07-01T00:00:00.000Z',
      );
      const listed = (await store.listServicePrincipals()).find((one) => one.id === expiring.id);
      expect(listed?.secretExpiresAt).toBe('2026-07-01T00:00:00.000Z');

      // A new secret carries its own expiry: set, moved, and cleared.
      await store.setServicePrincipalSecret(expiring.id, 'second', at(T0, 1000), at(T0, 60_000));
      expect((await store.getServicePrincipal(expiring.id))?.secretExpiresAt).toBe(at(T0, 60_000));
      await store.setServicePrincipalSecret(expiring.id, 'third', at(T0, 2000), null);
      const cleared = await store.getServicePrincipal(expiring.id);
      expect(cleared?.secretExpiresAt).toBeNull();
      expect(cleared?.secretHash).toBe('third');

      await expectStoreError(
        store.createServicePrincipal(newServicePrincipal({ secretExpiresAt: 'next tuesday' })),
        'STORE_INVALID_RECORD',
      );
      await expectStoreError(
        store.setServicePrincipalSecret(expiring.id, 'x', T0, '2026-07-01 00:00'),
        'STORE_INVALID_RECORD',
      );
    });

    it('are deleted with their role assignments', async () => {
      const principal = newServicePrincipal();
      await store.createServicePrincipal(principal);
      await store.addRoleAssignment(
        newAssignment(principal.id, {
          principalType: 'ServicePrincipal',
          role: 'ML Pipeline Submitter',
          scope: 'ml',
        }),
      );
      expect(await store.deleteServicePrincipal(principal.id)).toBe(true);
      expect(await store.getServicePrincipalByClientId(principal.clientId)).toBeUndefined();
      expect(await store.listRoleAssignments({ principalId: principal.id })).toEqual([]);
      expect(await store.deleteServicePrincipal(principal.id)).toBe(false);
    });
  });

  describe('role assignments', () => {
    it('are stored once per (principal, role, scope): adding again returns the first', async () => {
      const principalId = randomUUID();
      const first = newAssignment(principalId, { role: 'Contributor', scope: 'ml' });
      expect(await store.addRoleAssignment(first)).toEqual(first);
      const again = await store.addRoleAssignment(
        newAssignment(principalId, { role: 'Contributor', scope: 'ml', createdAt: at(T0, 5000) }),
      );
      expect(again).toEqual(first);
      const otherScope = newAssignment(principalId, {
        role: 'Contributor',
        scope: 'factory',
        createdAt: at(T0, 1000),
      });
      expect(await store.addRoleAssignment(otherScope)).toEqual(otherScope);
      expect(await store.listRoleAssignments({ principalId })).toEqual([first, otherScope]);
    });

    it('added at once through two connections are stored once', async () => {
      const second = await harness.open();
      try {
        const principalId = randomUUID();
        const results = await Promise.all(
          [store, second, store, second, store].map((each) =>
            each.addRoleAssignment(newAssignment(principalId, { role: 'Owner', scope: '*' })),
          ),
        );
        expect(new Set(results.map((result) => result.id)).size).toBe(1);
        expect(await store.listRoleAssignments({ principalId })).toHaveLength(1);
      } finally {
        await second.close();
      }
    });

    it('are listed oldest first, all or for one principal', async () => {
      const one = randomUUID();
      const two = randomUUID();
      const late = newAssignment(one, { createdAt: at(T0, 2000) });
      const early = newAssignment(two, { createdAt: at(T0, 1000), role: 'Owner', scope: '*' });
      await store.addRoleAssignment(late);
      await store.addRoleAssignment(early);
      expect(ids(await store.listRoleAssignments(), [late.id, early.id])).toEqual([
        early.id,
        late.id,
      ]);
      expect(await store.listRoleAssignments({ principalId: one })).toEqual([late]);
    });

    it('refuse an id that exists for another assignment', async () => {
      const first = newAssignment(randomUUID());
      await store.addRoleAssignment(first);
      await expectStoreError(
        store.addRoleAssignment(newAssignment(randomUUID(), { id: first.id })),
        'STORE_CONFLICT',
      );
    });

    it('are removed by id, once', async () => {
      const assignment = await store.addRoleAssignment(newAssignment(randomUUID()));
      expect(await store.removeRoleAssignment(assignment.id)).toBe(true);
      expect(await store.removeRoleAssignment(assignment.id)).toBe(false);
      expect(await store.listRoleAssignments({ principalId: assignment.principalId })).toEqual([]);
    });
  });

  describe('signing keys', () => {
    it('are stored with their public JWK and listed newest first', async () => {
      const tag = randomUUID().slice(0, 6);
      const old = newSigningKey({ kid: `${tag}-old`, createdAt: '2020-01-01T00:00:00Z' });
      const newer = newSigningKey({ kid: `${tag}-b`, createdAt: '2020-02-01T00:00:00.000Z' });
      // Same instant as `newer`: ties go by kid, descending.
      const tie = newSigningKey({ kid: `${tag}-c`, createdAt: '2020-02-01T00:00:00.000Z' });
      for (const key of [old, newer, tie]) await store.addSigningKey(key);
      const listed = (await store.listSigningKeys()).filter((key) => key.kid.startsWith(tag));
      expect(listed.map((key) => key.kid)).toEqual([tie.kid, newer.kid, old.kid]);
      expect(listed[2]).toEqual({ ...old, createdAt: '2020-01-01T00:00:00.000Z' });
    });

    it('refuse a kid that exists', async () => {
      const key = newSigningKey();
      await store.addSigningKey(key);
      await expectStoreError(
        store.addSigningKey(newSigningKey({ kid: key.kid })),
        'STORE_CONFLICT',
      );
    });

    it('retire at an instant that can be brought forward but never put off', async () => {
      const key = newSigningKey();
      await store.addSigningKey(key);
      const retiredAt = async () =>
        (await store.listSigningKeys()).find((each) => each.kid === key.kid)?.retiredAt;
      expect(await retiredAt()).toBeNull();
      await store.retireSigningKey(key.kid, '2026-05-01T12:00:00+00:00');
      expect(await retiredAt()).toBe('2026-05-01T12:00:00.000Z');
      await store.retireSigningKey(key.kid, '2026-06-01T00:00:00Z');
      expect(await retiredAt()).toBe('2026-05-01T12:00:00.000Z');
      await store.retireSigningKey(key.kid, '2026-04-01T00:00:00Z');
      expect(await retiredAt()).toBe('2026-04-01T00:00:00.000Z');
      await expectStoreError(store.retireSigningKey(unique('nokid'), T0), 'STORE_RECORD_NOT_FOUND');
    });
  });
});
