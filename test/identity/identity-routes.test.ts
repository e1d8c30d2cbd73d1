/**
 * The identity routes through Fastify's inject: the OAuth 2.0 token endpoint in both encodings
 * and its error shapes, the JWKS (checked by verifying a token against it with jose), `GET /me`,
 * and the admin API, with the permission each route declares.
 */
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityApp, type IdentityApp } from './identity-app.js';

const ADMIN_PASSWORD = 'the admin password here';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('identity routes', () => {
  let server: IdentityApp;
  let adminToken: string;

  beforeAll(async () => {
    server = await createIdentityApp();
    await server.identity.addUser('root', ADMIN_PASSWORD);
    await server.identity.grantRole('root', 'Owner', '*');
    adminToken = (await server.identity.tokenForPassword('root', ADMIN_PASSWORD)).access_token;
  });

  afterAll(async () => {
    await server?.dispose();
  });

  const asAdmin = { authorization: () => `Bearer ${adminToken}` };

  function token(body: string | object, headers: Record<string, string> = FORM) {
    return server.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers,
      ...(typeof body === 'string' ? { payload: body } : { payload: JSON.stringify(body) }),
    });
  }

  describe('POST /oauth2/token', () => {
    it('grants a password token from a form, not to be cached', async () => {
      const response = await token(
        `grant_type=password&username=root&password=${encodeURIComponent(ADMIN_PASSWORD)}`,
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['pragma']).toBe('no-cache');
      const body = response.json<{
        access_token: string;
        token_type: string;
        expires_in: number;
      }>();
      expect(body).toEqual({
        access_token: expect.any(String) as string,
        token_type: 'Bearer',
        expires_in: 3600,
      });
      const me = await server.app.inject({
        url: '/me',
        headers: { authorization: `Bearer ${body.access_token}` },
      });
      expect(me.json()).toMatchObject({ name: 'root', type: 'User' });
    });

    it('grants a client-credentials token from JSON or HTTP Basic', async () => {
      const robot = await server.identity.addServicePrincipal('robot');
      const json = await token(
        {
          grant_type: 'client_credentials',
          client_id: robot.clientId,
          client_secret: robot.secret,
        },
        { 'content-type': 'application/json' },
      );
      expect(json.statusCode).toBe(200);
      const basic = await token('grant_type=client_credentials', {
        ...FORM,
        authorization: `Basic ${Buffer.from(
          `${encodeURIComponent(robot.clientId)}:${encodeURIComponent(robot.secret)}`,
        ).toString('base64')}`,
      });
      expect(basic.statusCode).toBe(200);
      const me = await server.app.inject({
        url: '/me',
        headers: { authorization: `Bearer ${basic.json<{ access_token: string }>().access_token}` },
      });
      expect(me.json()).toEqual({
        id: robot.id,
        type: 'ServicePrincipal',
        name: 'robot',
        roles: [],
        permissions: [],
      });
    });

    it('answers failures in OAuth 2.0 shape with RFC 6749 statuses', async () => {
      const robot = await server.identity.addServicePrincipal('robot-2');
      const cases: [string | object, Record<string, string> | undefined, number, string][] = [
        ['grant_type=password&username=root&password=wrong-password', FORM, 400, 'invalid_grant'],
        ['grant_type=password&username=nobody&password=whatever-it-is', FORM, 400, 'invalid_grant'],
        [
          `grant_type=client_credentials&client_id=${robot.clientId}&client_secret=wrong`,
          FORM,
          401,
          'invalid_client',
        ],
        ['grant_type=authorization_code&code=x', FORM, 400, 'unsupported_grant_type'],
        ['grant_type=password&username=root', FORM, 400, 'invalid_request'],
        ['grant_type=client_credentials&client_id=x', FORM, 400, 'invalid_request'],
        ['username=root&password=x', FORM, 400, 'invalid_request'],
        [
          'grant_type=password&grant_type=password&username=a&password=b',
          FORM,
          400,
          'invalid_request',
        ],
        [
          { grant_type: 'password', username: ['a'], password: {} },
          { 'content-type': 'application/json' },
          400,
          'invalid_request',
        ],
        [
          'grant_type=client_credentials&client_id=x&client_secret=y',
          { ...FORM, authorization: `Basic ${Buffer.from('x:y').toString('base64')}` },
          400,
          'invalid_request',
        ],
      ];
      for (const [body, headers, status, error] of cases) {
        const response = await token(body, headers);
        expect(response.statusCode, JSON.stringify(body)).toBe(status);
        const answer = response.json<{ error: string; error_description: string }>();
        expect(answer.error, JSON.stringify(body)).toBe(error);
        expect(answer.error_description.length).toBeGreaterThan(10);
        expect(response.headers['cache-control']).toBe('no-store');
      }
    });

    it('challenges a failed HTTP Basic client authentication', async () => {
      const response = await token('grant_type=client_credentials', {
        ...FORM,
        authorization: `Basic ${Buffer.from('unknown-client:secret').toString('base64')}`,
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: 'invalid_client' });
      expect(response.headers['www-authenticate']).toBe('Basic realm="millrace"');
    });
  });

  it('GET /.well-known/jwks.json is public and verifies the tokens', async () => {
    const response = await server.app.inject({ url: '/.well-known/jwks.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const jwks = response.json<{ keys: { kty: string; d?: string }[] }>();
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys.every((key) => key.d === undefined)).toBe(true);
    const { payload } = await jwtVerify(adminToken, createLocalJWKSet(jwks as never), {
      issuer: 'millrace',
      audience: 'millrace',
    });
    expect(payload.name).toBe('root');
  });

  it('GET /me tells the caller its roles and permissions, and needs a token', async () => {
    const response = await server.app.inject({
      url: '/me',
      headers: { authorization: asAdmin.authorization() },
    });
    expect(response.statusCode).toBe(200);
    const me = response.json<{ roles: unknown[]; permissions: string[] }>();
    expect(me.roles).toEqual([{ role: 'Owner', scope: '*' }]);
    expect(me.permissions).toContain('identity/roleassignments/write');
    expect((await server.app.inject({ url: '/me' })).statusCode).toBe(401);
  });

  describe('admin API', () => {
    function call(
      method: 'GET' | 'POST' | 'DELETE',
      url: string,
      body?: object,
      bearer = adminToken,
    ) {
      return server.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${bearer}` },
        ...(body === undefined ? {} : { payload: body }),
      });
    }

    it('declares the permission of every route', () => {
      expect(Object.fromEntries(server.declared)).toEqual({
        'POST /oauth2/token': 'public',
        'GET /.well-known/jwks.json': 'public',
        'GET /me': 'authenticated',
        'GET /identity/users': 'identity/principals/read',
        'POST /identity/users': 'identity/principals/write',
        'DELETE /identity/users/:name': 'identity/principals/write',
        'GET /identity/servicePrincipals': 'identity/principals/read',
        'POST /identity/servicePrincipals': 'identity/principals/write',
        'DELETE /identity/servicePrincipals/:clientId': 'identity/principals/write',
        'POST /identity/servicePrincipals/:clientId/rotateSecret': 'identity/principals/write',
        'GET /identity/roleAssignments': 'identity/roleassignments/read',
        'POST /identity/roleAssignments': 'identity/roleassignments/write',
        'DELETE /identity/roleAssignments/:id': 'identity/roleassignments/write',
      });
    });

    it('adds, lists and removes users; errors carry identity codes', async () => {
      const generated = await call('POST', '/identity/users', { name: 'nora' });
      expect(generated.statusCode).toBe(201);
      expect(generated.headers['cache-control']).toBe('no-store');
      const nora = generated.json<{ id: string; oneTimePassword: string }>();
      expect(nora.oneTimePassword.length).toBeGreaterThanOrEqual(12);
      await server.identity.tokenForPassword('nora', nora.oneTimePassword);

      const given = await call('POST', '/identity/users', {
        name: 'otto',
        password: 'otto’s long password',
      });
      expect(given.statusCode).toBe(201);
      expect(given.json()).not.toHaveProperty('oneTimePassword');

      const listed = await call('GET', '/identity/users');
      expect(listed.json<{ value: { name: string }[] }>().value.map((user) => user.name)).toEqual(
        expect.arrayContaining(['nora', 'otto', 'root']),
      );
      expect(listed.body).not.toMatch(/scrypt|password/i);

      const conflict = await call('POST', '/identity/users', { name: 'NORA' });
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json()).toMatchObject({ error: { code: 'IDENTITY_CONFLICT' } });
      const weak = await call('POST', '/identity/users', { name: 'pia', password: 'short' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json()).toMatchObject({ error: { code: 'IDENTITY_WEAK_PASSWORD' } });
      const badName = await call('POST', '/identity/users', { name: 'has space' });
      expect(badName.json()).toMatchObject({ error: { code: 'IDENTITY_INVALID_NAME' } });
      const invalid = await call('POST', '/identity/users', { nickname: 'x' });
      expect(invalid.statusCode).toBe(400);

      const removed = await call('DELETE', '/identity/users/Nora');
      expect(removed.statusCode).toBe(204);
      expect(removed.body).toBe('');
      const again = await call('DELETE', '/identity/users/nora');
      expect(again.statusCode).toBe(404);
      expect(again.json()).toMatchObject({ error: { code: 'IDENTITY_NOT_FOUND' } });
    });

    it('adds service principals with a secret shown once, rotates and removes them', async () => {
      const added = await call('POST', '/identity/servicePrincipals', { displayName: 'etl' });
      expect(added.statusCode).toBe(201);
      expect(added.headers['cache-control']).toBe('no-store');
      const etl = added.json<{ clientId: string; secret: string }>();
      const listed = await call('GET', '/identity/servicePrincipals');
      const entry = listed
        .json<{ value: { clientId: string }[] }>()
        .value.find((principal) => principal.clientId === etl.clientId);
      expect(entry).toBeDefined();
      expect(entry).not.toHaveProperty('secret');
      expect(listed.body).not.toContain(etl.secret);

      const rotated = await call(
        'POST',
        `/identity/servicePrincipals/${etl.clientId}/rotateSecret`,
      );
      expect(rotated.statusCode).toBe(200);
      const { secret } = rotated.json<{ secret: string }>();
      expect(secret).not.toBe(etl.secret);
      await server.identity.tokenForClient(etl.clientId, secret);

      expect((await call('DELETE', `/identity/servicePrincipals/${etl.clientId}`)).statusCode).toBe(
        204,
      );
      expect((await call('DELETE', `/identity/servicePrincipals/${etl.clientId}`)).statusCode).toBe(
        404,
      );
      expect(
        (await call('POST', '/identity/servicePrincipals', { displayName: '' })).statusCode,
      ).toBe(400);
    });

    it('grants (201, then 200), lists, filters and revokes role assignments', async () => {
      await server.identity.addUser('quinn', 'quinn’s long password');
      const granted = await call('POST', '/identity/roleAssignments', {
        principal: 'quinn',
        role: 'reader',
        scope: 'factory',
      });
      expect(granted.statusCode).toBe(201);
      const assignment = granted.json<{ id: string }>();
      expect(granted.json()).toMatchObject({
        principalName: 'quinn',
        role: 'Reader',
        scope: 'factory',
      });
      const again = await call('POST', '/identity/roleAssignments', {
        principal: 'quinn',
        role: 'Reader',
        scope: 'factory',
      });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(granted.json());

      const filtered = await call('GET', '/identity/roleAssignments?principal=quinn');
      expect(filtered.json<{ value: { id: string }[] }>().value.map((each) => each.id)).toEqual([
        assignment.id,
      ]);
      const all = await call('GET', '/identity/roleAssignments');
      expect(all.json<{ value: unknown[] }>().value.length).toBeGreaterThanOrEqual(2);

      const badRole = await call('POST', '/identity/roleAssignments', {
        principal: 'quinn',
        role: 'God',
      });
      expect(badRole.statusCode).toBe(400);
      expect(badRole.json()).toMatchObject({ error: { code: 'IDENTITY_INVALID_NAME' } });
      const unknown = await call('GET', '/identity/roleAssignments?principal=nobody');
      expect(unknown.statusCode).toBe(404);

      // Reader on factory: not enough for the admin API, and the grant is live.
      const quinn = (await server.identity.tokenForPassword('quinn', 'quinn’s long password'))
        .access_token;
      expect((await call('GET', '/identity/users', undefined, quinn)).statusCode).toBe(403);
      expect((await call('DELETE', `/identity/roleAssignments/${assignment.id}`)).statusCode).toBe(
        204,
      );
      expect((await call('DELETE', `/identity/roleAssignments/${assignment.id}`)).statusCode).toBe(
        404,
      );
      const me = await call('GET', '/me', undefined, quinn);
      expect(me.json()).toMatchObject({ roles: [], permissions: [] });
    });
  });
});
