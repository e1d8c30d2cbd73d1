/**
 * A Millrace home in a temporary folder for `millrace ml …` tests: runs the real CLI
 * (`bin/millrace`, so `npm run build` first) with MILLRACE_HOME pointing at it, seeds the raw data
 * the `test/fixtures/ml/cli` pipeline reads, and on `dispose()` waits for (or stops) the detached
 * workers that submits started before removing the folder.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MILLRACE = fileURLToPath(new URL('../../bin/millrace', import.meta.url));
export const CLI_PIPELINE = fileURLToPath(
  new URL('../fixtures/ml/cli/pipeline.yml', import.meta.url),
);
export const INVALID_PIPELINE = fileURLToPath(
  new URL('../fixtures/ml/cli/invalid.yml', import.meta.url),
);

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface StepJson {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly reused: boolean;
  readonly reusedFromRunId: string | null;
  readonly rerunReason: string | null;
  readonly metrics: Record<string, unknown>;
  readonly tags: Record<string, string>;
  readonly durationMs: number | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}

export interface RunJson {
  readonly id: string;
  readonly experimentName: string;
  readonly status: string;
  readonly parameters: Record<string, unknown>;
  readonly dataPaths: Record<string, { datastore: string; path: string }>;
  readonly steps: readonly StepJson[];
}

export interface MlCliHome {
  readonly home: string;
  /**
   * Runs `millrace <args>` to its end, `stdin` on its standard input, in `cwd` (Default: the
   * test's folder); never rejects.
   */
  millrace(args: readonly string[], stdin?: string, cwd?: string): Promise<Outcome>;
  /** Starts `millrace <args>` without waiting; `dispose()` kills it if it is still running. */
  start(args: readonly string[]): ChildProcess;
  /** Runs `millrace <args>` expecting exit 0 and JSON on stdout. */
  json<T>(args: readonly string[]): Promise<T>;
  /** Polls `millrace ml run <id> --json` until `done` holds. */
  waitForRun(
    runId: string,
    done: (run: RunJson) => boolean,
    extra?: readonly string[],
  ): Promise<RunJson>;
  dispose(): Promise<void>;
}

export async function createMlCliHome(
  /** Added to the CLI's environment (MILLRACE_SERVER and the credentials are cleared first). */
  extraEnvironment: NodeJS.ProcessEnv = {},
): Promise<MlCliHome> {
  const home = await mkdtemp(join(tmpdir(), 'millrace-ml-cli-'));
  const datastore = join(home, 'datastores', 'workspaceblobstore', 'cli');
  await mkdir(join(datastore, 'raw'), { recursive: true });
  await writeFile(join(datastore, 'raw', 'a.txt'), 'alpha\nbeta\ngamma\n');
  await mkdir(join(datastore, 'other'), { recursive: true });
  await writeFile(join(datastore, 'other', 'b.txt'), 'one\ntwo\nthree\nfour\nfive\n');
  const environment: NodeJS.ProcessEnv = { ...process.env, MILLRACE_HOME: home };
  for (const name of [
    'MILLRACE_SERVER',
    'MILLRACE_TOKEN',
    'MILLRACE_CLIENT_ID',
    'MILLRACE_CLIENT_SECRET',
  ]) {
    delete environment[name];
  }
  Object.assign(environment, extraEnvironment);
  const started: ChildProcess[] = [];

  const millrace = (args: readonly string[], stdin?: string, cwd?: string): Promise<Outcome> =>
    new Promise((resolve) => {
      const child = execFile(
        MILLRACE,
        args,
        {
          env: environment,
          encoding: 'utf8',
          maxBuffer: 16 * 1024 * 1024,
          ...(cwd === undefined ? {} : { cwd }),
        },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
          resolve({ code, stdout, stderr });
        },
      );
      child.stdin?.end(stdin ?? '');
    });

  const json = async <T>(args: readonly string[]): Promise<T> => {
    const outcome = await millrace(args);
    if (outcome.code !== 0) {
      throw new Error(`millrace ${args.join(' ')} exited ${outcome.code}: ${outcome.stderr}`);
    }
    return JSON.parse(outcome.stdout) as T;
  };

  return {
    home,
    millrace,
    json,
    start(args) {
      const child = spawn(MILLRACE, args, { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
      started.push(child);
      return child;
    },
    async waitForRun(runId, done, extra = []) {
      for (let tries = 0; tries < 300; tries++) {
        const run = await json<RunJson>(['ml', 'run', runId, '--json', ...extra]);
        if (done(run)) return run;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`Gave up waiting for run ${runId}.`);
    },
    async dispose() {
      for (const child of started) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      await stopWorkers(home);
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Workers named in `ml/workers/*.log` ("worker <pid> started"): waited for, killed if stuck. */
async function stopWorkers(home: string): Promise<void> {
  const folder = join(home, 'ml', 'workers');
  const logs = await readdir(folder).catch(() => [] as string[]);
  const pids: number[] = [];
  for (const log of logs) {
    const text = await readFile(join(folder, log), 'utf8');
    for (const match of text.matchAll(/worker (\d+) started/g)) pids.push(Number(match[1]));
  }
  for (const pid of pids) {
    for (let tries = 0; tries < 100 && isAlive(pid); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // A detached worker leads its own process group; stop the group with it.
    if (isAlive(pid)) process.kill(-pid, 'SIGKILL');
  }
}

/** Whether the process runs; a zombie (exited, not yet reaped by its adoptive parent) does not. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readProcStat(pid);
  return stat === undefined || !/^\d+ \(.*\) Z/.test(stat);
}

function readProcStat(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Resolves with the exit code once the child has exited. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Collects a child's stdout and resolves once it contains `text`. */
export function outputOf(child: ChildProcess): {
  text(): string;
  waitFor(text: string | RegExp): Promise<void>;
} {
  let buffered = '';
  const waiters: (() => void)[] = [];
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffered += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  child.once('close', () => {
    for (const wake of waiters.splice(0)) wake();
  });
  const matches = (pattern: string | RegExp): boolean =>
    typeof pattern === 'string' ? buffered.includes(pattern) : pattern.test(buffered);
  return {
    text: () => buffered,
    async waitFor(pattern) {
      while (!matches(pattern)) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`exited before printing ${String(pattern)}: ${buffered}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}
