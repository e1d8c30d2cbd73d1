import { spawnSync } from 'node:child_process';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processGroupAlive } from '../../src/processes/process-group.js';
import { runCommandStep } from '../../src/ml/steps/command-step-runner.js';
import type { CommandStepLaunch, CommandStepResult } from '../../src/ml/steps/step-launch.js';
import { killLeftoverGroups } from '../support/process-groups.js';

const NODE = JSON.stringify(process.execPath);
const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

let base: string;
let workingFolder: string;
let logFolder: string;
let codeFolder: string;
/** Groups started by a test, stopped afterwards even when an assertion failed first. */
const groups: number[] = [];

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'millrace-command-step-')));
  workingFolder = join(base, 'work');
  logFolder = join(base, 'logs');
  codeFolder = join(base, 'snapshot');
  await Promise.all([mkdir(workingFolder), mkdir(logFolder), mkdir(codeFolder)]);
});
afterEach(async () => {
  killLeftoverGroups(groups);
  await rm(base, { recursive: true, force: true });
});

function launch(overrides: Partial<CommandStepLaunch> & { command: string }): CommandStepLaunch {
  return {
    stepRunId: 'step-run-1',
    stepName: 'train',
    workingFolder,
    logFolder,
    environment: {},
    signal: new AbortController().signal,
    ...overrides,
  };
}

const readLog = (name: 'stdout.txt' | 'stderr.txt'): Promise<string> =>
  readFile(join(logFolder, name), 'utf8');

async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The group id the command wrote to `group.pid` in the working folder, once it is there. */
async function startedGroup(): Promise<number> {
  const group = await waitFor(async () => {
    const text = await readFile(join(workingFolder, 'group.pid'), 'utf8').catch(() => '');
    return text.endsWith('\n') ? Number(text) : undefined;
  });
  groups.push(group);
  return group;
}

/** A shell command whose tree has a background grandchild and a foreground one. */
const TREE = 'echo $$ > group.pid; sleep 30 & sleep 30; wait';

describe('runCommandStep', () => {
  it('succeeds with metrics and tags a Node script logs, in the code folder copy', async () => {
    await writeFile(
      join(codeFolder, 'train.mjs'),
      [
        "const log = (entry) => console.log('##millrace ' + JSON.stringify(entry));",
        "console.log('training');",
        "for (const loss of [0.9, 0.5, 0.2]) log({ metric: 'loss', value: loss });",
        "log({ metric: 'converged', value: true });",
        "log({ tag: 'model', value: 'gbm' });",
        "log({ tag: 'model', value: 'rf' });",
        "log({ tag: 'cwd', value: process.cwd() });",
      ].join('\n'),
    );
    const result = await runCommandStep(launch({ command: `${NODE} train.mjs`, codeFolder }));

    expect(result).toMatchObject({
      outcome: 'succeeded',
      exitCode: 0,
      exitSignal: null,
      failure: null,
      tags: { model: 'rf', cwd: join(workingFolder, 'code') },
    });
    expect(result.metrics.map(({ name, value }) => [name, value])).toEqual([
      ['loss', 0.9],
      ['loss', 0.5],
      ['loss', 0.2],
      ['converged', true],
    ]);
    for (const metric of result.metrics)
      expect(new Date(metric.loggedAt).toISOString()).toBe(metric.loggedAt);
    expect(result.durationMs).toBeGreaterThan(0);
    // Protocol lines stay in the log.
    expect(await readLog('stdout.txt')).toContain('training\n##millrace {"metric":"loss"');
  });

  it('succeeds with metrics and tags a Python script logs (exit 127 without python3)', async () => {
    await writeFile(
      join(codeFolder, 'train.py'),
      [
        'import json',
        'def log(entry): print("##millrace " + json.dumps(entry), flush=True)',
        'for loss in [0.75, 0.25]: log({"metric": "loss", "value": loss})',
        'log({"metric": "rows", "value": 1200})',
        'log({"tag": "framework", "value": "sklearn"})',
      ].join('\n'),
    );
    const result = await runCommandStep(launch({ command: 'python3 train.py', codeFolder }));

    if (HAS_PYTHON) {
      expect(result).toMatchObject({ outcome: 'succeeded', tags: { framework: 'sklearn' } });
      expect(result.metrics.map(({ name, value }) => [name, value])).toEqual([
        ['loss', 0.75],
        ['loss', 0.25],
        ['rows', 1200],
      ]);
    } else {
      expect(result).toMatchObject({ outcome: 'failed', exitCode: 127 });
      expect(result.failure?.message).toContain('python3');
    }
  });

  it('reads protocol lines the process writes in pieces and with CRLF', async () => {
    await writeFile(
      join(codeFolder, 'pieces.mjs'),
      [
        'const pause = () => new Promise((resolve) => setTimeout(resolve, 30));',
        "for (const piece of ['##mill', 'race {\"metric\": \"acc', 'uracy\", \"value\": 0.5}\\r', '\\n']) {",
        '  process.stdout.write(piece);',
        '  await pause();',
        '}',
        'process.stdout.write(\'##millrace {"tag": "last", "value": "no line break"}\');',
      ].join('\n'),
    );
    const result = await runCommandStep(launch({ command: `${NODE} pieces.mjs`, codeFolder }));

    expect(result.outcome).toBe('succeeded');
    expect(result.metrics.map(({ name, value }) => [name, value])).toEqual([['accuracy', 0.5]]);
    expect(result.tags).toEqual({ last: 'no line break' });
  });

  it('keeps malformed protocol lines in the log and warns about them in stderr.txt', async () => {
    const result = await runCommandStep(
      launch({
        command: [
          `echo '##millrace {"metric": "loss", "value": 1}'`,
          `echo '##millrace {"metric": "loss", "value": }'`,
          `echo '##millrace {"tag": "model", "value": 3}'`,
          `echo '##millrace {"metric": "loss", "value": 2}'`,
        ].join('; '),
      }),
    );

    expect(result).toMatchObject({ outcome: 'succeeded', failure: null, tags: {} });
    expect(result.metrics.map(({ value }) => value)).toEqual([1, 2]);
    expect(await readLog('stdout.txt')).toContain('##millrace {"tag": "model", "value": 3}\n');
    const warnings = (await readLog('stderr.txt')).trimEnd().split('\n');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^\[millrace\] ignored protocol line 2: not valid JSON/);
    expect(warnings[1]).toBe(
      '[millrace] ignored protocol line 3: the value of tag "model" must be a string',
    );
  });

  it('fails with STEP_EXIT_NONZERO, the exit code and the end of stderr', async () => {
    const result = await runCommandStep(
      launch({
        command: `echo started; echo '${'x'.repeat(600)}' >&2; echo 'reading data' >&2; echo 'disk full' >&2; exit 3`,
      }),
    );

    expect(result).toMatchObject({ outcome: 'failed', exitCode: 3, exitSignal: null });
    expect(result.failure).toMatchObject({ code: 'STEP_EXIT_NONZERO', failureType: 'UserError' });
    const message = result.failure?.message ?? '';
    expect(message).toContain('exited with code 3');
    expect(message).toContain('reading data\ndisk full');
    // The 600-character line does not fit in the 500 characters quoted.
    expect(message).not.toContain('xxx');
    expect(await readLog('stderr.txt')).toContain(
      'disk full\n[millrace] The step command exited with code 3.\n',
    );
    expect(await readLog('stdout.txt')).toBe('started\n');
  });

  it('quotes the end of a single stderr line longer than the quote', async () => {
    const result = await runCommandStep(
      launch({ command: `printf 'a%.0s' $(seq 1 700) >&2; echo ' the end' >&2; exit 1` }),
    );

    const message = result.failure?.message ?? '';
    expect(message).toContain('…aaa');
    expect(message).toContain('aaa the end');
    expect(message).not.toContain('a'.repeat(500));
  });

  it('stops the whole tree, grandchildren included, at the timeout', async () => {
    const running = runCommandStep(launch({ command: TREE, timeoutSeconds: 1 }));
    const group = await startedGroup();
    const result = await running;

    expect(result).toMatchObject({ outcome: 'timed-out', exitCode: null, exitSignal: 'SIGTERM' });
    expect(result.failure).toMatchObject({ code: 'STEP_TIMED_OUT', failureType: 'UserError' });
    expect(result.failure?.message).toContain('timeout of 1 seconds');
    expect(await processGroupAlive(group)).toBe(false);
    expect(await readLog('stderr.txt')).toContain(
      '[millrace] The step ran longer than its timeout',
    );
  });

  it('stops the whole tree and ends canceled when the signal aborts', async () => {
    const controller = new AbortController();
    const running = runCommandStep(launch({ command: TREE, signal: controller.signal }));
    const group = await startedGroup();
    expect(await processGroupAlive(group)).toBe(true);
    controller.abort();
    const result = await running;

    expect(result).toMatchObject({ outcome: 'canceled', exitCode: null });
    expect(result.failure).toMatchObject({ code: 'STEP_CANCELED', failureType: 'UserError' });
    expect(await processGroupAlive(group)).toBe(false);
  });

  it('runs nothing when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runCommandStep(
      launch({ command: 'echo ran > ran.txt', signal: controller.signal, codeFolder }),
    );

    expect(result).toMatchObject({ outcome: 'canceled', exitCode: null, exitSignal: null });
    expect(result.failure?.code).toBe('STEP_CANCELED');
    expect(await readdir(workingFolder)).toEqual([]);
  });

  it('runs in a copy of the code folder, with modes and links, leaving the original untouched', async () => {
    await mkdir(join(codeFolder, 'lib'));
    await writeFile(join(codeFolder, 'lib', 'data.txt'), 'original\n');
    await writeFile(join(codeFolder, 'run.sh'), '#!/bin/sh\necho from-script\n', { mode: 0o755 });
    await symlink('lib/data.txt', join(codeFolder, 'data-link.txt'));

    const result = await runCommandStep(
      launch({
        command:
          'pwd; ./run.sh; cat data-link.txt; echo changed > lib/data.txt; echo new > written.txt',
        codeFolder,
      }),
    );

    expect(result.outcome).toBe('succeeded');
    const copy = join(workingFolder, 'code');
    expect(await readLog('stdout.txt')).toBe(`${copy}\nfrom-script\noriginal\n`);
    expect(await readFile(join(copy, 'written.txt'), 'utf8')).toBe('new\n');
    expect(await readFile(join(copy, 'lib', 'data.txt'), 'utf8')).toBe('changed\n');
    expect(await readFile(join(codeFolder, 'lib', 'data.txt'), 'utf8')).toBe('original\n');
    expect((await readdir(codeFolder)).sort()).toEqual(['data-link.txt', 'lib', 'run.sh']);
  });

  it('runs in the working folder when there is no code folder', async () => {
    const result = await runCommandStep(launch({ command: 'pwd' }));

    expect(result.outcome).toBe('succeeded');
    expect(await readLog('stdout.txt')).toBe(`${workingFolder}\n`);
  });

  it('passes the environment on top of its own', async () => {
    const result = await runCommandStep(
      launch({
        command: 'echo "$MILLRACE_STEP_NAME|$GREETING|$PATH"',
        environment: { MILLRACE_STEP_NAME: 'train', GREETING: 'hello world' },
      }),
    );

    expect(result.outcome).toBe('succeeded');
    expect(await readLog('stdout.txt')).toBe(`train|hello world|${process.env['PATH']}\n`);
  });

  it('writes the logs while the step still runs', async () => {
    const controller = new AbortController();
    let settled = false;
    const running = runCommandStep(
      launch({
        command: "echo 'first line'; echo 'warming up' >&2; echo $$ > group.pid; sleep 30",
        signal: controller.signal,
      }),
    ).finally(() => (settled = true));
    await startedGroup();

    await waitFor(async () =>
      (await readLog('stdout.txt')) === 'first line\n' ? true : undefined,
    );
    await waitFor(async () =>
      (await readLog('stderr.txt')) === 'warming up\n' ? true : undefined,
    );
    expect(settled).toBe(false);
    controller.abort();
    expect((await running).outcome).toBe('canceled');
  });

  it('fails with STEP_SPAWN_FAILED when the working folder does not exist', async () => {
    const missing = join(base, 'missing');
    const result: CommandStepResult = await runCommandStep(
      launch({ command: 'echo never', workingFolder: missing }),
    );

    expect(result).toMatchObject({ outcome: 'failed', exitCode: null, exitSignal: null });
    expect(result.failure).toMatchObject({ code: 'STEP_SPAWN_FAILED', failureType: 'SystemError' });
    expect(result.failure?.message).toContain(`working folder ${missing} does not exist`);
    expect(await readLog('stderr.txt')).toContain(
      '[millrace] The step process could not be started',
    );
  });

  it('fails with STEP_SPAWN_FAILED when the code folder cannot be copied', async () => {
    const result = await runCommandStep(
      launch({ command: 'echo never', codeFolder: join(base, 'no-such-snapshot') }),
    );

    expect(result.outcome).toBe('failed');
    expect(result.failure?.code).toBe('STEP_SPAWN_FAILED');
    expect(result.failure?.message).toContain('could not be copied');
  });
});

describe('the environment a step inherits', () => {
  it("withholds Millrace's own credentials and keeps everything else", async () => {
    const saved = { ...process.env };
    process.env.MILLRACE_SECRET_KEY = 'key-that-must-not-leak';
    process.env.MILLRACE_SECRET_VAULT_DB = 'vault-value-that-must-not-leak';
    process.env.MILLRACE_TOKEN = 'token-that-must-not-leak';
    process.env.MILLRACE_STEP_TEST_VISIBLE = 'visible';
    try {
      const result = await runCommandStep(launch({ command: 'env' }));
      expect(result.outcome).toBe('succeeded');
      const printed = await readLog('stdout.txt');
      expect(printed).toContain('MILLRACE_STEP_TEST_VISIBLE=visible');
      expect(printed).not.toContain('must-not-leak');
      expect(printed).toContain('PATH=');
    } finally {
      process.env = saved;
    }
  });
});
