import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../factory/resources.js';
import type { ActivityExecutionResult } from './activity-executor.js';
import { CustomActivityExecutor } from './custom-activity-executor.js';
import { buildExecutionRequest } from './execution-request-builder.js';

let base: string;
beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'millrace-custom-test-')));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function run(
  input: JsonObject,
  options: { signal?: AbortSignal; killGracePeriodMs?: number; tailBytes?: number } = {},
): Promise<ActivityExecutionResult> {
  const executor = new CustomActivityExecutor({
    workingFolder: base,
    killGracePeriodMs: options.killGracePeriodMs,
    tailBytes: options.tailBytes,
  });
  return executor.execute(
    buildExecutionRequest({ type: 'Custom', name: 'RunScript', input, signal: options.signal }),
  );
}

function outputOf(result: ActivityExecutionResult): JsonObject {
  const output = result.output;
  if (typeof output !== 'object' || output === null || Array.isArray(output))
    throw new Error(`no object output in ${JSON.stringify(result)}`);
  return output;
}

/** Live (not zombie) processes of a process group, read from /proc. */
async function liveMembersOf(groupId: number): Promise<number[]> {
  const members: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the parenthesised command name: state ppid pgrp …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === groupId && fields[0] !== 'Z') members.push(Number(entry));
  }
  return members;
}

async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until the command has written its group id and the group has `count` live processes. */
async function groupOnceRunning(folder: string, count: number): Promise<number> {
  const groupId = await waitFor(async () => {
    const text = await readFile(join(folder, 'group.pid'), 'utf8').catch(() => '');
    return text.trim() === '' ? undefined : Number(text);
  });
  await waitFor(async () => ((await liveMembersOf(groupId)).length >= count ? true : undefined));
  return groupId;
}

describe('CustomActivityExecutor', () => {
  it('fails with 2500, the exit code and the stderr tail when the command exits non-zero', async () => {
    const result = await run({ command: "echo hi; echo 'disk full' >&2; exit 3" });
    expect(result.status).toBe('Failed');
    if (result.status !== 'Failed') return;
    expect(result.error.errorCode).toBe('2500');
    expect(result.error.target).toBe('RunScript');
    expect(result.error.message).toContain('exited with code 3');
    expect(result.error.message).toContain('disk full');
    expect(outputOf(result)).toMatchObject({ exitcode: 3, stdout: 'hi\n', stderr: 'disk full\n' });
  });

  it('succeeds with the output shape of Data Factory and returns outputs.json as customOutput', async () => {
    const result = await run({
      command: `echo started; printf '{"rows": 42, "files": ["a.csv"]}' > outputs.json`,
    });
    expect(result).toEqual({
      status: 'Succeeded',
      output: {
        exitcode: 0,
        stdout: 'started\n',
        stderr: '',
        customOutput: { rows: 42, files: ['a.csv'] },
        effectiveIntegrationRuntime: 'Millrace (local)',
        executionDuration: expect.any(Number) as number,
      },
    });
  });

  it('fails with CUSTOM_INVALID_OUTPUTS when outputs.json is not JSON', async () => {
    const result = await run({ command: "echo 'rows=42' > outputs.json" });
    expect(result.status === 'Failed' && result.error.errorCode).toBe('CUSTOM_INVALID_OUTPUTS');
  });

  it('fails with 2001 when outputs.json is over 2 MB', async () => {
    const result = await run({ command: 'head -c 2200000 /dev/zero > outputs.json' });
    expect(result.status === 'Failed' && result.error.errorCode).toBe('2001');
  });

  it('writes activity.json with the resolved typeProperties, as Batch does', async () => {
    const result = await run({
      command: 'cp activity.json linkedServices.json datasets.json "$KEEP"',
      extendedProperties: {
        connectionString: { type: 'SecureString', value: 'Server=db;Password=pw' },
      },
      environment: { KEEP: base },
    });
    expect(result.status).toBe('Succeeded');
    const activity = JSON.parse(await readFile(join(base, 'activity.json'), 'utf8')) as JsonObject;
    expect(activity).toMatchObject({
      name: 'RunScript',
      type: 'Custom',
      typeProperties: {
        extendedProperties: {
          connectionString: { type: 'SecureString', value: 'Server=db;Password=pw' },
        },
      },
    });
    expect(activity['typeProperties']).not.toHaveProperty('environment');
    expect(await readFile(join(base, 'linkedServices.json'), 'utf8')).toBe('[]');
    expect(await readFile(join(base, 'datasets.json'), 'utf8')).toBe('[]');
  });

  it('exposes extendedProperties through the environment', async () => {
    const result = await run({
      command:
        'printf "%s|%s|%s" "$MILLRACE_EXT_INPUT_FOLDER" "$MILLRACE_EXT_CONNECTIONSTRING" "$MILLRACE_EXT_LIMITS"',
      extendedProperties: {
        'input-folder': 'raw/2026',
        connectionString: { type: 'SecureString', value: 'Server=db;Password=pw' },
        limits: { rows: 10 },
      },
    });
    expect(outputOf(result)['stdout']).toBe('raw/2026|Server=db;Password=pw|{"rows":10}');
  });

  it('sets `environment` variables, removes those set to null, and tells the run identity', async () => {
    const result = await run({
      command: 'printf "%s|%s|%s|%s" "$GREETING" "$COUNT" "${HOME-unset}" "$MILLRACE_ATTEMPT"',
      environment: { GREETING: 'hello world', COUNT: 3, HOME: null },
    });
    expect(outputOf(result)['stdout']).toBe('hello world|3|unset|1');
  });

  it('runs in a fresh temporary folder that it removes afterwards', async () => {
    const result = await run({ command: 'pwd; ls' });
    const [folder = '', ...files] = String(outputOf(result)['stdout']).trim().split('\n');
    expect(files.sort()).toEqual(['activity.json', 'datasets.json', 'linkedServices.json']);
    expect(folder).toContain('millrace-custom-');
    expect(existsSync(folder)).toBe(false);
  });

  it('gives folderPath (relative to the working folder) to each attempt in a folder of its own, without its stale outputs.json', async () => {
    await mkdir(join(base, 'jobs', 'daily'), { recursive: true });
    await writeFile(join(base, 'jobs', 'daily', 'outputs.json'), '{"stale": true}');
    await writeFile(join(base, 'jobs', 'daily', 'score.sh'), 'echo scored');
    const result = await run({
      command: 'pwd; sh score.sh; ls',
      folderPath: 'jobs/daily',
      retentionTimeInDays: 30,
    });
    expect(result.status).toBe('Succeeded');
    const [folder = '', said, ...files] = String(outputOf(result)['stdout']).trim().split('\n');
    expect(folder).not.toBe(join(base, 'jobs', 'daily'));
    expect(said).toBe('scored');
    expect(files.sort()).toEqual([
      'activity.json',
      'datasets.json',
      'linkedServices.json',
      'score.sh',
    ]);
    expect(outputOf(result)).not.toHaveProperty('customOutput');
    expect(await readFile(join(base, 'jobs', 'daily', 'outputs.json'), 'utf8')).toBe(
      '{"stale": true}',
    );
  });

  it('fails with 2507 when folderPath does not exist', async () => {
    const result = await run({ command: 'true', folderPath: 'missing' });
    expect(result.status === 'Failed' && result.error.errorCode).toBe('2507');
  });

  it('fails with 2103 without a command and 2104 for a command that is not a string', async () => {
    const missing = await run({});
    const wrongType = await run({ command: 42 });
    expect(missing.status === 'Failed' && missing.error.errorCode).toBe('2103');
    expect(wrongType.status === 'Failed' && wrongType.error.errorCode).toBe('2104');
  });

  it('keeps only the last bytes of a long output', async () => {
    const result = await run(
      { command: "head -c 5000 /dev/zero | tr '\\0' a; echo END" },
      { tailBytes: 100 },
    );
    const stdout = String(outputOf(result)['stdout']);
    expect(stdout).toHaveLength(100);
    expect(stdout.endsWith('aaaEND\n')).toBe(true);
  });

  it('keeps 1 MiB of each stream by default', async () => {
    const result = await run({ command: "head -c 3000000 /dev/zero | tr '\\0' a >&2" });
    expect(String(outputOf(result)['stderr'])).toHaveLength(1024 * 1024);
  });

  it('reports a command ended by a signal with 128 + the signal number', async () => {
    const result = await run({ command: 'kill -KILL $$' });
    expect(result.status === 'Failed' && result.error.errorCode).toBe('2500');
    expect(result.status === 'Failed' && result.error.message).toContain('SIGKILL');
    expect(outputOf(result)['exitcode']).toBe(137);
  });

  it('kills the whole process tree when aborted', async () => {
    const controller = new AbortController();
    const pending = run(
      { command: 'echo $$ > "$KEEP/group.pid"; sleep 60 & sleep 60', environment: { KEEP: base } },
      { signal: controller.signal },
    );
    const groupId = await groupOnceRunning(base, 2);
    controller.abort();
    const result = await pending;
    expect(result.status === 'Failed' && result.error.errorCode).toBe('ACTIVITY_CANCELLED');
    expect(outputOf(result)['exitcode']).toBe(128 + 15);
    expect(await liveMembersOf(groupId)).toEqual([]);
  });

  it('sends SIGKILL after the grace period to processes that ignore SIGTERM', async () => {
    const controller = new AbortController();
    const pending = run(
      {
        command: 'trap \'\' TERM; echo $$ > "$KEEP/group.pid"; sleep 60 & sleep 60',
        environment: { KEEP: base },
      },
      { signal: controller.signal, killGracePeriodMs: 200 },
    );
    const groupId = await groupOnceRunning(base, 2);
    controller.abort();
    const result = await pending;
    expect(result.status === 'Failed' && result.error.errorCode).toBe('ACTIVITY_CANCELLED');
    expect(await liveMembersOf(groupId)).toEqual([]);
  });

  it('ends background processes the command leaves behind when it exits', async () => {
    const result = await run({
      command: 'echo $$ > "$KEEP/group.pid"; sleep 60 &',
      environment: { KEEP: base },
    });
    expect(result.status).toBe('Succeeded');
    const groupId = Number(await readFile(join(base, 'group.pid'), 'utf8'));
    expect(await liveMembersOf(groupId)).toEqual([]);
  });

  it('kills background processes that closed their output and ignore SIGTERM', async () => {
    const result = await run(
      {
        command: 'trap \'\' TERM; echo $$ > "$KEEP/group.pid"; sleep 60 >/dev/null 2>&1 &',
        environment: { KEEP: base },
      },
      { killGracePeriodMs: 200 },
    );
    expect(result.status).toBe('Succeeded');
    const groupId = Number(await readFile(join(base, 'group.pid'), 'utf8'));
    expect(await liveMembersOf(groupId)).toEqual([]);
  });

  it('does not start the command when the signal has already aborted', async () => {
    const result = await run(
      { command: 'touch "$KEEP/started"', environment: { KEEP: base } },
      { signal: AbortSignal.abort() },
    );
    expect(result.status === 'Failed' && result.error.errorCode).toBe('ACTIVITY_CANCELLED');
    expect(existsSync(join(base, 'started'))).toBe(false);
  });

  it('reports a broken set-up as ACTIVITY_EXECUTOR_FAILED instead of throwing', async () => {
    const executor = new CustomActivityExecutor({ temporaryFolder: join(base, 'nowhere') });
    const result = await executor.execute(
      buildExecutionRequest({ type: 'Custom', input: { command: 'true' } }),
    );
    expect(result.status === 'Failed' && result.error).toMatchObject({
      errorCode: 'ACTIVITY_EXECUTOR_FAILED',
      failureType: 'SystemError',
    });
  });
});
