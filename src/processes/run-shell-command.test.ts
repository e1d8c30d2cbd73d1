import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runShellCommand } from './run-shell-command.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'millrace-shell-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('runShellCommand hooks', () => {
  it('hands stdout and stderr chunks to the hooks while the command still runs', async () => {
    const stdoutChunks: Buffer[] = [];
    const stderrChunks: Buffer[] = [];
    const outcome = await runShellCommand({
      // The command goes on only once the hook has seen its first line.
      command:
        'echo first; echo oops >&2; while [ ! -f seen ]; do sleep 0.02; done; echo second; echo done >&2',
      cwd: folder,
      env: process.env,
      signal: new AbortController().signal,
      onStdout: (chunk) => {
        stdoutChunks.push(chunk);
        if (chunk.toString().includes('first')) writeFileSync(join(folder, 'seen'), '');
      },
      onStderr: (chunk) => stderrChunks.push(chunk),
    });

    expect(outcome).toMatchObject({ kind: 'exited', exitCode: 0, aborted: false });
    expect(Buffer.concat(stdoutChunks).toString()).toBe('first\nsecond\n');
    expect(Buffer.concat(stderrChunks).toString()).toBe('oops\ndone\n');
  });

  it('still keeps the tails when hooks are given', async () => {
    const outcome = await runShellCommand({
      command: 'echo kept; echo also >&2',
      cwd: folder,
      env: process.env,
      signal: new AbortController().signal,
      onStdout: () => undefined,
    });

    expect(outcome).toMatchObject({ kind: 'exited', stdout: 'kept\n', stderr: 'also\n' });
  });
});
