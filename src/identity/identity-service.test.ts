import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../secrets/secret-box.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { externalIssuerFromEnvironment, type ExternalIssuerOptions } from './external-issuer.js';
import { isIdentityError } from './identity-errors.js';
import { IdentityService, type IdentityServiceOptions } from './identity-service.js';
import type { IdentityErrorCode } from './identity.js';

async function expectIdentityError(promise: Promise<unknown>, code: IdentityErrorCode) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isIdentityError(error, code)) {
    throw new Error(`expected IdentityError ${code}, got ${String(error)}`, { cause: error });
  }
  return error;
}

const PASSWORD = 'a long enough password';

describe('IdentityService', () => {
  let folder: string;
  let store: Store;
  let now: Date;
  const secrets = new SecretBox([randomBytes(32)]);

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'millrace-identity-'));
    store = await openSqliteStore({ file: join(folder, 'identity.db') });
    now = new Date('2026-03-01T08:00:00.000Z');
  });

  afterEach(async () => {
    await store.close();
    await rm(folder, { recursive: true, force: true });
  });

  function service(overrides: Partial<IdentityServiceOptions> = {}): IdentityService {
    return new IdentityService({ store, secrets, clock: () => now, ...overrides });
  }

  describe('tokens', () => {
    it('issues a token for a user password, which authenticates to the user and its roles', async () => {
      const identity = service();
      const user = await identity.addUser('Ana', PASSWORD);
      await identity.grantRole('ana', 'reader', 'factory');
      const response = await identity.tokenForPassword('ANA', PASSWORD);
      expect(response).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      expect(decodeJwt(response.access_token)).toMatchObject({
        sub: user.id,
        ptype: 'User',
        name: 'Ana',
      });
      const principal = await identity.authenticate(response.access_token);
      expect(principal).toEqual({
        id: user.id,
        type: 'User',
        name: 'Ana',
        roles: [{ role: 'Reader', scope: 'factory' }],
      });
      expect(identity.isAllowed(principal, 'factory/pipelines/read')).toBe(true);
      expect(identity.isAllowed(principal, 'factory/pipelines/write')).toBe(false);
      expect(identity.isAllowed(principal, 'ml/pipelines/read')).toBe(false);
    });

    it('refuses a wrong password or an unknown user alike', async () => {
      const identity = service();
      await identity.addUser('bob', PASSWORD);
      const wrong = await expectIdentityError(
        identity.tokenForPassword('bob', `${PASSWORD}!`),
        'AUTH_INVALID_CREDENTIALS',
      );
      const unknown = await expectIdentityError(
        identity.tokenForPassword('nobody', PASSWORD),
        'AUTH_INVALID_CREDENTIALS',
      );
      expect(unknown.message).toBe(wrong.message);
      await expectIdentityError(
        identity.tokenForPassword('not a name!', PASSWORD),
        'AUTH_INVALID_CREDENTIALS',
      );
    });

    it('issues a token for client credentials; a rotated secret replaces the old one', async () => {
      const identity = service();
      const added = await identity.addServicePrincipal('ADF linked service');
      await identity.grantRole(added.clientId, 'ML Pipeline Submitter', 'ml');
      const token = await identity.tokenForClient(added.clientId, added.secret);
      expect(decodeJwt(token.access_token)).toMatchObject({
        sub: added.id,
        ptype: 'ServicePrincipal',
        client_id: added.clientId,
      });
      const principal = await identity.authenticate(token.access_token);
      expect(principal).toMatchObject({ type: 'ServicePrincipal', name: 'ADF linked service' });
      expect(identity.isAllowed(principal, 'ml/pipelines/submit')).toBe(true);
      expect(identity.isAllowed(principal, 'ml/pipelines/read')).toBe(false);

      const rotated = await identity.rotateServicePrincipalSecret(added.clientId);
      expect(rotated.secret).not.toBe(added.secret);
      await expectIdentityError(
        identity.tokenForClient(added.clientId, added.secret),
        'AUTH_INVALID_CREDENTIALS',
      );
      await identity.tokenForClient(added.clientId, rotated.secret);
      await expectIdentityError(
        identity.tokenForClient('00000000-0000-0000-0000-000000000000', rotated.secret),
        'AUTH_INVALID_CREDENTIALS',
      );
    });

    it('reads roles at every authenticate: a revoked role or removed principal counts at once', async () => {
      const identity = service();
      await identity.addUser('carl', PASSWORD);
      const { assignment } = await identity.grantRole('carl', 'Contributor', 'ml');
      const { access_token: token } = await identity.tokenForPassword('carl', PASSWORD);
      expect((await identity.authenticate(token)).roles).toEqual([
        { role: 'Contributor', scope: 'ml' },
      ]);
      await identity.revokeRole(assignment.id);
      expect((await identity.authenticate(token)).roles).toEqual([]);
      await identity.removeUser('carl');
      const error = await expectIdentityError(identity.authenticate(token), 'AUTH_INVALID_TOKEN');
      expect(error.message).toMatch(/no longer exists/);
    });

    it('expires tokens after tokenLifetimeSeconds', async () => {
      const identity = service({ tokenLifetimeSeconds: 60 });
      await identity.addUser('dora', PASSWORD);
      const { access_token: token, expires_in } = await identity.tokenForPassword('dora', PASSWORD);
      expect(expires_in).toBe(60);
      now = new Date(now.getTime() + 60_000);
      await expectIdentityError(identity.authenticate(token), 'AUTH_TOKEN_EXPIRED');
    });

    it('publishes its verification keys', async () => {
      const jwks = await service().jwks();
      expect(jwks.keys).toHaveLength(1);
      expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(jwks.keys[0]).not.toHaveProperty('d');
    });
  });

  describe('administration', () => {
    it('adds users with a given or a generated one-time password, never showing hashes', async () => {
      const identity = service();
      const given = await identity.addUser('erin', PASSWORD);
      expect(given).toEqual({ id: given.id, name: 'erin', createdAt: now.toISOString() });
      const generated = await identity.addUser('frank');
      expect(generated.oneTimePassword?.length).toBeGreaterThanOrEqual(12);
      await identity.tokenForPassword('frank', generated.oneTimePassword!);
      const listed = await identity.listUsers();
      expect(listed.map((user) => user.name)).toEqual(['erin', 'frank']);
      expect(JSON.stringify(listed)).not.toMatch(/scrypt|hash/i);
    });

    it('refuses weak passwords, bad names and names taken in any letter case', async () => {
      const identity = service();
      await expectIdentityError(identity.addUser('gina', 'short'), 'IDENTITY_WEAK_PASSWORD');
      await expectIdentityError(identity.addUser('has space', PASSWORD), 'IDENTITY_INVALID_NAME');
      await expectIdentityError(identity.addUser('', PASSWORD), 'IDENTITY_INVALID_NAME');
      await identity.addUser('gina', PASSWORD);
      await expectIdentityError(identity.addUser('GINA', PASSWORD), 'IDENTITY_CONFLICT');
      await expectIdentityError(identity.setPassword('gina', 'tiny'), 'IDENTITY_WEAK_PASSWORD');
      await expectIdentityError(identity.removeUser('nobody'), 'IDENTITY_NOT_FOUND');
    });

    it('changes a password: the old one stops working', async () => {
      const identity = service();
      await identity.addUser('hank', PASSWORD);
      await identity.setPassword('HANK', 'another long password');
      await expectIdentityError(
        identity.tokenForPassword('hank', PASSWORD),
        'AUTH_INVALID_CREDENTIALS',
      );
      await identity.tokenForPassword('hank', 'another long password');
    });

    it('lists, and removes service principals with their role assignments', async () => {
      const identity = service();
      const added = await identity.addServicePrincipal('  automation  ');
      expect(added.displayName).toBe('automation');
      await identity.grantRole(added.id, 'Reader', 'ml');
      expect(await identity.listServicePrincipals()).toEqual([
        {
          id: added.id,
          clientId: added.clientId,
          displayName: 'automation',
          createdAt: added.createdAt,
          secretCreatedAt: added.secretCreatedAt,
          secretExpiresAt: null,
        },
      ]);
      await identity.removeServicePrincipal(added.clientId);
      expect(await identity.listServicePrincipals()).toEqual([]);
      expect(await identity.listRoleAssignments()).toEqual([]);
      await expectIdentityError(
        identity.removeServicePrincipal(added.clientId),
        'IDENTITY_NOT_FOUND',
      );
      await expectIdentityError(
        identity.rotateServicePrincipalSecret(added.clientId),
        'IDENTITY_NOT_FOUND',
      );
      await expectIdentityError(identity.addServicePrincipal(' \n '), 'IDENTITY_INVALID_NAME');
    });

    it('grants roles by name, client id or id, once per role and scope, and revokes them', async () => {
      const identity = service();
      const user = await identity.addUser('ivy', PASSWORD);
      const robot = await identity.addServicePrincipal('robot');
      const first = await identity.grantRole('ivy', 'owner');
      expect(first.created).toBe(true);
      expect(first.assignment).toMatchObject({
        principalId: user.id,
        principalType: 'User',
        principalName: 'ivy',
        clientId: null,
        role: 'Owner',
        scope: '*',
      });
      const again = await identity.grantRole(user.id, 'Owner', '*');
      expect(again).toEqual({ assignment: first.assignment, created: false });
      now = new Date(now.getTime() + 1000);
      const robotRole = await identity.grantRole(robot.clientId, 'ML Pipeline Reader', 'ML');
      expect(robotRole.assignment).toMatchObject({
        principalType: 'ServicePrincipal',
        principalName: 'robot',
        clientId: robot.clientId,
        scope: 'ml',
      });
      expect((await identity.listRoleAssignments()).map((each) => each.id)).toEqual([
        first.assignment.id,
        robotRole.assignment.id,
      ]);
      expect(
        (await identity.listRoleAssignments({ principal: robot.clientId })).map((each) => each.id),
      ).toEqual([robotRole.assignment.id]);

      await expectIdentityError(identity.grantRole('ivy', 'Superuser'), 'IDENTITY_INVALID_NAME');
      await expectIdentityError(
        identity.grantRole('ivy', 'Reader', 'everything'),
        'IDENTITY_INVALID_NAME',
      );
      await expectIdentityError(identity.grantRole('nobody', 'Reader'), 'IDENTITY_NOT_FOUND');
      await identity.revokeRole(first.assignment.id);
      await expectIdentityError(identity.revokeRole(first.assignment.id), 'IDENTITY_NOT_FOUND');
    });

    it('ensureAdmin creates admin with Owner on * once, only when there is no user', async () => {
      const identity = service();
      const password = await identity.ensureAdmin();
      expect(password).toBeDefined();
      expect(await identity.ensureAdmin()).toBeUndefined();
      const { access_token: token } = await identity.tokenForPassword('admin', password!);
      const admin = await identity.authenticate(token);
      expect(admin.roles).toEqual([{ role: 'Owner', scope: '*' }]);
      expect(identity.isAllowed(admin, 'identity/roleassignments/write')).toBe(true);

      await store.deleteUser(admin.id);
      await identity.addUser('someone', PASSWORD);
      expect(await identity.ensureAdmin()).toBeUndefined();
    });
  });
});

describe('IdentityService with an external issuer', () => {
  const ISSUER = 'https://idp.example.test/tenant';
  let server: Server;
  let jwksUri: string;
  let signingKey: KeyObject;
  let folder: string;
  let store: Store;
  let identity: IdentityService;
  let carolId: string;

  beforeAll(async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    signingKey = pair.privateKey;
    const jwks = JSON.stringify({
      keys: [
        { ...pair.publicKey.export({ format: 'jwk' }), kid: 'idp-1', alg: 'RS256', use: 'sig' },
      ],
    });
    server = createServer((request, response) => {
      if (request.url === '/keys') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`;

    folder = await mkdtemp(join(tmpdir(), 'millrace-oidc-'));
    store = await openSqliteStore({ file: join(folder, 'identity.db') });
    identity = external({ issuer: ISSUER, jwksUri, audience: 'api://millrace' });
    carolId = (await identity.addUser('carol', PASSWORD)).id;
    await identity.grantRole('carol', 'Reader', 'ml');
  });

  afterAll(async () => {
    await store?.close();
    await rm(folder, { recursive: true, force: true });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function external(options: ExternalIssuerOptions): IdentityService {
    return new IdentityService({
      store,
      secrets: new SecretBox([randomBytes(32)]),
      external: options,
    });
  }

  function idpToken(
    claims: Record<string, unknown>,
    options: { key?: KeyObject; kid?: string; expiresIn?: string; audience?: string } = {},
  ): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'idp-1' })
      .setIssuer(ISSUER)
      .setAudience(options.audience ?? 'api://millrace')
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '10m')
      .sign(options.key ?? signingKey);
  }

  it('maps a valid token to the Millrace user its preferred_username names, with its roles', async () => {
    const principal = await identity.authenticate(
      await idpToken({ preferred_username: 'Carol', sub: 'idp-user-7' }),
    );
    expect(principal).toEqual({
      id: carolId,
      type: 'User',
      name: 'carol',
      roles: [{ role: 'Reader', scope: 'ml' }],
    });
  });

  it('uses the configured claim', async () => {
    const byEmail = external({ issuer: ISSUER, jwksUri, userClaim: 'upn' });
    const principal = await byEmail.authenticate(
      await idpToken({ upn: 'carol', preferred_username: 'someone-else' }),
    );
    expect(principal.id).toBe(carolId);
    const missing = await expectIdentityError(
      byEmail.authenticate(await idpToken({ preferred_username: 'carol' })),
      'AUTH_INVALID_TOKEN',
    );
    expect(missing.message).toMatch(/upn/);
  });

  it('refuses a user Millrace does not know, saying how to add them', async () => {
    const error = await expectIdentityError(
      identity.authenticate(await idpToken({ preferred_username: 'dave' })),
      'AUTH_INVALID_TOKEN',
    );
    expect(error.message).toContain('"dave"');
    expect(error.message).toContain('millrace users add dave');
  });

  it('refuses expired tokens, other audiences and keys the issuer does not publish', async () => {
    await expectIdentityError(
      identity.authenticate(await idpToken({ preferred_username: 'carol' }, { expiresIn: '-1m' })),
      'AUTH_TOKEN_EXPIRED',
    );
    await expectIdentityError(
      identity.authenticate(
        await idpToken({ preferred_username: 'carol' }, { audience: 'api://other' }),
      ),
      'AUTH_INVALID_TOKEN',
    );
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await expectIdentityError(
      identity.authenticate(
        await idpToken({ preferred_username: 'carol' }, { key: stranger, kid: 'idp-2' }),
      ),
      'AUTH_INVALID_TOKEN',
    );
    // The right kid, the wrong key: the signature fails.
    await expectIdentityError(
      identity.authenticate(await idpToken({ preferred_username: 'carol' }, { key: stranger })),
      'AUTH_INVALID_TOKEN',
    );
    // A shared-secret token claiming the issuer is never accepted.
    const hmac = await new SignJWT({ preferred_username: 'carol' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience('api://millrace')
      .setExpirationTime('10m')
      .sign(randomBytes(32));
    await expectIdentityError(identity.authenticate(hmac), 'AUTH_INVALID_TOKEN');
  });

  it('still accepts its own tokens', async () => {
    const { access_token: token } = await identity.tokenForPassword('carol', PASSWORD);
    expect((await identity.authenticate(token)).id).toBe(carolId);
  });

  it('says so when the JWKS cannot be fetched', async () => {
    const broken = external({ issuer: ISSUER, jwksUri: jwksUri.replace('/keys', '/missing') });
    const error = await expectIdentityError(
      broken.authenticate(await idpToken({ preferred_username: 'carol' })),
      'AUTH_INVALID_TOKEN',
    );
    expect(error.message).toContain('/missing');
  });
});

describe('externalIssuerFromEnvironment', () => {
  it('reads MILLRACE_OIDC_* and requires the JWKS URI with the issuer', () => {
    expect(externalIssuerFromEnvironment({})).toBeUndefined();
    expect(
      externalIssuerFromEnvironment({
        MILLRACE_OIDC_ISSUER: 'https://idp',
        MILLRACE_OIDC_JWKS_URI: 'https://idp/keys',
        MILLRACE_OIDC_AUDIENCE: 'api://millrace',
        MILLRACE_OIDC_USER_CLAIM: 'email',
      }),
    ).toEqual({
      issuer: 'https://idp',
      jwksUri: 'https://idp/keys',
      audience: 'api://millrace',
      userClaim: 'email',
    });
    expect(
      externalIssuerFromEnvironment({
        MILLRACE_OIDC_ISSUER: 'https://idp',
        MILLRACE_OIDC_JWKS_URI: 'https://idp/keys',
      }),
    ).toEqual({ issuer: 'https://idp', jwksUri: 'https://idp/keys' });
    expect(() => externalIssuerFromEnvironment({ MILLRACE_OIDC_ISSUER: 'https://idp' })).toThrow(
      /MILLRACE_OIDC_JWKS_URI/,
    );
    expect(() =>
      externalIssuerFromEnvironment({ MILLRACE_OIDC_JWKS_URI: 'https://idp/keys' }),
    ).toThrow(/MILLRACE_OIDC_ISSUER/);
  });
});
