/**
 * `millrace ml …` against a Millrace server (`--server`, MILLRACE_SERVER): the real CLI in a
 * child process talks HTTP to a real server on 127.0.0.1 whose embedded workspace lives in
 * another temporary home, so nothing can reach the CLI's own home by accident.
 */
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMlWorkspace, type MlWorkspaceSession } from '../../src/cli/ml-workspace-setup.js';
import { buildServer } from '../../src/server/build-server.js';
import { CLI_PIPELINE, createMlCliHome, type MlCliHome, type RunJson } from './ml-cli-harness.js';

const API_KEY = 'cli-test-key-7f3a9c';

let serverHome: string;
let session: MlWorkspaceSession;
let app: FastifyInstance;
let origin: string;
let cli: MlCliHome;

beforeAll(async () => {
  serverHome = await mkdtemp(join(tmpdir(), 'millrace-ml-cli-server-'));
  const raw = join(serverHome, 'datastores', 'workspaceblobstore', 'cli', 'raw');
  await mkdir(raw, { recursive: true });
  await writeFile(join(raw, 'a.txt'), 'x\ny\n');
  session = await openMlWorkspace({ environment: { ...process.env, MILLRACE_HOME: serverHome } });
  app = buildServer({ workspace: session.workspace, apiKey: API_KEY });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  cli = await createMlCliHome({ MILLRACE_API_KEY: API_KEY });
});

afterAll(async () => {
  await cli?.dispose();
  await app?.close();
  await session?.close();
  await rm(serverHome, { recursive: true, force: true });
});

describe('millrace ml --server', { timeout: 60_000 }, () => {
  it('publishes and runs on the server, printing the same JSON as the embedded workspace', async () => {
    const server = ['--server', origin];
    const { id } = await cli.json<{ id: string }>([
      'ml',
      'publish',
      CLI_PIPELINE,
      '--json',
      ...server,
    ]);
    const outcome = await cli.millrace([
      'ml',
      'submit',
      id,
      '--experiment',
      'remote',
      '--watch',
      '--json',
      ...server,
    ]);
    expect(outcome.code, outcome.stderr).toBe(0);
    const run = JSON.parse(outcome.stdout) as RunJson;
    expect(run).toMatchObject({ experimentName: 'remote', status: 'Completed' });
    expect(run.steps.find((s) => s.name === 'prep')?.metrics).toEqual({ rows: 2 });

    const log = await cli.millrace(['ml', 'logs', run.id, 'prep', ...server]);
    expect(log.stdout).toContain('prep wrote 2 rows');
    // Nothing went to the CLI's own home: no database, no worker.
    expect(await readdir(cli.home)).not.toContain('millrace.db');
  });

  it('uses MILLRACE_SERVER when no --server is given, with the key from $MILLRACE_HOME/api-key', async () => {
    const keyed = await createMlCliHome({ MILLRACE_SERVER: origin });
    try {
      await writeFile(join(keyed.home, 'api-key'), `${API_KEY}\n`);
      const listed = await keyed.json<{ value: { name: string }[] }>(['ml', 'pipelines', '--json']);
      expect(listed.value.map((p) => p.name)).toContain('cli_flow');
    } finally {
      await keyed.dispose();
    }
  });

  it('reports a refused key with exit status 1 and never prints the key', async () => {
    const wrong = await createMlCliHome({ MILLRACE_API_KEY: 'not-the-key-123' });
    try {
      const outcome = await wrong.millrace(['ml', 'pipelines', '--server', origin]);
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toMatch(/^error ML_SERVER_UNAUTHORIZED: /);
      expect(outcome.stderr + outcome.stdout).not.toContain('not-the-key-123');
    } finally {
      await wrong.dispose();
    }
  });

  it('maps workspace errors from the server to the same codes and exit statuses', async () => {
    const outcome = await cli.millrace([
      'ml',
      'submit',
      'no-such-pipeline',
      '--experiment',
      'remote',
      '--server',
      origin,
    ]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^error ML_PIPELINE_NOT_FOUND: /);
  });

  it('refuses --server together with --db', async () => {
    const outcome = await cli.millrace(['ml', 'runs', '--server', origin, '--db', 'x.db']);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('--server and --db');
  });
});
