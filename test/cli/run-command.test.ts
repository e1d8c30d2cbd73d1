/**
 * `millrace run` and `millrace runs …` as users call them: the real CLI in a child process, a
 * SQLite store in a temporary folder.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MILLRACE = fileURLToPath(new URL('../../bin/millrace', import.meta.url));
const fixture = (path: string): string =>
  fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let folder: string;
let db: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'millrace-run-cli-'));
  db = join(folder, 'millrace.db');
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function millrace(args: readonly string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(MILLRACE, args, {
      env: { ...process.env, MILLRACE_HOME: folder },
      encoding: 'utf8',
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface Report {
  readonly runId: string;
  readonly pipelineName: string;
  readonly status: string;
  readonly message: string;
  readonly output: unknown;
  readonly activityRuns: readonly {
    activityName: string;
    activityType: string;
    status: string;
    input: unknown;
    output: unknown;
    error: unknown;
    scope: string;
    copiedFromActivityRunId?: string;
  }[];
  readonly childRuns: readonly Report[];
}

describe('millrace run', () => {
  it('runs a pipeline to its end and prints the run as JSON', async () => {
    const outcome = await millrace([
      'run',
      fixture('pipelines/set-and-append-variables/pipeline.json'),
      '--db',
      db,
      '--json',
      '--param',
      'suffix=nightly',
    ]);
    expect(outcome.code).toBe(0);
    const report = JSON.parse(outcome.stdout) as Report;
    expect(report).toMatchObject({
      pipelineName: 'Variables',
      status: 'Succeeded',
      message: '',
      output: { items: ['run-nightly', 2], count: 2 },
    });
    expect(report.activityRuns.map((a) => [a.activityName, a.activityType, a.status])).toEqual([
      ['SetName', 'SetVariable', 'Succeeded'],
      ['AppendOne', 'AppendVariable', 'Succeeded'],
      ['AppendTwo', 'AppendVariable', 'Succeeded'],
      ['Return', 'SetVariable', 'Succeeded'],
    ]);
    for (const activity of report.activityRuns)
      expect(Object.keys(activity)).toEqual(
        expect.arrayContaining([
          'activityName',
          'activityType',
          'status',
          'input',
          'output',
          'error',
        ]),
      );
  });

  it('lists nested activity runs and child runs', async () => {
    const outcome = await millrace([
      'run',
      fixture('cli/nested-factory'),
      '--pipeline',
      'Outer',
      '--db',
      db,
      '--json',
    ]);
    expect(outcome.code, outcome.stderr).toBe(0);
    const report = JSON.parse(outcome.stdout) as Report;
    expect(
      report.activityRuns.map((a) => (a.scope ? `${a.scope}/${a.activityName}` : a.activityName)),
    ).toEqual(['Rows', 'Rows[0]/RunInner', 'Rows[1]/RunInner']);
    expect(report.childRuns.map((child) => child.activityRuns.length).sort()).toEqual([2, 3]);
  });

  it('masks secure input, secure output and SecureString parameters, and never stores the secure input', async () => {
    const outcome = await millrace([
      'run',
      fixture('pipelines/secure-input-output/pipeline.json'),
      '--db',
      db,
      '--json',
    ]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).not.toContain('s3cret');
    const report = JSON.parse(outcome.stdout) as Report & { parameters: Record<string, unknown> };
    expect(report.parameters).toEqual({ apiKey: '**********' });
    expect(report.activityRuns[0]).toMatchObject({
      activityName: 'UseKey',
      input: '**********',
      output: '**********',
    });
    expect(report.output).toEqual({ tokenLength: 17 });
    const shown = await millrace(['runs', 'show', report.runId, '--db', db, '--json']);
    expect(shown.stdout).not.toContain('s3cret');
  });

  it('shows live progress without --json and exits 1 when the run fails', async () => {
    const outcome = await millrace([
      'run',
      fixture('pipelines/failure-skips-downstream/pipeline.json'),
      '--db',
      db,
    ]);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/✖ A Failed.*E1 boom/);
    expect(outcome.stdout).toMatch(/○ B Skipped/);
    expect(outcome.stdout).toMatch(/■ FailureSkips Failed/);
  });

  it.each([
    [['run', '/nonexistent/factory'], 'FACTORY_INVALID'],
    [['run', 'PIPELINES', '--db', 'DB'], 'RUN_PIPELINE_REQUIRED'],
    [['run', 'PIPELINES', '--pipeline', 'Nope', '--db', 'DB'], 'RUN_UNKNOWN_PIPELINE'],
    [['run', 'VARIABLES', '--param', 'unknown=1', '--db', 'DB'], 'RUN_INVALID_PARAMETERS'],
    [['run', 'VARIABLES', '--param', 'oops', '--db', 'DB'], 'RUN_INVALID_PARAMETERS'],
  ])('exits 2 on invalid input: %j', async (args, code) => {
    const resolved = args.map((arg) =>
      arg === 'PIPELINES'
        ? fixture('factories/git-factory')
        : arg === 'VARIABLES'
          ? fixture('pipelines/set-and-append-variables/pipeline.json')
          : arg === 'DB'
            ? db
            : arg,
    );
    const outcome = await millrace(resolved);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(code);
  });
});

describe('millrace runs', () => {
  it('lists and shows recorded runs', async () => {
    const first = JSON.parse(
      (await millrace(['run', fixture('pipelines/try-catch/pipeline.json'), '--db', db, '--json']))
        .stdout,
    ) as Report;
    const listed = JSON.parse(
      (await millrace(['runs', 'list', '--db', db, '--pipeline', 'TryCatch', '--json'])).stdout,
    ) as { value: { runId: string; status: string }[] };
    expect(listed.value[0]).toMatchObject({ runId: first.runId, status: 'Succeeded' });
    const shown = await millrace(['runs', 'show', first.runId, '--db', db]);
    expect(shown.stdout).toMatch(/Failed\s+Try \(Fail\): E1 boom/);
    expect(shown.stdout).toMatch(/Succeeded\s+Catch \(NoOp\)/);
    expect((await millrace(['runs', 'show', 'no-such-run', '--db', db])).code).toBe(2);
  });

  it('reruns from the failed activity, keeping what succeeded', async () => {
    const work = await mkdtemp(join(folder, 'rerun-'));
    const failed = await millrace([
      'run',
      fixture('cli/rerun.json'),
      '--db',
      db,
      '--param',
      `folder=${work}`,
      '--json',
    ]);
    expect(failed.code).toBe(1);
    const first = JSON.parse(failed.stdout) as Report;
    expect(first.activityRuns.map((a) => a.status)).toEqual(['Succeeded', 'Failed']);

    await writeFile(join(work, 'ready'), '');
    const rerun = await millrace([
      'runs',
      'rerun',
      first.runId,
      '--from-failure',
      '--db',
      db,
      '--json',
    ]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const second = JSON.parse(rerun.stdout) as Report;
    expect(second.runId).not.toBe(first.runId);
    const extract = second.activityRuns.find((a) => a.activityName === 'Extract');
    expect(extract?.copiedFromActivityRunId).toBeDefined();
    expect(second.activityRuns.find((a) => a.activityName === 'Load')?.status).toBe('Succeeded');
    expect((await readFile(join(work, 'extract.log'), 'utf8')).trim().split('\n')).toHaveLength(1);

    const whole = JSON.parse(
      (await millrace(['runs', 'rerun', first.runId, '--db', db, '--json'])).stdout,
    ) as Report;
    expect(whole.activityRuns.every((a) => a.copiedFromActivityRunId === undefined)).toBe(true);
    expect((await readFile(join(work, 'extract.log'), 'utf8')).trim().split('\n')).toHaveLength(2);

    const listed = JSON.parse(
      (await millrace(['runs', 'list', '--db', db, '--pipeline', 'RerunFromFailure', '--json']))
        .stdout,
    ) as { value: { runId: string; isLatest: boolean; runGroupId: string }[] };
    expect(listed.value.map((run) => [run.runId, run.isLatest])).toEqual([
      [whole.runId, true],
      [second.runId, false],
      [first.runId, false],
    ]);
    expect(new Set(listed.value.map((run) => run.runGroupId)).size).toBe(1);
  });

  it('cancels a run executing in another process, and its child run', async () => {
    const child = spawn(
      MILLRACE,
      ['run', fixture('cli/cancel-factory'), '--pipeline', 'LongParent', '--db', db, '--json'],
      {
        env: { ...process.env, MILLRACE_HOME: folder },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    let runId: string | undefined;
    for (let tries = 0; tries < 200 && runId === undefined; tries++) {
      const listed = JSON.parse(
        (
          await millrace([
            'runs',
            'list',
            '--db',
            db,
            '--pipeline',
            'LongChild',
            '--status',
            'InProgress',
            '--json',
          ])
        ).stdout,
      ) as { value: { parentRunId: string }[] };
      runId = listed.value[0]?.parentRunId;
      if (runId === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(runId).toBeDefined();
    const cancelled = await millrace(['runs', 'cancel', runId as string, '--db', db]);
    expect(cancelled.code).toBe(0);
    expect(await exited).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.status).toBe('Cancelled');
    expect(report.activityRuns.map((a) => a.status)).toEqual(['Cancelled', 'Cancelled']);
    expect(report.childRuns[0]?.status).toBe('Cancelled');
    expect(report.childRuns[0]?.activityRuns[0]?.status).toBe('Cancelled');
  }, 30_000);
});
