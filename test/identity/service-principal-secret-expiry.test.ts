/**
 * Client secrets that expire, on every store adapter STORE selects: the client-credentials grant
 * gives tokens until `secretExpiresAt` and refuses them after (`AUTH_SECRET_EXPIRED`, only to
 * whoever holds the secret), a reset gives a new secret with its own expiry, and the token
 * endpoint answers RFC 6749 `invalid_client` with Entra ID's `error_codes: [7000222]`. The clock
 * is the service's, moved by the test: nothing waits.
 */
import { randomBytes } from 'node:crypto';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isIdentityError } from '../../src/identity/identity-errors.js';
import { IdentityService } from '../../src/identity/identity-service.js';
import type { IdentityErrorCode } from '../../src/identity/identity.js';
import { SecretBox } from '../../src/secrets/secret-box.js';
import { installErrorHandling } from '../../src/server/error-handling.js';
import { registerIdentityRoutes } from '../../src/server/identity-routes.js';
import type { Store } from '../../src/store/store.js';
import { storeAdaptersUnderTest } from '../support/store-adapters.js';
import { createStoreHarness, type StoreHarness } from '../support/store-harness.js';

const HOUR_MS = 3_600_000;

async function identityError(promise: Promise<unknown>, code: IdentityErrorCode) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isIdentityError(error, code))
    throw new Error(`expected IdentityError ${code}, got ${String(error)}`, { cause: error });
  return error;
}

describe.each(storeAdaptersUnderTest())('service principal secret expiry on %s', (adapter) => {
  let harness: StoreHarness;
  let store: Store;
  let now: Date;
  let identity: IdentityService;

  beforeEach(async () => {
    harness = await createStoreHarness(adapter);
    store = await harness.open();
    now = new Date('2026-03-01T08:00:00.000Z');
    identity = new IdentityService({
      store,
      secrets: new SecretBox([randomBytes(32)]),
      clock: () => now,
    });
  });

  afterEach(async () => {
    await store?.close();
    await harness?.dispose();
  });

  it('grants tokens until the secret expires, then refuses them saying so', async () => {
    const added = await identity.addServicePrincipal('etl', {
      secretExpiresAt: '2026-03-01T10:00:00+01:00',
    });
    expect(added.secretExpiresAt).toBe('2026-03-01T09:00:00.000Z');
    expect((await identity.listServicePrincipals())[0]?.secretExpiresAt).toBe(
      '2026-03-01T09:00:00.000Z',
    );
    await identity.tokenForClient(added.clientId, added.secret);

    now = new Date('2026-03-01T09:00:00.000Z');
    const refused = await identityError(
      identity.tokenForClient(added.clientId, added.secret),
      'AUTH_SECRET_EXPIRED',
    );
    expect(refused.httpStatus).toBe(401);
    expect(refused.message).toContain('expired at 2026-03-01T09:00:00.000Z');
    expect(refused.message).toContain(`millrace service-principals reset-secret ${added.clientId}`);
    expect(refused.message).not.toContain(added.secret);
    // A wrong secret learns nothing about the expiry.
    await identityError(
      identity.tokenForClient(added.clientId, 'a-wrong-secret'),
      'AUTH_INVALID_CREDENTIALS',
    );
  });

  it('gives a reset secret its own expiry, or none', async () => {
    const added = await identity.addServicePrincipal('etl', {
      secretExpiresAt: new Date(now.getTime() + HOUR_MS).toISOString(),
    });
    now = new Date(now.getTime() + 2 * HOUR_MS);
    await identityError(
      identity.tokenForClient(added.clientId, added.secret),
      'AUTH_SECRET_EXPIRED',
    );

    const renewed = await identity.rotateServicePrincipalSecret(added.clientId, {
      secretExpiresAt: new Date(now.getTime() + HOUR_MS).toISOString(),
    });
    expect(renewed.secretExpiresAt).toBe(new Date(now.getTime() + HOUR_MS).toISOString());
    await identity.tokenForClient(added.clientId, renewed.secret);
    now = new Date(now.getTime() + HOUR_MS);
    await identityError(
      identity.tokenForClient(added.clientId, renewed.secret),
      'AUTH_SECRET_EXPIRED',
    );

    const forever = await identity.rotateServicePrincipalSecret(added.clientId);
    expect(forever.secretExpiresAt).toBeNull();
    now = new Date('2099-01-01T00:00:00.000Z');
    await identity.tokenForClient(added.clientId, forever.secret);
    expect((await store.getServicePrincipal(added.id))?.secretExpiresAt).toBeNull();
  });

  it('refuses an expiry that is not a future instant with a zone, and creates nothing', async () => {
    for (const secretExpiresAt of ['2026-03-01T07:59:59Z', now.toISOString(), 'tomorrow']) {
      await identityError(
        identity.addServicePrincipal('etl', { secretExpiresAt }),
        'IDENTITY_INVALID_EXPIRY',
      );
    }
    await identityError(
      identity.addServicePrincipal('etl', { secretExpiresAt: '2027-01-01T00:00:00' }),
      'IDENTITY_INVALID_EXPIRY',
    );
    expect(await identity.listServicePrincipals()).toEqual([]);
    const added = await identity.addServicePrincipal('etl');
    await identityError(
      identity.rotateServicePrincipalSecret(added.clientId, { secretExpiresAt: 'soon' }),
      'IDENTITY_INVALID_EXPIRY',
    );
    // The refused reset left the secret as it was.
    await identity.tokenForClient(added.clientId, added.secret);
  });

  it('POST /oauth2/token answers invalid_client with error_codes [7000222]', async () => {
    const app = Fastify().withTypeProvider<JsonSchemaToTsProvider>();
    app.setSerializerCompiler(() => (data) => JSON.stringify(data));
    installErrorHandling(app);
    registerIdentityRoutes(app, { identity });
    try {
      const added = await identity.addServicePrincipal('etl', {
        secretExpiresAt: new Date(now.getTime() + HOUR_MS).toISOString(),
      });
      const grant = () =>
        app.inject({
          method: 'POST',
          url: '/oauth2/token',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: added.clientId,
            client_secret: added.secret,
          }).toString(),
        });
      expect((await grant()).statusCode).toBe(200);
      now = new Date(now.getTime() + HOUR_MS);
      const refused = await grant();
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['cache-control']).toBe('no-store');
      const body = refused.json<Record<string, unknown>>();
      expect(body).toEqual({
        error: 'invalid_client',
        error_description: expect.stringContaining('expired at'),
        error_codes: [7000222],
      });
      expect(refused.body).not.toContain(added.secret);

      const rotate = await app.inject({
        method: 'POST',
        url: `/identity/servicePrincipals/${added.clientId}/rotateSecret`,
      });
      // No auth hook here: the route answers, the point is that a body is optional.
      expect(rotate.statusCode).toBe(200);
      expect(rotate.json()).toMatchObject({ clientId: added.clientId, secretExpiresAt: null });
    } finally {
      await app.close();
    }
  });
});
