/**
 * `millrace ml …` against a Millrace server (`--server`, MILLRACE_SERVER): the real CLI in a
 * child process talks HTTP to a real server on 127.0.0.1 (composed as `millrace server` composes
 * it) whose store lives in another temporary home, so nothing can reach the CLI's own home by
 * accident. The CLI signs in with `millrace login`, MILLRACE_TOKEN, or a service principal's
 * MILLRACE_CLIENT_ID and MILLRACE_CLIENT_SECRET; refusals exit 1 and never print a secret.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServer, type ServerSession } from '../../src/cli/server-setup.js';
import { serverEnvironment } from '../server/server-harness.js';
import { CLI_PIPELINE, createMlCliHome, type MlCliHome, type RunJson } from './ml-cli-harness.js';

const PASSWORD = 'ml-cli-user-password';

let serverHome: string;
let server: ServerSession;
let origin: string;
let cli: MlCliHome;
/** A service principal that may submit and read runs, not list pipelines. */
let submitter: { clientId: string; secret: string };
/** A service principal with Contributor on the ML workspace. */
let automation: { clientId: string; secret: string };

beforeAll(async () => {
  serverHome = await mkdtemp(join(tmpdir(), 'millrace-ml-cli-server-'));
  const raw = join(serverHome, 'datastores', 'workspaceblobstore', 'cli', 'raw');
  await mkdir(raw, { recursive: true });
  await writeFile(join(raw, 'a.txt'), 'x\ny\n');
  server = await openServer({ environment: serverEnvironment(serverHome), factoryName: 'cli' });
  const { identity } = server;
  await identity.ensureAdmin();
  await identity.addUser('ml-author', PASSWORD);
  await identity.grantRole('ml-author', 'Contributor', 'ml');
  submitter = await identity.addServicePrincipal('adf-linked-service');
  await identity.grantRole(submitter.clientId, 'ML Pipeline Submitter', 'ml');
  automation = await identity.addServicePrincipal('automation');
  await identity.grantRole(automation.clientId, 'Contributor', 'ml');
  origin = await server.app.listen({ port: 0, host: '127.0.0.1' });

  cli = await createMlCliHome();
  const login = await cli.millrace(
    ['login', '--server', origin, '--user', 'ml-author', '--password-stdin'],
    `${PASSWORD}\n`,
  );
  if (login.code !== 0) throw new Error(`millrace login failed: ${login.stderr}`);
});

afterAll(async () => {
  await cli?.dispose();
  await server?.close();
  if (serverHome !== undefined) await rm(serverHome, { recursive: true, force: true });
});

async function withHome<T>(
  environment: NodeJS.ProcessEnv,
  use: (home: MlCliHome) => Promise<T>,
): Promise<T> {
  const home = await createMlCliHome(environment);
  try {
    return await use(home);
  } finally {
    await home.dispose();
  }
}

describe('millrace ml --server', { timeout: 60_000 }, () => {
  it('publishes and runs on the server as the user `millrace login` signed in, printing the same JSON as the embedded workspace', async () => {
    const remote = ['--server', origin];
    const { id } = await cli.json<{ id: string }>([
      'ml',
      'publish',
      CLI_PIPELINE,
      '--json',
      ...remote,
    ]);
    const outcome = await cli.millrace([
      'ml',
      'submit',
      id,
      '--experiment',
      'remote',
      '--watch',
      '--json',
      ...remote,
    ]);
    expect(outcome.code, outcome.stderr).toBe(0);
    const run = JSON.parse(outcome.stdout) as RunJson;
    expect(run).toMatchObject({ experimentName: 'remote', status: 'Completed' });
    expect(run.steps.find((s) => s.name === 'prep')?.metrics).toEqual({ rows: 2 });

    const log = await cli.millrace(['ml', 'logs', run.id, 'prep', ...remote]);
    expect(log.stdout).toContain('prep wrote 2 rows');
    // Nothing went to the CLI's own home: no database, no worker.
    expect(await readdir(cli.home)).not.toContain('millrace.db');
  });

  it('publishes to an endpoint only when the definition or code changed (--skip-if-unchanged)', async () => {
    const remote = ['--server', origin];
    const publish = () =>
      cli.json<{ id: string; unchanged: boolean; endpoint: { version: string } }>([
        'ml',
        'publish',
        CLI_PIPELINE,
        '--endpoint',
        'deployed-once',
        '--default',
        '--skip-if-unchanged',
        '--json',
        ...remote,
      ]);
    const first = await publish();
    const second = await publish();
    expect(first).toMatchObject({ unchanged: false, endpoint: { version: '0' } });
    expect(second).toMatchObject({ id: first.id, unchanged: true, endpoint: { version: '0' } });
    const text = await cli.millrace([
      'ml',
      'publish',
      CLI_PIPELINE,
      '--endpoint',
      'deployed-once',
      '--skip-if-unchanged',
      ...remote,
    ]);
    expect(text.stdout).toContain(`Unchanged: deployed-once version 0 already runs cli_flow`);
  });

  it('uses MILLRACE_SERVER when no --server is given, signed in with MILLRACE_TOKEN', async () => {
    const token = (await server.identity.tokenForPassword('ml-author', PASSWORD)).access_token;
    await withHome({ MILLRACE_SERVER: origin, MILLRACE_TOKEN: token }, async (home) => {
      const listed = await home.json<{ value: { name: string }[] }>(['ml', 'pipelines', '--json']);
      expect(listed.value.map((p) => p.name)).toContain('cli_flow');
    });
  });

  it('signs a service principal in with MILLRACE_CLIENT_ID and MILLRACE_CLIENT_SECRET', async () => {
    const environment = {
      MILLRACE_CLIENT_ID: automation.clientId,
      MILLRACE_CLIENT_SECRET: automation.secret,
    };
    await withHome(environment, async (home) => {
      const outcome = await home.millrace(['ml', 'pipelines', '--server', origin, '--json']);
      expect(outcome.code, outcome.stderr).toBe(0);
      const listed = JSON.parse(outcome.stdout) as { value: { name: string }[] };
      expect(listed.value.map((p) => p.name)).toContain('cli_flow');
      expect(outcome.stdout + outcome.stderr).not.toContain(automation.secret);
    });
  });

  it('reports a wrong client secret with exit status 1 and never prints it', async () => {
    const wrongSecret = 'not-the-secret-0a1b2c3d';
    const environment = {
      MILLRACE_CLIENT_ID: automation.clientId,
      MILLRACE_CLIENT_SECRET: wrongSecret,
    };
    await withHome(environment, async (home) => {
      const outcome = await home.millrace(['ml', 'pipelines', '--server', origin]);
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toMatch(/^error ML_SERVER_UNAUTHORIZED: /);
      expect(outcome.stderr).toContain('invalid_client');
      expect(outcome.stderr + outcome.stdout).not.toContain(wrongSecret);
    });
  });

  it('reports an invalid token with exit status 1, the reason and `millrace login`, never the token', async () => {
    const token = (await server.identity.tokenForPassword('ml-author', PASSWORD)).access_token;
    const altered = `${token.slice(0, -6)}AAAAAA`;
    await withHome({ MILLRACE_TOKEN: altered }, async (home) => {
      const outcome = await home.millrace(['ml', 'runs', '--server', origin]);
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toMatch(/^error ML_SERVER_UNAUTHORIZED: .*AUTH_INVALID_TOKEN/);
      expect(outcome.stderr).toContain(`millrace login --server ${origin}`);
      expect(outcome.stderr + outcome.stdout).not.toContain(altered.slice(0, 40));
    });
  });

  it('reports a permission the principal lacks with exit status 1, naming it', async () => {
    const environment = {
      MILLRACE_CLIENT_ID: submitter.clientId,
      MILLRACE_CLIENT_SECRET: submitter.secret,
    };
    await withHome(environment, async (home) => {
      const outcome = await home.millrace(['ml', 'pipelines', '--server', origin]);
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toMatch(/^error ML_SERVER_FORBIDDEN: /);
      expect(outcome.stderr).toContain('ml/pipelines/read');
      expect(outcome.stderr).toContain('ML Pipeline Submitter on ml');
      expect(outcome.stderr + outcome.stdout).not.toContain(submitter.secret);
      // What its role allows works: it submits by id, which it cannot look up in a list.
      const { value } = await cli.json<{ value: { id: string }[] }>([
        'ml',
        'pipelines',
        '--server',
        origin,
        '--json',
      ]);
      const submitted = await home.millrace([
        'ml',
        'submit',
        value[0]?.id ?? '',
        '--experiment',
        'by-submitter',
        '--server',
        origin,
      ]);
      expect(submitted.code, submitted.stderr).toBe(0);
    });
  });

  it('says how to sign in when it has no credentials for the server (exit status 2)', async () => {
    await withHome({}, async (home) => {
      const outcome = await home.millrace(['ml', 'pipelines', '--server', `${origin}/`]);
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toContain(
        `Not signed in to ${origin}: run \`millrace login --server ${origin}\``,
      );
    });
    await withHome({ MILLRACE_CLIENT_ID: automation.clientId }, async (home) => {
      const outcome = await home.millrace(['ml', 'pipelines', '--server', origin]);
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toContain('MILLRACE_CLIENT_SECRET is not set');
    });
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
