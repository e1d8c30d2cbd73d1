/**
 * Step runners with Node environments: command steps and parallel steps import the npm
 * dependencies their code folder's package.json declares (a local `file:` package, no registry),
 * environments are reused, a failed install fails the attempt with STEP_ENVIRONMENT_FAILED, and
 * cancel and timeout stop npm's process tree.
 */
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommandStep } from '../../src/ml/steps/command-step-runner.js';
import { NodeEnvironments } from '../../src/ml/steps/node-environments.js';
import { runParallelStep } from '../../src/ml/steps/parallel/parallel-step-runner.js';
import type { CommandStepLaunch, ParallelStepLaunch } from '../../src/ml/steps/step-launch.js';
import { processGroupAlive } from '../../src/processes/process-group.js';
import { until } from '../support/polling.js';
import {
  nodePackageSandbox,
  hangingNpm,
  PAD_SCRIPT,
  stepPackageJson,
  type CountingNpm,
} from './node-packages.js';
import { killLeftoverGroups } from '../support/process-groups.js';

const NODE = JSON.stringify(process.execPath);

let base: string;
let root: string;
let localPackage: string;
let npm: CountingNpm;
let environments: NodeEnvironments;
let attempts = 0;
const groups: number[] = [];

beforeEach(async () => {
  ({ base, root, localPackage, npm } = await nodePackageSandbox('millrace-step-deps-'));
  environments = new NodeEnvironments({ root, npm: npm.npm });
});
afterEach(async () => {
  killLeftoverGroups(groups);
  await rm(base, { recursive: true, force: true });
});

async function snapshot(name: string, files: Record<string, string>): Promise<string> {
  const folder = join(base, 'snapshots', name);
  await mkdir(folder, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    await mkdir(join(folder, file, '..'), { recursive: true });
    await writeFile(join(folder, file), content);
  }
  return folder;
}

/** Fresh working and log folders for one attempt. */
async function attemptFolders(): Promise<{ workingFolder: string; logFolder: string }> {
  attempts += 1;
  const workingFolder = join(base, `attempt-${attempts}`, 'work');
  const logFolder = join(base, `attempt-${attempts}`, 'logs');
  await mkdir(workingFolder, { recursive: true });
  await mkdir(logFolder, { recursive: true });
  return { workingFolder, logFolder };
}

async function commandLaunch(
  codeFolder: string,
  overrides: Partial<CommandStepLaunch> = {},
): Promise<CommandStepLaunch> {
  return {
    stepRunId: `step-run-${attempts + 1}`,
    stepName: 'pad',
    ...(await attemptFolders()),
    codeFolder,
    environment: {},
    signal: new AbortController().signal,
    command: `${NODE} pad.mjs 42`,
    ...overrides,
  };
}

const log = (launch: { logFolder: string }, name: string): Promise<string> =>
  readFile(join(launch.logFolder, name), 'utf8');

const withDependency = (): string => stepPackageJson({ 'left-pad-local': `file:${localPackage}` });

describe('command steps with npm dependencies', () => {
  it('installs the dependencies of package.json, links them in and lets the step import them', async () => {
    const code = await snapshot('pad', { 'package.json': withDependency(), 'pad.mjs': PAD_SCRIPT });
    const launch = await commandLaunch(code);
    const result = await runCommandStep(launch, { nodeEnvironments: environments });

    expect(result).toMatchObject({ outcome: 'succeeded', exitCode: 0, failure: null });
    expect(await log(launch, 'stdout.txt')).toBe('padded:042\n');
    const stderr = await log(launch, 'stderr.txt');
    expect(stderr).toContain('[millrace] Node dependencies: installing');
    expect(stderr).toContain('added 1 package');
    const link = join(launch.workingFolder, 'code', 'node_modules');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toMatch(new RegExp(`^${root}/[0-9a-f]{64}/node_modules$`));
    // The snapshot itself is left as it was.
    expect(existsSync(join(code, 'node_modules'))).toBe(false);
  });

  it('reuses the environment for a second run and for another step with the same package.json', async () => {
    const code = await snapshot('pad', { 'package.json': withDependency(), 'pad.mjs': PAD_SCRIPT });
    const other = await snapshot('other', {
      'package.json': withDependency(),
      'pad.mjs': PAD_SCRIPT,
      'README.md': 'another step',
    });
    const first = await commandLaunch(code);
    expect((await runCommandStep(first, { nodeEnvironments: environments })).outcome).toBe(
      'succeeded',
    );
    const environment = await readlink(join(first.workingFolder, 'code', 'node_modules'));
    const inode = (await stat(environment)).ino;

    const second = await commandLaunch(code);
    const third = await commandLaunch(other, { command: `${NODE} pad.mjs 5` });
    const results = await Promise.all([
      runCommandStep(second, { nodeEnvironments: environments }),
      runCommandStep(third, { nodeEnvironments: environments }),
    ]);
    expect(results.map((result) => result.outcome)).toEqual(['succeeded', 'succeeded']);
    expect(await log(third, 'stdout.txt')).toBe('padded:005\n');
    expect(await readlink(join(third.workingFolder, 'code', 'node_modules'))).toBe(environment);
    expect(await log(second, 'stderr.txt')).toContain('Node dependencies: using the environment');
    expect(await npm.calls()).toHaveLength(1);
    expect((await stat(environment)).ino).toBe(inode);
  });

  it('links nothing and calls no npm without a package.json, or without runner environments', async () => {
    const plain = await snapshot('plain', { 'hello.mjs': "console.log('hello')" });
    const launch = await commandLaunch(plain, { command: `${NODE} hello.mjs` });
    expect((await runCommandStep(launch, { nodeEnvironments: environments })).outcome).toBe(
      'succeeded',
    );
    expect(existsSync(join(launch.workingFolder, 'code', 'node_modules'))).toBe(false);

    const code = await snapshot('pad', { 'package.json': withDependency(), 'pad.mjs': PAD_SCRIPT });
    const withoutEnvironments = await commandLaunch(code);
    const result = await runCommandStep(withoutEnvironments);
    expect(result.outcome).toBe('failed');
    expect(await log(withoutEnvironments, 'stderr.txt')).toContain('ERR_MODULE_NOT_FOUND');
    expect(await npm.calls()).toEqual([]);
    expect(existsSync(root)).toBe(false);
  });

  it('uses a node_modules the code folder has as it is', async () => {
    const code = await snapshot('own', {
      'package.json': withDependency(),
      'pad.mjs': PAD_SCRIPT,
      'node_modules/left-pad-local/package.json': '{"name":"left-pad-local","main":"own.js"}',
      'node_modules/left-pad-local/own.js': 'module.exports = () => "own copy";',
    });
    const launch = await commandLaunch(code);
    expect((await runCommandStep(launch, { nodeEnvironments: environments })).outcome).toBe(
      'succeeded',
    );
    expect(await log(launch, 'stdout.txt')).toBe('padded:own copy\n');
    expect(await log(launch, 'stderr.txt')).toContain('has its own node_modules');
    expect(await npm.calls()).toEqual([]);
  });

  it('fails with STEP_ENVIRONMENT_FAILED quoting npm when a dependency does not exist', async () => {
    const missing = join(base, 'no-such-package');
    const code = await snapshot('broken', {
      'package.json': stepPackageJson({ 'left-pad-local': `file:${missing}` }),
      'pad.mjs': PAD_SCRIPT,
    });
    const launch = await commandLaunch(code, { command: 'touch ran.txt' });
    const result = await runCommandStep(launch, { nodeEnvironments: environments });

    expect(result).toMatchObject({
      outcome: 'failed',
      exitCode: null,
      failure: { code: 'STEP_ENVIRONMENT_FAILED', failureType: 'UserError' },
    });
    expect(result.failure?.message).toContain('npm error code ENOENT');
    expect(result.failure?.message).toContain(missing);
    expect(existsSync(join(launch.workingFolder, 'code', 'ran.txt'))).toBe(false);
    const stderr = await log(launch, 'stderr.txt');
    expect(stderr).toContain('npm error code ENOENT');
    expect(stderr.trimEnd().endsWith(`[millrace] ${result.failure?.message}`)).toBe(true);
  });

  it('stops npm’s process tree when the step is canceled or times out while installing', async () => {
    const hanging = await hangingNpm(join(base, 'hanging'));
    const slow = new NodeEnvironments({ root, npm: hanging.npm });
    const code = await snapshot('pad', { 'package.json': withDependency(), 'pad.mjs': PAD_SCRIPT });

    const cancel = new AbortController();
    const canceled = await commandLaunch(code, { signal: cancel.signal });
    const running = runCommandStep(canceled, { nodeEnvironments: slow });
    const group = await npmGroup(hanging.pidFile);
    cancel.abort();
    expect(await running).toMatchObject({
      outcome: 'canceled',
      failure: { code: 'STEP_CANCELED' },
    });
    expect(await processGroupAlive(group)).toBe(false);

    await rm(hanging.pidFile);
    const timedOut = await commandLaunch(code, { timeoutSeconds: 1 });
    const result = await runCommandStep(timedOut, { nodeEnvironments: slow });
    const timedOutGroup = await npmGroup(hanging.pidFile);
    expect(result).toMatchObject({ outcome: 'timed-out', failure: { code: 'STEP_TIMED_OUT' } });
    expect(await processGroupAlive(timedOutGroup)).toBe(false);
    // No environment, staging folder or lock is left behind.
    expect(await readdir(root)).toEqual([]);
  });
});

/** The process group of the hanging npm, once it has started. */
async function npmGroup(pidFile: string): Promise<number> {
  const group = Number(
    await until(
      () => readFile(pidFile, 'utf8').catch(() => ''),
      (text) => text.endsWith('\n'),
      'npm to start',
    ),
  );
  groups.push(group);
  return group;
}

describe('parallel steps with npm dependencies', () => {
  const ENTRY = [
    "import leftPad from 'left-pad-local';",
    'export function run(miniBatch) {',
    "  return miniBatch.map((row) => `${row.id},${leftPad(row.amount, 6, '0')}`);",
    '}',
    '',
  ].join('\n');

  async function parallelLaunch(
    codeFolder: string,
    overrides: Partial<ParallelStepLaunch> = {},
  ): Promise<ParallelStepLaunch> {
    const folders = await attemptFolders();
    const input = join(base, 'input', 'loans.csv');
    await mkdir(join(input, '..'), { recursive: true });
    const rows = Array.from({ length: 10 }, (_, index) => `${index},${index * 7}`);
    await writeFile(input, `id,amount\n${rows.join('\n')}\n`);
    return {
      stepRunId: 'step-run-parallel',
      stepName: 'score',
      ...folders,
      codeFolder,
      environment: {},
      signal: new AbortController().signal,
      entryScript: 'score.mjs',
      programArguments: [],
      input: { kind: 'table', path: input },
      miniBatchSize: { unit: 'rows', value: 3 },
      workerCount: 2,
      runMaxTry: 1,
      runInvocationTimeoutSeconds: 60,
      errorThreshold: -1,
      allowedFailedCount: -1,
      allowedFailedPercent: 100,
      outputAction: 'append_row',
      appendRowFile: join(base, 'outputs', `attempt-${attempts}`, 'parallel_run_step.txt'),
      loggingLevel: 'INFO',
      ...overrides,
    };
  }

  it('lets every Node worker import the dependencies of package.json', async () => {
    const code = await snapshot('score', { 'package.json': withDependency(), 'score.mjs': ENTRY });
    const launch = await parallelLaunch(code);
    const result = await runParallelStep(launch, { nodeEnvironments: environments });

    expect(result).toMatchObject({ outcome: 'succeeded', failure: null, errors: [] });
    expect(result.metrics.find((metric) => metric.name === 'worker_processes_started')?.value).toBe(
      2,
    );
    const lines = (await readFile(launch.appendRowFile!, 'utf8')).trim().split('\n');
    expect(lines).toEqual(
      Array.from({ length: 10 }, (_, index) => `${index},${String(index * 7).padStart(6, '0')}`),
    );
    expect(await log(launch, 'stderr.txt')).toContain('[millrace] Node dependencies: installing');
    expect(await npm.calls()).toHaveLength(1);
  });

  it('fails with STEP_ENVIRONMENT_FAILED before starting a worker when the install fails', async () => {
    const code = await snapshot('broken', {
      'package.json': stepPackageJson({ 'left-pad-local': `file:${join(base, 'nowhere')}` }),
      'score.mjs': ENTRY,
    });
    const launch = await parallelLaunch(code);
    const result = await runParallelStep(launch, { nodeEnvironments: environments });

    expect(result).toMatchObject({
      outcome: 'failed',
      failure: { code: 'STEP_ENVIRONMENT_FAILED', failureType: 'UserError' },
      progress: { miniBatches: { total: 0 } },
    });
    expect(result.failure?.message).toContain('npm error code ENOENT');
    expect(existsSync(join(launch.logFolder, 'worker-0.txt'))).toBe(false);
  });

  it('ends timed-out and stops npm when the step timeout passes during the install', async () => {
    const hanging = await hangingNpm(join(base, 'hanging'));
    const code = await snapshot('score', { 'package.json': withDependency(), 'score.mjs': ENTRY });
    const launch = await parallelLaunch(code, { timeoutSeconds: 1 });
    const result = await runParallelStep(launch, {
      nodeEnvironments: new NodeEnvironments({ root, npm: hanging.npm }),
    });
    const group = await npmGroup(hanging.pidFile);

    expect(result).toMatchObject({ outcome: 'timed-out', failure: { code: 'STEP_TIMED_OUT' } });
    expect(await processGroupAlive(group)).toBe(false);
  });
});
