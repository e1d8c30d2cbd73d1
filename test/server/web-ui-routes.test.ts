/**
 * The server serves the built web UI: the page at every path its router owns, hashed assets with a
 * long cache, a clear page when the UI is not built — all without a token, while the APIs still
 * need one.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServer, type ServerSession } from '../../src/cli/server-setup.js';

const INDEX = '<!doctype html><html><body><div id="root"></div>test page</body></html>';
const SCRIPT = 'console.log("the app");';

interface Served {
  readonly session: ServerSession;
  readonly origin: string;
}

const opened: { home: string; served: Served }[] = [];

async function serve(webUiFolder: string): Promise<Served> {
  const home = await mkdtemp(join(tmpdir(), 'millrace-web-ui-'));
  const session = await openServer({
    environment: { ...process.env, MILLRACE_HOME: home, MILLRACE_WEB_UI: webUiFolder },
    factoryName: 'web-ui-test',
  });
  await session.app.listen({ port: 0, host: '127.0.0.1' });
  const address = session.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const served = { session, origin: `http://127.0.0.1:${port}` };
  opened.push({ home, served });
  return served;
}

let folder: string;
let built: Served;
let unbuilt: Served;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'millrace-web-build-'));
  await mkdir(join(folder, 'assets'));
  await writeFile(join(folder, 'index.html'), INDEX);
  await writeFile(join(folder, 'assets', 'index-Ab12Cd.js'), SCRIPT);
  built = await serve(folder);
  unbuilt = await serve(join(folder, 'not-there'));
}, 60_000);

afterAll(async () => {
  for (const { home, served } of opened) {
    await served.session.close();
    await rm(home, { recursive: true, force: true });
  }
  await rm(folder, { recursive: true, force: true });
});

describe('the web UI', () => {
  it.each(['/', '/sign-in', '/factories', '/factories/f/pipelines/Score%20Loans', '/ml/runs/abc'])(
    'serves the page at %s without a token, never cached stale',
    async (path) => {
      const response = await fetch(`${built.origin}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(INDEX);
    },
  );

  it('serves hashed assets for a year, and 404 for a missing one', async () => {
    const response = await fetch(`${built.origin}/assets/index-Ab12Cd.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    expect(await response.text()).toBe(SCRIPT);
    expect((await fetch(`${built.origin}/assets/nothing.js`)).status).toBe(404);
    expect((await fetch(`${built.origin}/assets/../index.html`)).status).not.toBe(200);
  });

  it('leaves the APIs behind their tokens', async () => {
    const factories = await fetch(
      `${built.origin}/subscriptions/s/resourceGroups/r/providers/Microsoft.DataFactory/factories`,
    );
    expect(factories.status).toBe(401);
  });

  it('lists the hosted factory in Data Factory’s shape for a signed-in reader', async () => {
    const { session, origin } = built;
    await session.identity.addUser('reader', 'a-long-enough-password-1');
    await session.identity.grantRole('reader', 'Reader', 'factory');
    const { access_token: token } = await session.identity.tokenForPassword(
      'reader',
      'a-long-enough-password-1',
    );
    const response = await fetch(
      `${origin}/subscriptions/s/resourceGroups/r/providers/Microsoft.DataFactory/factories`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      value: [
        {
          id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.DataFactory/factories/web-ui-test',
          name: 'web-ui-test',
          type: 'Microsoft.DataFactory/factories',
          properties: { provisioningState: 'Succeeded' },
        },
      ],
    });
  });

  it('says how to build the UI when it is not built, and still serves the APIs', async () => {
    const response = await fetch(`${unbuilt.origin}/factories/f/runs`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
    expect((await fetch(`${unbuilt.origin}/health`)).status).toBe(200);
  });
});
