/**
 * Node environments with the real npm and real files: installs from a local `file:` package (no
 * registry), reuse by content hash, one install for concurrent ensures (one process, and two
 * instances standing for two processes), stale locks, failures quoting npm, and stopping npm.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ENVIRONMENT_RECORD_FILE,
  NodeEnvironments,
  type NodeEnvironment,
} from '../../src/ml/steps/node-environments.js';
import { processGroupAlive } from '../../src/processes/process-group.js';
import {
  nodePackageSandbox,
  hangingNpm,
  lockFileFor,
  stepPackageJson,
  type CountingNpm,
} from './node-packages.js';
import { until } from '../support/polling.js';
import { killLeftoverGroups } from '../support/process-groups.js';

let base: string;
let root: string;
let localPackage: string;
let npm: CountingNpm;
const groups: number[] = [];

beforeEach(async () => {
  ({ base, root, localPackage, npm } = await nodePackageSandbox('millrace-node-env-'));
});
afterEach(async () => {
  killLeftoverGroups(groups);
  await rm(base, { recursive: true, force: true });
});

async function codeFolder(name: string, files: Record<string, string>): Promise<string> {
  const folder = join(base, 'code', name);
  await mkdir(folder, { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(folder, file), content);
  return folder;
}

function collectingLog(): { log: (text: string | Buffer) => void; text: () => string } {
  let text = '';
  return { log: (chunk) => (text += chunk.toString()), text: () => text };
}

function ensure(
  environments: NodeEnvironments,
  folder: string,
  signal = new AbortController().signal,
  log = collectingLog().log,
): Promise<NodeEnvironment> {
  return environments.ensure(folder, { signal, log });
}

function readyOf(environment: NodeEnvironment): Extract<NodeEnvironment, { kind: 'ready' }> {
  expect(environment.kind).toBe('ready');
  return environment as Extract<NodeEnvironment, { kind: 'ready' }>;
}

/** Runs node in `folder` (whose node_modules is linked to the environment) importing the package. */
function importFrom(nodeModules: string): string {
  const result = spawnSync(
    process.execPath,
    ['-e', "console.log(require('left-pad-local')('7', 3, '0'))"],
    { cwd: join(nodeModules, '..'), encoding: 'utf8' },
  );
  return result.stdout.trim();
}

const withDependency = (): string => stepPackageJson({ 'left-pad-local': `file:${localPackage}` });

describe('Node environments', () => {
  it('installs nothing and calls no npm for a folder without package.json or dependencies', async () => {
    const environments = new NodeEnvironments({ root, npm: npm.npm });
    const bare = await codeFolder('bare', { 'step.mjs': '' });
    const devOnly = await codeFolder('dev-only', {
      'package.json': JSON.stringify({ name: 'x', devDependencies: { vitest: '4.0.0' } }),
    });
    expect(await ensure(environments, bare)).toEqual({ kind: 'none' });
    expect(await ensure(environments, devOnly)).toEqual({ kind: 'none' });
    expect(await npm.calls()).toEqual([]);
    expect(existsSync(root)).toBe(false);
  });

  it('installs a file: dependency as a copy with npm install, then reuses the environment', async () => {
    const environments = new NodeEnvironments({ root, npm: npm.npm });
    const folder = await codeFolder('a', { 'package.json': withDependency() });
    const output = collectingLog();
    const first = readyOf(await ensure(environments, folder, undefined, output.log));
    expect(first.installed).toBe(true);
    expect(first.nodeModules).toBe(join(root, first.hash, 'node_modules'));
    expect(output.text()).toContain(`installing ${join(root, first.hash)} (npm install`);
    expect(output.text()).toMatch(/installed .* in \d+\.\d s/);
    // --install-links: a real folder in the environment, not a link back to the source.
    const installed = join(first.nodeModules, 'left-pad-local');
    expect((await realpath(installed)).startsWith(root)).toBe(true);
    expect(importFrom(first.nodeModules)).toBe('007');
    const record = JSON.parse(
      await readFile(join(root, first.hash, ENVIRONMENT_RECORD_FILE), 'utf8'),
    ) as Record<string, unknown>;
    expect(record).toMatchObject({ hash: first.hash, lock: null, node: process.version });
    expect(record.command).toMatch(/^npm install --no-package-lock --omit=dev --install-links/);
    const inode = (await stat(join(root, first.hash))).ino;

    // Same package.json in another folder, and in a new instance: the same environment.
    const other = await codeFolder('b', { 'package.json': withDependency(), 'x.mjs': '' });
    const reusing = collectingLog();
    const second = readyOf(await ensure(environments, other, undefined, reusing.log));
    const third = readyOf(await ensure(new NodeEnvironments({ root, npm: npm.npm }), folder));
    expect([second.hash, third.hash]).toEqual([first.hash, first.hash]);
    expect([second.installed, third.installed]).toEqual([false, false]);
    expect(reusing.text()).toContain(`using the environment ${join(root, first.hash)}`);
    expect(await npm.calls()).toHaveLength(1);
    expect((await stat(join(root, first.hash))).ino).toBe(inode);
    // Nothing but the environment is left in the root: no staging folder, no lock.
    expect(await readdir(root)).toEqual([first.hash]);
  });

  it('uses npm ci when there is a lock, under another hash than without it', async () => {
    const environments = new NodeEnvironments({ root, npm: npm.npm });
    const packageJson = withDependency();
    const unlocked = readyOf(
      await ensure(environments, await codeFolder('unlocked', { 'package.json': packageJson })),
    );
    const locked = readyOf(
      await ensure(
        environments,
        await codeFolder('locked', {
          'package.json': packageJson,
          'package-lock.json': await lockFileFor(base, packageJson),
        }),
      ),
    );
    expect(locked.hash).not.toBe(unlocked.hash);
    const calls = await npm.calls();
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatch(/^ci --omit=dev --install-links --no-audit --no-fund/);
    expect(importFrom(locked.nodeModules)).toBe('007');
    expect(await readFile(join(root, locked.hash, 'package-lock.json'), 'utf8')).toContain(
      'left-pad-local',
    );
  });

  it('does not run the scripts of the step’s own package.json while installing', async () => {
    const environments = new NodeEnvironments({ root, npm: npm.npm });
    const marker = join(base, 'postinstall-ran');
    const packageJson = JSON.stringify({
      name: 'step-code',
      version: '1.0.0',
      dependencies: { 'left-pad-local': `file:${localPackage}` },
      scripts: { postinstall: `touch ${marker}` },
    });
    readyOf(
      await ensure(environments, await codeFolder('scripts', { 'package.json': packageJson })),
    );
    expect(existsSync(marker)).toBe(false);
  });

  it('fails as a UserError quoting npm when a file: dependency does not exist, leaving nothing behind', async () => {
    const environments = new NodeEnvironments({ root, npm: npm.npm });
    const missing = join(base, 'no-such-package');
    const output = collectingLog();
    const result = await ensure(
      environments,
      await codeFolder('broken', { 'package.json': stepPackageJson({ nope: `file:${missing}` }) }),
      undefined,
      output.log,
    );
    expect(result).toMatchObject({ kind: 'failed', failureType: 'UserError' });
    const message = (result as { message: string }).message;
    expect(message).toContain('npm install --no-package-lock');
    expect(message).toContain('npm error code ENOENT');
    expect(message).toContain(join(missing, 'package.json'));
    expect(message).not.toContain('A complete log of this run');
    expect(output.text()).toContain('npm error code ENOENT');
    expect(await readdir(root)).toEqual([]);
  });

  it('fails on a package.json that is not JSON, and when npm cannot be started', async () => {
    const broken = await codeFolder('not-json', { 'package.json': '{"dependencies": ' });
    expect(await ensure(new NodeEnvironments({ root, npm: npm.npm }), broken)).toMatchObject({
      kind: 'failed',
      failureType: 'UserError',
      message: expect.stringContaining('is not valid JSON'),
    });
    const folder = await codeFolder('a', { 'package.json': withDependency() });
    const noNpm = new NodeEnvironments({ root, npm: join(base, 'missing-npm') });
    expect(await ensure(noNpm, folder)).toMatchObject({
      kind: 'failed',
      failureType: 'SystemError',
      message: expect.stringContaining('npm could not be started'),
    });
    expect(await npm.calls()).toEqual([]);
  });

  it('installs once for concurrent ensures of the same dependencies in one process', async () => {
    const environments = new NodeEnvironments({ root, npm: npm.npm });
    const folders = await Promise.all(
      ['a', 'b', 'c'].map((name) => codeFolder(name, { 'package.json': withDependency() })),
    );
    const logs = folders.map(() => collectingLog());
    const results = await Promise.all(
      folders.map((folder, index) => ensure(environments, folder, undefined, logs[index]!.log)),
    );
    const ready = results.map(readyOf);
    expect(new Set(ready.map((result) => result.nodeModules)).size).toBe(1);
    expect(await npm.calls()).toHaveLength(1);
    const texts = logs.map((log) => log.text());
    expect(
      texts.filter((text) => text.includes('waiting for another step installing')),
    ).toHaveLength(2);
    // Those that waited see npm's notes too.
    for (const text of texts) expect(text).toContain('installed ');
  });

  it('installs once when two processes (two instances on one root) ensure at once', async () => {
    const folder = await codeFolder('a', { 'package.json': withDependency() });
    const logs = [collectingLog(), collectingLog()];
    const [one, two] = await Promise.all(
      logs.map((output) =>
        ensure(new NodeEnvironments({ root, npm: npm.npm }), folder, undefined, output.log),
      ),
    );
    // One of them found the other's lock (this process's pid) and waited for it.
    expect(
      logs.filter((output) => output.text().includes(`waiting for process ${process.pid}`)),
    ).toHaveLength(1);
    expect(readyOf(one!).nodeModules).toBe(readyOf(two!).nodeModules);
    expect(await npm.calls()).toHaveLength(1);
    expect(
      [readyOf(one!).installed, readyOf(two!).installed].sort((a, b) => Number(a) - Number(b)),
    ).toEqual([false, true]);
  });

  it('breaks the lock of a dead installer and removes the staging folder it left', async () => {
    const folder = await codeFolder('a', { 'package.json': withDependency() });
    const { hash } = readyOf(
      await ensure(new NodeEnvironments({ root: join(base, 'probe'), npm: npm.npm }), folder),
    );
    const dead = spawnSync('true').pid;
    await mkdir(join(root, `${hash}.lock`), { recursive: true });
    await writeFile(
      join(root, `${hash}.lock`, 'owner.json'),
      JSON.stringify({ pid: dead, host: hostname() }),
    );
    await mkdir(join(root, `.installing-${hash}-crashed`, 'node_modules'), { recursive: true });

    const result = readyOf(await ensure(new NodeEnvironments({ root, npm: npm.npm }), folder));
    expect(result.installed).toBe(true);
    expect(await readdir(root)).toEqual([hash]);
    expect(await npm.calls()).toHaveLength(2);
  });

  it('waits while a live process holds the lock and stops waiting when aborted', async () => {
    const folder = await codeFolder('a', { 'package.json': withDependency() });
    const { hash } = readyOf(
      await ensure(new NodeEnvironments({ root: join(base, 'probe'), npm: npm.npm }), folder),
    );
    await mkdir(join(root, `${hash}.lock`), { recursive: true });
    await writeFile(
      join(root, `${hash}.lock`, 'owner.json'),
      JSON.stringify({ pid: process.pid, host: hostname() }),
    );
    const stop = new AbortController();
    const output = collectingLog();
    const waiting = ensure(
      new NodeEnvironments({ root, npm: npm.npm }),
      folder,
      stop.signal,
      output.log,
    );
    await until(
      async () => output.text(),
      (text) => text.includes(`waiting for process ${process.pid}`),
      'the waiting note',
    );
    stop.abort();
    expect(await waiting).toEqual({ kind: 'aborted' });
    expect(await npm.calls()).toHaveLength(1);
    // The lock of the live holder is left alone.
    expect(existsSync(join(root, `${hash}.lock`, 'owner.json'))).toBe(true);
  });

  it('stops npm with its whole process tree on abort and leaves no environment', async () => {
    const hanging = await hangingNpm(join(base, 'hanging'));
    const environments = new NodeEnvironments({ root, npm: hanging.npm });
    const folder = await codeFolder('a', { 'package.json': withDependency() });
    const stop = new AbortController();
    const first = ensure(environments, folder, stop.signal);
    // A second step waiting for the same install keeps it going until it stops waiting too.
    const secondStop = new AbortController();
    const second = ensure(environments, folder, secondStop.signal);
    const group = Number(
      await until(
        () => readFile(hanging.pidFile, 'utf8').catch(() => ''),
        (text) => text.endsWith('\n'),
        'npm to start',
      ),
    );
    groups.push(group);
    stop.abort();
    expect(await first).toEqual({ kind: 'aborted' });
    expect(await processGroupAlive(group)).toBe(true);
    secondStop.abort();
    expect(await second).toEqual({ kind: 'aborted' });
    await until(
      () => processGroupAlive(group),
      (alive) => !alive,
      'the npm process tree to end',
    );
    await until(
      () => readdir(root),
      (names) => names.length === 0,
      'the staging folder and the lock to be removed',
    );
  });
});
