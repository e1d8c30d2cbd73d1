/**
 * `millrace server` as users start it (server-process.ts) with a Millrace home in a temporary
 * folder: the first start prints the admin's one-time password and later starts do not; signing
 * in with it through `millrace login` lets `millrace ml … --server` work, across a restart; and
 * SIGTERM waits for a run before exiting. The `millrace login` and `ml` commands run
 * `bin/millrace` (`npm run build` first) with a home of their own.
 */
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMlWorkspace } from '../../src/cli/ml-workspace-setup.js';
import { readStoredToken } from '../../src/cli/stored-credentials.js';
import { MlWorkspaceClient } from '../../src/ml/workspace/ml-workspace-client.js';
import { createIdentityCliHome, type IdentityCliHome } from '../cli/identity/identity-cli.js';
import { FIXTURES, serverEnvironment, until } from './server-harness.js';
import {
  MAIN,
  signIn,
  startServerProcess,
  stopServerProcess,
  type ServerProcess,
} from './server-process.js';

// Each start compiles the CLI through tsx, which takes a few seconds.
describe('millrace server', { timeout: 90_000 }, () => {
  let home: string;
  let started: ServerProcess | undefined;
  let cli: IdentityCliHome | undefined;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'millrace-server-cli-'));
  });
  afterEach(async () => {
    if (started) await stopServerProcess(started.child);
    started = undefined;
    await cli?.dispose();
    cli = undefined;
    await rm(home, { recursive: true, force: true });
  });

  it('prints the admin password on the first start only; signed in with it, `ml` commands work', async () => {
    started = await startServerProcess(home);
    const password = started.adminPassword;
    expect(password, started.output()).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(started.output()).toContain('Created the user "admin" (Owner of everything)');
    expect(started.output().split(password!)).toHaveLength(2);
    const health = await fetch(`${started.origin}/health`);
    expect(health.status).toBe(200);

    cli = await createIdentityCliHome();
    const before = await cli.millrace(['ml', 'pipelines', '--server', started.origin]);
    expect(before.code).toBe(2);
    expect(before.stderr).toContain(`millrace login --server ${started.origin}`);

    const login = await cli.millrace(
      ['login', '--server', started.origin, '--user', 'admin', '--password-stdin'],
      `${password}\n`,
    );
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout + login.stderr).not.toContain(password);
    const listed = await cli.json<{ value: unknown[] }>([
      'ml',
      'pipelines',
      '--server',
      started.origin,
      '--json',
    ]);
    expect(listed).toEqual({ value: [] });

    // A second start on the same home: no new admin, no password, and the kept token still works
    // (signing keys live in the store). The port changed, so it is given as MILLRACE_TOKEN.
    expect(await stopServerProcess(started.child)).toBe(0);
    started = await startServerProcess(home);
    expect(started.adminPassword).toBeUndefined();
    expect(started.output()).not.toContain('one-time password');
    expect(started.output()).not.toContain(password);
    const elsewhere = await cli.millrace(['ml', 'pipelines', '--server', started.origin]);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain(`Not signed in to ${started.origin} (the kept token is for`);
    const kept = readStoredToken(cli.environment);
    expect(kept).toBeDefined();
    cli.environment.MILLRACE_TOKEN = kept!.accessToken;
    const afterRestart = await cli.millrace(['ml', 'pipelines', '--server', started.origin]);
    expect(afterRestart.code, afterRestart.stderr).toBe(0);
    expect(afterRestart.stdout + afterRestart.stderr).not.toContain(kept!.accessToken);
  });

  it('on SIGTERM waits for the run it executes', async () => {
    started = await startServerProcess(home);
    const token = await signIn(started.origin, 'admin', started.adminPassword ?? '');
    const client = new MlWorkspaceClient({ baseUrl: started.origin, credentials: { token } });
    const { pipeline } = await client.publish(
      { kind: 'file', file: join(FIXTURES, 'sleepy/pipeline.yml') },
      {},
    );
    const run = await client.submit(
      { kind: 'pipeline', pipelineId: pipeline.id },
      { experimentName: 'shutdown', parameterAssignments: { seconds: '2' } },
    );
    await until(
      () => client.readStepLog(run.id, 'nap', 'stdout'),
      (text) => text.includes('pid'),
      'the step to start',
    );
    const code = await stopServerProcess(started.child);
    expect(code).toBe(0);
    expect(started.output()).toMatch(/SIGTERM: stopping; waiting[^]*Millrace server stopped\./);

    const session = await openMlWorkspace({ environment: serverEnvironment(home) });
    try {
      const { run: finished } = await session.workspace.getRun(run.id);
      expect(finished.status).toBe('Completed');
    } finally {
      await session.close();
    }
  });

  it('refuses a port that is not a number', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'server', '--port', 'http'], {
      cwd: join(import.meta.dirname, '../..'),
      env: serverEnvironment(home),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toContain('--port http is not a port number');
  });
});
