/**
 * `millrace server` as users start it: the real CLI (through tsx) in a child process with a
 * Millrace home in a temporary folder. Checks the generated key file, that the key is never
 * printed, that requests work, and that SIGTERM waits for a run before exiting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMlWorkspace } from '../../src/cli/ml-workspace-setup.js';
import { MlWorkspaceClient } from '../../src/ml/workspace/ml-workspace-client.js';
import { FIXTURES, until } from './server-harness.js';

const MAIN = join(import.meta.dirname, '../../src/cli/main.ts');

interface Started {
  readonly child: ChildProcess;
  readonly origin: string;
  readonly output: () => string;
}

async function startCli(home: string, environment: NodeJS.ProcessEnv = {}): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, 'server', '--port', '0', '--host', '127.0.0.1'],
    {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...process.env, MILLRACE_API_KEY: '', ...environment, MILLRACE_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  try {
    const listening = await until(
      async () => output,
      (text) => /listening on http:\/\/\S+/.test(text) || child.exitCode !== null,
      'the server to listen',
    );
    const origin = /listening on (http:\/\/\S+)/.exec(listening)?.[1];
    if (origin === undefined) throw new Error(`The server did not start:\n${listening}`);
    return { child, origin, output: () => output };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

// Each start compiles the CLI through tsx, which takes a few seconds.
describe('millrace server', { timeout: 60_000 }, () => {
  let home: string;
  let started: Started | undefined;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'millrace-server-cli-'));
  });
  afterEach(async () => {
    if (started) await stop(started.child);
    started = undefined;
    await rm(home, { recursive: true, force: true });
  });

  it('writes a key file readable by its owner only, never prints the key, and serves requests', async () => {
    started = await startCli(home);
    const keyFile = join(home, 'api-key');
    const key = (await readFile(keyFile, 'utf8')).trim();
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(started.output()).toContain(`Wrote a new API key to ${keyFile} (mode 0600).`);
    expect(started.output()).not.toContain(key);

    const health = await fetch(`${started.origin}/health`);
    expect(health.status).toBe(200);
    const client = new MlWorkspaceClient({ baseUrl: started.origin, apiKey: key });
    expect(await client.listPipelines({ activeOnly: true })).toEqual([]);
    const anonymous = new MlWorkspaceClient({ baseUrl: started.origin });
    await expect(anonymous.listPipelines({ activeOnly: true })).rejects.toMatchObject({
      code: 'ML_SERVER_UNAUTHORIZED',
    });

    // A second start reads the same key.
    expect(await stop(started.child)).toBe(0);
    started = await startCli(home);
    expect(started.output()).toContain(`API key: ${keyFile}`);
    expect((await readFile(keyFile, 'utf8')).trim()).toBe(key);
  });

  it('takes the key from MILLRACE_API_KEY, and on SIGTERM waits for the run it executes', async () => {
    started = await startCli(home, { MILLRACE_API_KEY: 'key-from-the-environment' });
    expect(started.output()).toContain('API key: from MILLRACE_API_KEY');
    const client = new MlWorkspaceClient({
      baseUrl: started.origin,
      apiKey: 'key-from-the-environment',
    });
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
    const code = await stop(started.child);
    expect(code).toBe(0);
    expect(started.output()).toMatch(/SIGTERM: stopping; waiting[^]*Millrace server stopped\./);

    const session = await openMlWorkspace({ environment: { ...process.env, MILLRACE_HOME: home } });
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
      env: { ...process.env, MILLRACE_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toContain('--port http is not a port number');
  });
});
