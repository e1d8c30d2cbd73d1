/**
 * Every route of the real server with every role: a principal is let through exactly when one of
 * its role assignments grants the permission docs/permissions.md names for the route, and a
 * refusal is 401/403 with a reason. Requests carry placeholder ids and bodies, so an allowed call
 * may still answer 400 or 404; what matters is that authorisation let it through.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPermissionsDoc } from '../../scripts/render-permissions-doc.js';
import { openServer, type ServerSession } from '../../src/cli/server-setup.js';
import {
  isAllowed,
  ROLE_NAMES,
  type Permission,
  type RoleName,
  type Scope,
  type ScopedRole,
} from '../../src/identity/permissions.js';
import type { DeclaredRoute } from '../../src/server/build-server.js';

interface Caller {
  readonly label: string;
  readonly roles: readonly ScopedRole[];
  readonly token: string;
}

const PASSWORD = 'a-long-enough-password-1';
const NATURAL_SCOPES: readonly Scope[] = ['*', 'factory', 'ml'];

let home: string;
let server: ServerSession;
let origin: string;
let routes: readonly DeclaredRoute[];
const callers: Caller[] = [];

function concretePath(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, (_match, name: string) =>
    name === 'factoryName' ? 'routes-test' : `placeholder-${name}`,
  );
}

/** Sends the request and reads only the status and, for refusals, the error code. */
async function call(route: DeclaredRoute, token: string | undefined) {
  const controller = new AbortController();
  const hasBody = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH';
  const response = await fetch(`${origin}${concretePath(route.url)}`, {
    method: route.method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
    },
    ...(hasBody ? { body: '{}' } : {}),
    signal: controller.signal,
  });
  let code: string | undefined;
  if (response.status === 401 || response.status === 403) {
    code = ((await response.json()) as { error?: { code?: string } }).error?.code;
  }
  // Event streams never end by themselves.
  controller.abort();
  return { status: response.status, code };
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'millrace-route-roles-'));
  server = await openServer({
    environment: { ...process.env, MILLRACE_HOME: home },
    factoryName: 'routes-test',
  });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  routes = server.app.declaredRoutes.filter((route) => !route.url.startsWith('/docs'));

  const assignments: { label: string; roles: ScopedRole[] }[] = [{ label: 'no role', roles: [] }];
  for (const role of ROLE_NAMES) {
    for (const scope of NATURAL_SCOPES) {
      assignments.push({ label: `${role} on ${scope}`, roles: [{ role, scope }] });
    }
  }
  for (const [index, { label, roles }] of assignments.entries()) {
    const name = `user${index}`;
    await server.identity.addUser(name, PASSWORD);
    for (const { role, scope } of roles) await server.identity.grantRole(name, role, scope);
    const { access_token: token } = await server.identity.tokenForPassword(name, PASSWORD);
    callers.push({ label, roles, token });
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
  await rm(home, { recursive: true, force: true });
});

describe('routes × roles', () => {
  it('docs/permissions.md is the server’s own table (run `npm run docs` to regenerate)', async () => {
    expect(readFileSync(new URL('../../docs/permissions.md', import.meta.url), 'utf8')).toBe(
      await renderPermissionsDoc(),
    );
  });

  it('every route declares a permission, and the table covers both APIs and identity', () => {
    expect(routes.filter((route) => route.permission === undefined)).toEqual([]);
    const prefixes = new Set(routes.map((route) => route.permission?.split('/')[0]));
    expect(prefixes).toEqual(new Set(['public', 'authenticated', 'factory', 'ml', 'identity']));
    expect(routes.length).toBeGreaterThan(50);
  });

  it('public routes answer without a token', async () => {
    for (const route of routes.filter((candidate) => candidate.permission === 'public')) {
      const { status } = await call(route, undefined);
      expect(status, `${route.method} ${route.url}`).not.toBe(401);
      expect(status, `${route.method} ${route.url}`).not.toBe(403);
    }
  });

  it('every other route refuses a missing or malformed token with 401', async () => {
    for (const route of routes.filter((candidate) => candidate.permission !== 'public')) {
      expect(await call(route, undefined), `${route.method} ${route.url}`).toEqual({
        status: 401,
        code: 'AUTH_MISSING_TOKEN',
      });
      expect(await call(route, 'not.a.token'), `${route.method} ${route.url}`).toEqual({
        status: 401,
        code: 'AUTH_INVALID_TOKEN',
      });
    }
  });

  it('lets each role through exactly where its permissions and scope allow', async () => {
    const guarded = routes.filter(
      (route) => route.permission !== 'public' && route.permission !== undefined,
    );
    let allowedCalls = 0;
    let refusedCalls = 0;
    for (const caller of callers) {
      for (const route of guarded) {
        const permission = route.permission as Permission | 'authenticated';
        const allowed =
          permission === 'authenticated' || isAllowed(caller.roles, permission as Permission);
        const { status, code } = await call(route, caller.token);
        const where = `${caller.label}: ${route.method} ${route.url} (${permission})`;
        if (allowed) {
          allowedCalls++;
          expect(status, where).not.toBe(401);
          expect(status, where).not.toBe(403);
        } else {
          refusedCalls++;
          expect({ status, code }, where).toEqual({ status: 403, code: 'AUTH_FORBIDDEN' });
        }
      }
    }
    // Both outcomes are exercised in number, so neither branch passes vacuously.
    expect(allowedCalls).toBeGreaterThan(300);
    expect(refusedCalls).toBeGreaterThan(300);
  }, 120_000);

  it('a factory author cannot list ML pipelines but an ML pipeline reader can', () => {
    const author: ScopedRole[] = [{ role: 'Factory Author' as RoleName, scope: '*' }];
    expect(isAllowed(author, 'factory/pipelines/write')).toBe(true);
    expect(isAllowed(author, 'ml/pipelines/read')).toBe(false);
    expect(isAllowed([{ role: 'ML Pipeline Reader', scope: 'ml' }], 'ml/pipelines/read')).toBe(
      true,
    );
    expect(isAllowed([{ role: 'ML Pipeline Submitter', scope: 'ml' }], 'ml/pipelines/read')).toBe(
      false,
    );
    expect(isAllowed([{ role: 'ML Pipeline Submitter', scope: 'ml' }], 'ml/pipelines/submit')).toBe(
      true,
    );
  });
});
