/**
 * A real ML workspace server for a test file: the embedded workspace (`openMlWorkspace`) on a
 * store of the given adapter, a Millrace home in a temporary folder, and `buildServer` listening
 * on 127.0.0.1 at a free port. `close()` stops the server, waits for the executor, closes the
 * store and removes the database and the folder.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openMlWorkspace, type MlWorkspaceSession } from '../../src/cli/ml-workspace-setup.js';
import { buildServer } from '../../src/server/build-server.js';
import type { StoreAdapterName } from '../support/store-adapters.js';
import { createStoreHarness, type StoreHarness } from '../support/store-harness.js';

export const API_KEY = 'test-key-0123456789';
export const FIXTURES = join(import.meta.dirname, '../fixtures/ml');

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
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
  /** (Default: `Authorization: Bearer <API_KEY>`) */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ServerHarness {
  readonly origin: string;
  /** The workspace's base URL (subscription `sub-1`, resource group `rg-1`, workspace `ws-1`). */
  readonly base: string;
  readonly session: MlWorkspaceSession;
  readonly home: string;
  readonly app: FastifyInstance;
  /** `path` relative to `base` unless it starts with `/`. */
  request(method: string, path: string, options?: RequestOptions): Promise<HttpAnswer>;
  close(): Promise<void>;
}

export const WORKSPACE_PATH =
  '/pipelines/v1.0/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1';

export async function startServer(adapter: StoreAdapterName): Promise<ServerHarness> {
  const store: StoreHarness = await createStoreHarness(adapter);
  const home = await mkdtemp(join(tmpdir(), 'millrace-server-'));
  const session = await openMlWorkspace({
    db: store.location,
    environment: { ...process.env, MILLRACE_HOME: home },
  });
  const app = buildServer({ workspace: session.workspace, apiKey: API_KEY });
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
      ...(options.headers ?? { authorization: `Bearer ${API_KEY}` }),
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
      text,
      json,
    };
  };

  return {
    origin,
    base,
    session,
    home,
    app,
    request,
    async close() {
      await app.close();
      await session.close();
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

/** Polls until `check` holds; gives up (throwing `what`) after about 20 s. */
export async function until<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
): Promise<T> {
  for (let tries = 0; tries < 400; tries++) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Gave up waiting for ${what}.`);
}

/** Whether the process exists and is not a zombie. */
export async function processRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  return stat !== '' && state !== 'Z' && state !== 'X';
}
