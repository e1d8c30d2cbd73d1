/**
 * A throw-away set of folders for one parallel step (input, working, logs, output, markers) and a
 * launch with Azure's defaults, plus process checks: the tests run real workers and must prove
 * that none is left behind.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParallelProgress, ParallelStepLaunch } from '../../../src/ml/steps/step-launch.js';

export const PARALLEL_FIXTURES = fileURLToPath(
  new URL('../../fixtures/ml/parallel/', import.meta.url),
);
export const FIXTURE_CODE = join(PARALLEL_FIXTURES, 'code');
export const FIXTURE_TABLES = join(PARALLEL_FIXTURES, 'tables');

export interface Sandbox {
  readonly root: string;
  readonly input: string;
  readonly working: string;
  readonly logs: string;
  readonly markers: string;
  readonly appendRowFile: string;
  /** Progress reports received by `onProgress`. */
  readonly reported: ParallelProgress[];
  launch(
    overrides: Partial<ParallelStepLaunch> & Pick<ParallelStepLaunch, 'entryScript'>,
  ): ParallelStepLaunch;
  /** Writes files (relative path → content) under the input folder. */
  writeInput(files: Record<string, string>): Promise<void>;
  readLog(name: string): Promise<string>;
  appendedLines(): Promise<string[]>;
  /** Files `init-<pid>.txt` the behaviours script wrote: pid → init() calls. */
  initCalls(): Map<number, number>;
  remove(): Promise<void>;
}

export async function createSandbox(): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'millrace-parallel-'));
  const [input, working, logs, markers] = ['input', 'working', 'logs', 'markers'].map((name) =>
    join(root, name),
  ) as [string, string, string, string];
  for (const folder of [input, working, logs, markers]) await mkdir(folder);
  const appendRowFile = join(root, 'outputs', 'predictions', 'parallel_run_step.txt');
  const reported: ParallelProgress[] = [];
  return {
    root,
    input,
    working,
    logs,
    markers,
    appendRowFile,
    reported,
    launch: (overrides) => ({
      stepRunId: 'step-run-1',
      stepName: 'score',
      workingFolder: working,
      codeFolder: FIXTURE_CODE,
      logFolder: logs,
      environment: {},
      signal: new AbortController().signal,
      programArguments: [],
      input: { kind: 'files', path: input },
      miniBatchSize: { unit: 'files', value: 2 },
      workerCount: 1,
      runMaxTry: 3,
      runInvocationTimeoutSeconds: 60,
      errorThreshold: -1,
      allowedFailedCount: -1,
      allowedFailedPercent: 100,
      outputAction: 'append_row',
      appendRowFile,
      loggingLevel: 'INFO',
      onProgress: (progress) => reported.push(progress),
      ...overrides,
    }),
    writeInput: async (files) => {
      for (const [name, content] of Object.entries(files)) {
        await mkdir(dirname(join(input, name)), { recursive: true });
        await writeFile(join(input, name), content);
      }
    },
    readLog: (name) => readFile(join(logs, name), 'utf8'),
    appendedLines: async () => {
      const text = await readFile(appendRowFile, 'utf8');
      return text === '' ? [] : text.replace(/\n$/, '').split('\n');
    },
    initCalls: () =>
      new Map(
        readdirSync(markers)
          .filter((name) => /^init-\d+\.txt$/.test(name))
          .map((name) => [
            Number(/\d+/.exec(name)?.[0]),
            readFileSync(join(markers, name), 'utf8').split('\n').filter(Boolean).length,
          ]),
      ),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** Whether `pid` is a running process (a zombie waiting to be reaped counts as ended). */
export function processRunning(pid: number): boolean {
  const statPath = `/proc/${pid}/stat`;
  if (!existsSync(statPath)) return false;
  try {
    const stat = readFileSync(statPath, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Running processes whose parent is `pid`. */
export function runningChildrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(parent) === pid && state !== 'Z' && state !== 'X') children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

/** Polls until `ready()` holds; throws after `limitMs` (a guard against a hang, not a timing check). */
export async function waitUntil(
  ready: () => boolean,
  what: string,
  limitMs = 15_000,
): Promise<void> {
  const giveUpAt = Date.now() + limitMs;
  while (!ready()) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((wake) => setTimeout(wake, 25));
  }
}

/** The metrics of a result as a name → value map. */
export function metricMap(
  metrics: readonly { name: string; value: unknown }[],
): Record<string, unknown> {
  return Object.fromEntries(metrics.map((metric) => [metric.name, metric.value]));
}
