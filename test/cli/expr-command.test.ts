import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MILLRACE = fileURLToPath(new URL('../../bin/millrace', import.meta.url));
const EXAMPLE_CONTEXT = fileURLToPath(
  new URL('../../examples/expressions/context.json', import.meta.url),
);

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `bin/millrace` from a temporary folder, as a user would from anywhere. */
async function millrace(args: readonly string[], input?: string): Promise<Outcome> {
  const cwd = await mkdtemp(join(tmpdir(), 'millrace-cli-'));
  try {
    const child = run(MILLRACE, args, { cwd, encoding: 'utf8' });
    if (input !== undefined) {
      child.child.stdin?.end(input);
    }
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('millrace expr', () => {
  it('prints the result as JSON and exits 0', async () => {
    expect(await millrace(['expr', "@createArray(1, 'two', 3.0, true, null)"])).toEqual({
      code: 0,
      stdout: '[1,"two",3.0,true,null]\n',
      stderr: '',
    });
  });

  it('evaluates against a context file', async () => {
    const outcome = await millrace([
      'expr',
      '@{pipeline().parameters.inputFolder}/@{item().name}',
      '--context',
      EXAMPLE_CONTEXT,
    ]);
    expect(outcome).toMatchObject({ code: 0, stdout: '"raw/lending_club/2026-01-01.csv"\n' });
  });

  it('fixes utcNow() with the context "now"', async () => {
    const outcome = await millrace(['expr', '@utcNow()', '--context', EXAMPLE_CONTEXT]);
    expect(outcome.stdout).toBe('"2026-01-01T06:00:05.0000000Z"\n');
  });

  it('prints a coded error with its position on stderr and exits 1', async () => {
    const outcome = await millrace(['expr', '@div(10, 0)']);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toContain('EXPR_DIVISION_BY_ZERO');
    expect(outcome.stderr).toContain('line 1, column 10');
  });

  it('prints errors as JSON with --json', async () => {
    const outcome = await millrace(['expr', '@noSuchFunction()', '--json']);
    expect(outcome.code).toBe(1);
    expect(JSON.parse(outcome.stderr)).toMatchObject({
      code: 'EXPR_UNKNOWN_FUNCTION',
      position: { offset: 1, line: 1, column: 2 },
    });
  });

  it('names the file and JSON pointer of a bad context', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'millrace-ctx-'));
    const file = join(dir, 'context.json');
    await writeFile(file, JSON.stringify({ variables: [1, 2] }));
    const outcome = await millrace(['expr', '@1', '--context', file]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`${file}#/variables`);
  });

  it('reports an unreadable context file', async () => {
    const outcome = await millrace(['expr', '@1', '--context', '/nonexistent/context.json']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('ENOENT');
  });

  it('explains itself with --help', async () => {
    const outcome = await millrace(['expr', '--help']);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('--context <file.json>');
  });
});

describe('millrace', () => {
  it('lists its subcommands', async () => {
    const outcome = await millrace(['--help']);
    expect(outcome.stdout).toMatch(/expr \[options\] <expression>/);
    expect(outcome.stdout).toMatch(/playground\|start/);
  });

  it('evaluates lines from standard input in the playground', async () => {
    const outcome = await millrace(
      ['playground'],
      "@pipeline().Pipeline\n@bad(\n@activity('ScoreLoans').output.scored\n",
    );
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('"ScoreLoans"');
    expect(outcome.stdout).toContain('EXPR_SYNTAX');
    expect(outcome.stdout).toContain('9857');
  });
});
