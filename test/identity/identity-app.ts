/**
 * A minimal server for identity tests: the identity routes over a SQLite store in a temporary
 * folder, the server's error handling, and a small stand-in for the server's auth hook (bearer
 * token → `request.principal`, then the route's declared permission). `dispose()` closes the app
 * and the store and removes the folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import Fastify from 'fastify';
import { IdentityService } from '../../src/identity/identity-service.js';
import { SecretBox } from '../../src/secrets/secret-box.js';
import { installErrorHandling } from '../../src/server/error-handling.js';
import { registerIdentityRoutes } from '../../src/server/identity-routes.js';
import type { RoutePermission } from '../../src/server/route-permission.js';
import type { TypedApp } from '../../src/server/typed-app.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/store.js';

export interface IdentityApp {
  readonly app: TypedApp;
  readonly identity: IdentityService;
  readonly store: Store;
  /** `METHOD url` → the permission the route declared. */
  readonly declared: ReadonlyMap<string, RoutePermission | undefined>;
  dispose(): Promise<void>;
}

export async function createIdentityApp(): Promise<IdentityApp> {
  const folder = await mkdtemp(join(tmpdir(), 'millrace-identity-app-'));
  const store = await openSqliteStore({ file: join(folder, 'millrace.db') });
  const identity = new IdentityService({ store, secrets: new SecretBox([randomBytes(32)]) });
  const app = Fastify().withTypeProvider<JsonSchemaToTsProvider>();
  // As the real server: answers are written as they are, response schemas only document.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandling(app);

  const declared = new Map<string, RoutePermission | undefined>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') declared.set(`${method} ${route.url}`, route.config?.permission);
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    const permission = request.routeOptions.config.permission;
    if (permission === 'public' || request.routeOptions.url === undefined) return undefined;
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined) return reply.code(401).send({ error: { code: 'AUTH_MISSING_TOKEN' } });
    try {
      request.principal = await identity.authenticate(token);
    } catch (error) {
      return reply.code(401).send({ error: { code: (error as { code: string }).code } });
    }
    if (permission === 'authenticated') return undefined;
    if (permission === undefined || !identity.isAllowed(request.principal, permission)) {
      return reply.code(403).send({ error: { code: 'AUTH_FORBIDDEN' } });
    }
    return undefined;
  });
  registerIdentityRoutes(app, { identity });
  await app.ready();

  return {
    app,
    identity,
    store,
    declared,
    async dispose() {
      await app.close();
      await store.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
