/**
 * `millrace login` and `logout` through the real CLI against the real `millrace server` (a child
 * process with a home of its own; server-process.ts): the stored token works on the server, for
 * `/me` and for `millrace ml … --server`, the file is readable by its owner only, and
 * `readStoredToken` finds it. Users and service principals are added through the admin API as
 * the admin the first start created.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredToken } from '../../../src/cli/stored-credentials.js';
import {
  signIn,
  startServerProcess,
  stopServerProcess,
  type ServerProcess,
} from '../../server/server-process.js';
import { createIdentityCliHome, type IdentityCliHome } from './identity-cli.js';

const PASSWORD = 'login test password';

describe('millrace login', { timeout: 60_000 }, () => {
  let serverHome: string;
  let server: ServerProcess;
  let url: string;
  let cli: IdentityCliHome;
  let robot: { clientId: string; secret: string };

  /** Calls the admin API as `admin`. */
  async function asAdmin(path: string, body: unknown): Promise<Record<string, string>> {
    const token = await signIn(url, 'admin', server.adminPassword ?? '');
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, `POST ${path}`).toBeLessThan(300);
    return (await response.json()) as Record<string, string>;
  }

  beforeAll(async () => {
    serverHome = await mkdtemp(join(tmpdir(), 'millrace-login-server-'));
    server = await startServerProcess(serverHome);
    url = server.origin;
    await asAdmin('/identity/users', { name: 'lena', password: PASSWORD });
    await asAdmin('/identity/roleAssignments', { principal: 'lena', role: 'Reader', scope: 'ml' });
    const added = await asAdmin('/identity/servicePrincipals', { displayName: 'automation' });
    robot = { clientId: added.clientId ?? '', secret: added.secret ?? '' };
    cli = await createIdentityCliHome();
  });

  afterAll(async () => {
    await cli?.dispose();
    if (server !== undefined) await stopServerProcess(server.child);
    if (serverHome !== undefined) await rm(serverHome, { recursive: true, force: true });
  });

  async function me(token: string): Promise<{ name: string; type: string }> {
    const response = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as { name: string; type: string };
  }

  it('stores a token for a user that the server accepts, in a file only its owner reads', async () => {
    const outcome = await cli.millrace(
      ['login', '--server', `${url}/`, '--user', 'lena', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain(`Logged in to ${url} as lena`);
    expect(outcome.stdout).not.toContain(PASSWORD);

    const file = join(cli.home, 'credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const stored = readStoredToken(cli.environment);
    expect(stored?.server).toBe(url);
    expect(Date.parse(stored!.expiresAt)).toBeGreaterThan(Date.now());
    expect(await me(stored!.accessToken)).toMatchObject({ name: 'lena', type: 'User' });

    expect(readStoredToken(cli.environment, { server: `${url}/` })).toEqual(stored);
    expect(readStoredToken(cli.environment, { server: 'http://elsewhere:1' })).toBeUndefined();
    expect(
      readStoredToken(cli.environment, { now: new Date(Date.parse(stored!.expiresAt)) }),
    ).toBeUndefined();

    // Later commands use it: lena reads ML pipelines (Reader on ml).
    const listed = await cli.json<{ value: unknown[] }>([
      'ml',
      'pipelines',
      '--server',
      url,
      '--json',
    ]);
    expect(listed).toEqual({ value: [] });
  });

  it('logs a service principal in with client credentials (MILLRACE_SERVER names the server)', async () => {
    cli.environment.MILLRACE_SERVER = url;
    try {
      const outcome = await cli.millrace(
        ['login', '--client-id', robot.clientId, '--client-secret-stdin'],
        robot.secret,
      );
      expect(outcome.code).toBe(0);
      const stored = readStoredToken(cli.environment, { server: url });
      expect(await me(stored!.accessToken)).toMatchObject({
        name: 'automation',
        type: 'ServicePrincipal',
      });
    } finally {
      delete cli.environment.MILLRACE_SERVER;
    }
  });

  it('reports a wrong password in OAuth terms and keeps the previous token', async () => {
    const before = readStoredToken(cli.environment);
    const outcome = await cli.millrace(
      ['login', '--server', url, '--user', 'lena', '--password-stdin'],
      'not the password',
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('error invalid_grant: ');
    expect(outcome.stderr).not.toContain('not the password');
    expect(readStoredToken(cli.environment)).toEqual(before);
  });

  it('refuses incomplete requests with exit status 2', async () => {
    const cases = [
      ['login', '--server', url],
      ['login', '--server', url, '--user', 'lena', '--client-id', 'x'],
      // No terminal to type the password at, and no --password-stdin.
      ['login', '--server', url, '--user', 'lena'],
    ];
    for (const args of cases) {
      const outcome = await cli.millrace(args, 'whatever');
      expect(outcome.code, args.join(' ')).toBe(2);
      expect(outcome.stderr, args.join(' ')).toContain('error CLI_INVALID_ARGUMENT: ');
    }
  });

  it('says when the server cannot be reached', async () => {
    const outcome = await cli.millrace(
      ['login', '--server', 'http://127.0.0.1:1', '--user', 'lena', '--password-stdin'],
      PASSWORD,
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('cannot reach http://127.0.0.1:1');
  });

  it('logout forgets the token', async () => {
    const outcome = await cli.millrace(['logout']);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain(`Logged out of ${url}`);
    expect(readStoredToken(cli.environment)).toBeUndefined();
    expect((await cli.millrace(['logout'])).stdout).toContain('Not logged in.');
  });
});
