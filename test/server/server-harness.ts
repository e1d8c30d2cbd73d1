/**
 * A real Millrace server for a test file, composed as `millrace server` composes it
 * (`openServer`): the ML workspace, the identity service and the factory on a store of the given
 * adapter, a Millrace home in a temporary folder, listening on 127.0.0.1 at a free port. The
 * first user, `admin` (Owner of everything), is created as on a first start and signed in:
 * requests carry its token unless they say otherwise. `close()` stops the server, waits for the
 * runs, closes the store and removes the database and the folder.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { MlWorkspaceSession } from '../../src/cli/ml-workspace-setup.js';
import { openServer, type ServerSession } from '../../src/cli/server-setup.js';
import type { LogDestination } from '../../src/secrets/secret-redactor.js';
import type { StoreAdapterName } from '../support/store-adapters.js';
import { createStoreHarness, type StoreHarness } from '../support/store-harness.js';

export const FIXTURES = join(import.meta.dirname, '../fixtures/ml');
/** The factory the server serves. */
export const FACTORY_NAME = 'test-factory';

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test assertions read any field
}

export interface RequestOptions {
  readonly body?: unknown;
  /** Raw body text (sent as is with `contentType`). */
  readonly rawBody?: string;
  readonly contentType?: string;
  readonly query?: Readonly<Record<string, string>>;
  /** (Default: `Authorization: Bearer <the admin's token>`) */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `Authorization: Bearer <token>` instead of the admin's; ignored with `headers`. */
  readonly token?: string;
}

export interface ServerHarness {
  readonly origin: string;
  /** The workspace's base URL (subscription `sub-1`, resource group `rg-1`, workspace `ws-1`). */
  readonly base: string;
  /** Everything `openServer` composed: app, ML workspace, identity, factory, secrets. */
  readonly server: ServerSession;
  readonly session: MlWorkspaceSession;
  readonly home: string;
  readonly app: FastifyInstance;
  /** The one-time password `ensureAdmin()` gave the `admin` user. */
  readonly adminPassword: string;
  /** An access token of `admin`. */
  readonly adminToken: string;
  /** `path` relative to `base` unless it starts with `/`. */
  request(method: string, path: string, options?: RequestOptions): Promise<HttpAnswer>;
  /** A new user with these roles (`[role, scope]`), signed in: its access token. */
  userToken(name: string, roles: readonly (readonly [string, string])[]): Promise<string>;
  /** A new service principal with these roles: its client id and secret, and a token of it. */
  servicePrincipal(
    displayName: string,
    roles: readonly (readonly [string, string])[],
  ): Promise<{ clientId: string; secret: string; token: string }>;
  close(): Promise<void>;
}

export const WORKSPACE_PATH =
  '/pipelines/v1.0/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1';
export const FACTORY_PATH = `/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.DataFactory/factories/${FACTORY_NAME}`;

const USER_PASSWORD = 'a-test-password-long-enough';

export async function startServer(
  adapter: StoreAdapterName,
  options: { readonly log?: LogDestination } = {},
): Promise<ServerHarness> {
  const store: StoreHarness = await createStoreHarness(adapter);
  const home = await mkdtemp(join(tmpdir(), 'millrace-server-'));
  let server: ServerSession | undefined;
  try {
    server = await openServer({
      db: store.location,
      environment: serverEnvironment(home),
      factoryName: FACTORY_NAME,
      ...(options.log === undefined ? {} : { log: { level: 'info', destination: options.log } }),
    });
    return await listening(server, store, home);
  } catch (error) {
    await server?.close();
    await store.dispose();
    await rm(home, { recursive: true, force: true });
    throw error;
  }
}

/** The environment of a server whose home is `home`, without the caller's identity settings. */
export function serverEnvironment(home: string): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, MILLRACE_HOME: home };
  for (const name of Object.keys(environment)) {
    if (/^MILLRACE_(OIDC_|SECRET_KEY|TOKEN|CLIENT_|SERVER)/.test(name)) delete environment[name];
  }
  return environment;
}

async function listening(
  server: ServerSession,
  store: StoreHarness,
  home: string,
): Promise<ServerHarness> {
  const { app, identity } = server;
  const adminPassword = await identity.ensureAdmin();
  if (adminPassword === undefined) throw new Error('A new store already has an admin.');
  const adminToken = (await identity.tokenForPassword('admin', adminPassword)).access_token;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  const base = `${origin}${WORKSPACE_PATH}`;

  const request = async (
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<HttpAnswer> => {
    const url = new URL(path.startsWith('/') ? `${origin}${path}` : `${base}/${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      url.searchParams.set(name, value);
    }
    const headers: Record<string, string> = {
      ...(options.headers ?? { authorization: `Bearer ${options.token ?? adminToken}` }),
    };
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] = options.contentType ?? 'text/plain';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      headers: response.headers,
      text,
      json,
    };
  };

  return {
    origin,
    base,
    server,
    session: server.ml,
    home,
    app,
    adminPassword,
    adminToken,
    request,
    async userToken(name, roles) {
      await identity.addUser(name, USER_PASSWORD);
      for (const [role, scope] of roles) await identity.grantRole(name, role, scope);
      return (await identity.tokenForPassword(name, USER_PASSWORD)).access_token;
    },
    async servicePrincipal(displayName, roles) {
      const { clientId, secret } = await identity.addServicePrincipal(displayName);
      for (const [role, scope] of roles) await identity.grantRole(clientId, role, scope);
      const token = (await identity.tokenForClient(clientId, secret)).access_token;
      return { clientId, secret, token };
    },
    async close() {
      await server.close();
      await store.dispose();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** A fixture folder as a publish bundle: its pipeline.yml and every file under it, base64. */
export async function fixtureBundle(name: string): Promise<{
  readonly Definition: string;
  readonly DefinitionFileName: string;
  readonly Files: Record<string, string>;
}> {
  const folder = join(FIXTURES, name);
  const files: Record<string, string> = {};
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name !== 'pipeline.yml') {
        files[relative(folder, path).split('\\').join('/')] = (await readFile(path)).toString(
          'base64',
        );
      }
    }
  };
  await walk(folder);
  return {
    Definition: await readFile(join(folder, 'pipeline.yml'), 'utf8'),
    DefinitionFileName: 'pipeline.yml',
    Files: files,
  };
}

export { processRunning, until } from '../support/polling.js';
