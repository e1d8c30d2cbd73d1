/**
 * npm packages for tests of Node environments that must not depend on the registry: a tiny local
 * package referenced as a `file:` dependency, step code folders declaring it, lock files for
 * them, and an npm that counts its calls before running the real one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const LOCAL_PACKAGE_NAME = 'left-pad-local';

/** The npm the product uses: beside the running Node, else on the PATH. */
export const REAL_NPM = existsSync(join(dirname(process.execPath), 'npm'))
  ? join(dirname(process.execPath), 'npm')
  : 'npm';

/** Writes the package `left-pad-local` (CommonJS, no dependencies) into `<parent>/left-pad-local`. */
export async function writeLocalPackage(parent: string): Promise<string> {
  const folder = join(parent, LOCAL_PACKAGE_NAME);
  await mkdir(folder, { recursive: true });
  await writeFile(
    join(folder, 'package.json'),
    JSON.stringify({ name: LOCAL_PACKAGE_NAME, version: '1.0.0', main: 'index.js' }),
  );
  await writeFile(
    join(folder, 'index.js'),
    "module.exports = (text, width, fill = ' ') => String(text).padStart(width, fill);\n",
  );
  return folder;
}

/** A package.json declaring `dependencies` (name → spec), e.g. `file:/abs/left-pad-local`. */
export function stepPackageJson(dependencies: Record<string, string>): string {
  return `${JSON.stringify({ name: 'step-code', version: '1.0.0', private: true, dependencies }, null, 2)}\n`;
}

/** A step script that pads its first argument with the local package and prints it. */
export const PAD_SCRIPT = [
  `import leftPad from '${LOCAL_PACKAGE_NAME}';`,
  "console.log(`padded:${leftPad(process.argv[2] ?? '7', 3, '0')}`);",
  '',
].join('\n');

/**
 * A package-lock.json for `packageJson`, made by npm in `<scratch>/lock/step/`. npm writes
 * `file:` paths into a lock relative to the folder it runs in, and the environments run npm in a
 * folder directly inside their root: a scratch folder two levels below the parent of the root
 * makes the same relative paths, so keep `scratch` the parent of the environments root.
 */
export async function lockFileFor(scratch: string, packageJson: string): Promise<string> {
  const folder = join(scratch, 'lock', 'step');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'package.json'), packageJson);
  const npm = spawnSync(REAL_NPM, ['install', '--package-lock-only', '--loglevel=error'], {
    cwd: folder,
    encoding: 'utf8',
  });
  if (npm.status !== 0) throw new Error(`npm install --package-lock-only failed: ${npm.stderr}`);
  return readFile(join(folder, 'package-lock.json'), 'utf8');
}

export interface CountingNpm {
  /** The executable to configure as npm. */
  readonly npm: string;
  /** The argument lines of every call so far. */
  calls(): Promise<string[]>;
}

/** A script that records each call (its arguments) and then runs the real npm. */
export async function countingNpm(folder: string): Promise<CountingNpm> {
  await mkdir(folder, { recursive: true });
  const npm = join(folder, 'npm-counting');
  const log = join(folder, 'npm-calls.txt');
  await writeFile(npm, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${REAL_NPM}' "$@"\n`);
  await chmod(npm, 0o755);
  return {
    npm,
    calls: async () =>
      (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((line) => line !== ''),
  };
}

/**
 * An "npm" that never finishes: it writes its process group to `<folder>/npm.pid` and waits on a
 * child, so that a test can check that stopping an install stops the whole tree.
 */
export async function hangingNpm(folder: string): Promise<{ npm: string; pidFile: string }> {
  await mkdir(folder, { recursive: true });
  const npm = join(folder, 'npm-hanging');
  const pidFile = join(folder, 'npm.pid');
  await writeFile(npm, `#!/bin/sh\nsleep 60 &\necho $$ > '${pidFile}'\nwait\n`);
  await chmod(npm, 0o755);
  return { npm, pidFile };
}

export interface NodePackageSandbox {
  /** A fresh temporary folder (real path), removed by the caller. */
  readonly base: string;
  /** The environment cache root under `base`. */
  readonly root: string;
  /** The local package (`writeLocalPackage`) steps depend on. */
  readonly localPackage: string;
  readonly npm: CountingNpm;
}

/** The folders a node-environment test starts from: a cache root, a local package, a counting npm. */
export async function nodePackageSandbox(prefix: string): Promise<NodePackageSandbox> {
  const base = await realpath(await mkdtemp(join(tmpdir(), prefix)));
  return {
    base,
    root: join(base, 'environments'),
    localPackage: await writeLocalPackage(base),
    npm: await countingNpm(join(base, 'bin')),
  };
}
