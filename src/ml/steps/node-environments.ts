/**
 * Node environments: the npm dependencies a step's code folder declares in its `package.json`
 * (pinned by `npm-shrinkwrap.json` or `package-lock.json` when there is one), installed once per
 * content hash into a cache folder and shared by every step and run that declares the same ones,
 * as Azure ML builds a step's environment once and reuses it.
 *
 * Layout of the cache root:
 * - `<hash>/`: a complete environment (`package.json`, the lock, `node_modules/`,
 *   `millrace-environment.json`). It appears by an atomic rename of a finished install and is
 *   never changed afterwards, so a folder with that name is always whole.
 * - `.installing-<hash>-<uuid>/`: an install under way, a sibling of `<hash>/` so that relative
 *   paths npm wrote (links, `file:` entries of a lock) mean the same after the rename. One a crash
 *   left behind is removed by the next install of the same hash.
 * - `<hash>.lock/owner.json`: `{ pid, host }` of the process installing `<hash>`, so that two
 *   processes never run npm for the same environment at once; a lock whose process is dead is
 *   broken. Within one process, concurrent ensures of one hash share one install.
 *
 * The hash covers package.json and the lock file byte for byte, plus the platform, CPU and Node
 * ABI (native addons built for one Node do not load in another). It does not cover what a
 * version range or a `file:` path resolves to today: without a lock, an environment keeps what
 * its first install resolved.
 *
 * The lock is `node-environment-lock.ts`; running npm and reading its failures, `npm-install.ts`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve as resolvePath } from 'node:path';
import { errorCode, isFolder, readOptionalFile } from './node-environment-fs.js';
import { acquireLock } from './node-environment-lock.js';
import { NPM_INSTALL_FLAGS, defaultNpm, npmFailure, runNpm } from './npm-install.js';

/** Consulted in this order, as npm does: a shrinkwrap wins over a package lock. */
export const LOCK_FILE_NAMES = ['npm-shrinkwrap.json', 'package-lock.json'] as const;
/** Written into every finished environment: what was installed, how and when. */
export const ENVIRONMENT_RECORD_FILE = 'millrace-environment.json';

/** Changing how environments are built changes this, so that old ones are not reused. */
const HASH_SCHEME = 'millrace-node-environment/1';
const STAGING_PREFIX = '.installing-';
const LOCK_SUFFIX = '.lock';

export interface NodeEnvironmentsOptions {
  /** Absolute folder holding the environments; created when the first one is installed. */
  readonly root: string;
  /**
   * The npm executable. (Default: `npm` in the folder of the running Node, `process.execPath`,
   * when it is there, else `npm` on the PATH.)
   */
  readonly npm?: string;
}

export interface EnsureNodeEnvironmentOptions {
  /** Aborting stops npm with its whole process tree; the result is then `aborted`. */
  readonly signal: AbortSignal;
  /** Gets npm's output and Millrace's notes as they come (the step's stderr log). */
  readonly log: (text: string | Buffer) => void;
}

export type NodeEnvironment =
  /** The folder has no package.json, or it declares no (optional) dependencies. */
  | { readonly kind: 'none' }
  | {
      readonly kind: 'ready';
      readonly hash: string;
      /** Absolute `<root>/<hash>/node_modules`. */
      readonly nodeModules: string;
      /** True when this ensure ran npm (or joined the install another step of this process ran). */
      readonly installed: boolean;
    }
  | {
      readonly kind: 'failed';
      /** UserError when package.json or the lock asks for what cannot be had; else SystemError. */
      readonly failureType: 'UserError' | 'SystemError';
      readonly message: string;
    }
  | { readonly kind: 'aborted' };

type Log = EnsureNodeEnvironmentOptions['log'];

interface DependencyManifest {
  readonly hash: string;
  /** package.json as npm gets it: without `scripts`, which belong to the code, not its dependencies. */
  readonly installManifest: string;
  readonly lock: { readonly name: string; readonly bytes: Buffer } | undefined;
}

const ABORTED: NodeEnvironment = { kind: 'aborted' };

export class NodeEnvironments {
  readonly root: string;
  readonly npm: string;
  private readonly installs = new Map<string, SharedInstall>();

  constructor(options: NodeEnvironmentsOptions) {
    this.root = options.root;
    this.npm = options.npm ?? defaultNpm();
  }

  /** Where the environment with this hash is, once installed. */
  folderOf(hash: string): string {
    return join(this.root, hash);
  }

  /**
   * Makes the dependencies of `codeFolder`'s package.json importable: installs them unless an
   * environment with the same hash exists. Never throws: a failed install is a `failed` result.
   */
  async ensure(
    codeFolder: string,
    options: EnsureNodeEnvironmentOptions,
  ): Promise<NodeEnvironment> {
    const { signal, log } = options;
    if (signal.aborted) return ABORTED;
    let read: DependencyManifest | Extract<NodeEnvironment, { kind: 'none' | 'failed' }>;
    try {
      read = await readDependencyManifest(codeFolder);
    } catch (error) {
      return failed(
        'SystemError',
        `Reading the package.json of the step's code failed: ${messageOf(error)}.`,
      );
    }
    if ('kind' in read) return read;
    const manifest = read;
    const folder = this.folderOf(manifest.hash);
    for (;;) {
      if (await isFolder(folder)) {
        log(`[millrace] Node dependencies: using the environment ${folder}\n`);
        return ready(folder, manifest.hash, false);
      }
      const running = this.installs.get(manifest.hash);
      if (running === undefined) break;
      // Every step that waited for it left: it is being stopped, so start a fresh one after it.
      if (running.abandoned) {
        await running.settled;
        continue;
      }
      log(`[millrace] Node dependencies: waiting for another step installing ${folder}\n`);
      return running.join(log, signal);
    }
    if (signal.aborted) return ABORTED; // an install nobody joins would never start or end
    const install = new SharedInstall((installSignal, installLog) =>
      this.install(manifest, installSignal, installLog),
    );
    this.installs.set(manifest.hash, install);
    void install.settled.then(() => {
      if (this.installs.get(manifest.hash) === install) this.installs.delete(manifest.hash);
    });
    return install.join(log, signal);
  }

  private async install(
    manifest: DependencyManifest,
    signal: AbortSignal,
    log: Log,
  ): Promise<NodeEnvironment> {
    const { hash } = manifest;
    const folder = this.folderOf(hash);
    try {
      await mkdir(this.root, { recursive: true });
      const lock = await acquireLock(join(this.root, `${hash}${LOCK_SUFFIX}`), folder, signal, log);
      if (lock === 'aborted') return ABORTED;
      if (lock === 'installed-meanwhile') {
        log(`[millrace] Node dependencies: using the environment ${folder}\n`);
        return ready(folder, hash, false);
      }
      try {
        if (await isFolder(folder)) return ready(folder, hash, false);
        return await this.installLocked(manifest, signal, log);
      } finally {
        await lock.release();
      }
    } catch (error) {
      return failed(
        'SystemError',
        `Preparing the Node environment ${folder} failed: ${messageOf(error)}. Check free space and permissions of ${this.root} (MILLRACE_NODE_ENVIRONMENTS).`,
      );
    }
  }

  /** Runs npm in a staging folder and renames it into place; the caller holds the lock. */
  private async installLocked(
    manifest: DependencyManifest,
    signal: AbortSignal,
    log: Log,
  ): Promise<NodeEnvironment> {
    const { hash } = manifest;
    const folder = this.folderOf(hash);
    await removeLeftovers(this.root, hash);
    const staging = join(this.root, `${STAGING_PREFIX}${hash}-${randomUUID()}`);
    try {
      await mkdir(staging);
      await writeFile(join(staging, 'package.json'), manifest.installManifest);
      if (manifest.lock !== undefined)
        await writeFile(join(staging, manifest.lock.name), manifest.lock.bytes);
      const args =
        manifest.lock === undefined
          ? ['install', '--no-package-lock', ...NPM_INSTALL_FLAGS]
          : ['ci', ...NPM_INSTALL_FLAGS];
      const commandLine = `npm ${args.join(' ')}`;
      log(
        `[millrace] Node dependencies: installing ${folder} (${commandLine}, ${manifest.lock === undefined ? 'no lock file' : manifest.lock.name})\n`,
      );
      const started = performance.now();
      const npm = await runNpm(this.npm, args, staging, signal, log);
      if (npm.kind === 'aborted') {
        log('[millrace] Node dependencies: the install was stopped\n');
        return ABORTED;
      }
      if (npm.kind === 'spawn-failed')
        return failed(
          'SystemError',
          `npm could not be started (${this.npm}: ${npm.message}); install npm beside Node or put it on the PATH.`,
        );
      if (npm.kind === 'failed') return { kind: 'failed', ...npmFailure(commandLine, npm) };
      await mkdir(join(staging, 'node_modules'), { recursive: true });
      const record = {
        hash,
        command: commandLine,
        lock: manifest.lock?.name ?? null,
        node: process.version,
        installedAt: new Date().toISOString(),
      };
      await writeFile(
        join(staging, ENVIRONMENT_RECORD_FILE),
        `${JSON.stringify(record, null, 2)}\n`,
      );
      await renameIntoPlace(staging, folder);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      log(`[millrace] Node dependencies: installed ${folder} in ${seconds} s\n`);
      return ready(folder, hash, true);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
}

/**
 * The cache root: `MILLRACE_NODE_ENVIRONMENTS` (relative to the current folder) when set, else
 * `<Millrace home>/ml/environments/node`.
 */
export function nodeEnvironmentsRoot(
  millraceHome: string,
  environment: NodeJS.ProcessEnv = process.env,
): string {
  const configured = environment.MILLRACE_NODE_ENVIRONMENTS;
  return configured !== undefined && configured !== ''
    ? resolvePath(configured)
    : join(millraceHome, 'ml', 'environments', 'node');
}

/**
 * One install of one hash in this process, shared by every step waiting for it. npm is stopped
 * only when every one of them has stopped waiting (canceled, timed out).
 */
class SharedInstall {
  private readonly logs = new Set<Log>();
  private readonly stop = new AbortController();
  private started: Promise<NodeEnvironment> | undefined;
  private settle: (() => void) | undefined;
  /** Resolves once the install has ended, whatever its result. */
  readonly settled = new Promise<void>((resolve) => (this.settle = resolve));

  constructor(private readonly run: (signal: AbortSignal, log: Log) => Promise<NodeEnvironment>) {}

  get abandoned(): boolean {
    return this.stop.signal.aborted;
  }

  join(log: Log, signal: AbortSignal): Promise<NodeEnvironment> {
    if (signal.aborted) return Promise.resolve(ABORTED);
    this.logs.add(log);
    // Started at the first join, so that its first note already reaches a log.
    const result = (this.started ??= this.run(this.stop.signal, (text) => {
      for (const each of this.logs) each(text);
    })
      .catch((error: unknown) =>
        failed('SystemError', `Installing the Node dependencies failed: ${messageOf(error)}.`),
      )
      .finally(() => this.settle?.()));
    return new Promise((resolve) => {
      // The last step to stop waiting gets its answer once npm's tree is gone and the staging
      // folder removed, as a runner's result comes only after its processes ended.
      const leave = (): void => {
        this.logs.delete(log);
        if (this.logs.size > 0) return resolve(ABORTED);
        this.stop.abort();
        void this.settled.then(() => resolve(ABORTED));
      };
      signal.addEventListener('abort', leave, { once: true });
      void result.then((environment) => {
        signal.removeEventListener('abort', leave);
        this.logs.delete(log);
        resolve(environment);
      });
    });
  }
}

/** package.json and its lock, or why there is nothing to install. */
async function readDependencyManifest(
  codeFolder: string,
): Promise<DependencyManifest | Extract<NodeEnvironment, { kind: 'none' | 'failed' }>> {
  const packageJson = await readOptionalFile(join(codeFolder, 'package.json'));
  if (packageJson === undefined) return { kind: 'none' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(packageJson.toString('utf8'));
  } catch (error) {
    return failed(
      'UserError',
      `The package.json of the step's code is not valid JSON: ${messageOf(error)}.`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return failed('UserError', "The package.json of the step's code must hold a JSON object.");
  const fields = parsed as Record<string, unknown>;
  let declared = 0;
  for (const field of ['dependencies', 'optionalDependencies']) {
    const value = fields[field];
    if (value === undefined) continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return failed(
        'UserError',
        `"${field}" in the package.json of the step's code must be an object of package names and versions.`,
      );
    declared += Object.keys(value).length;
  }
  if (declared === 0) return { kind: 'none' };

  let lock: DependencyManifest['lock'];
  for (const name of LOCK_FILE_NAMES) {
    const bytes = await readOptionalFile(join(codeFolder, name));
    if (bytes !== undefined) {
      lock = { name, bytes };
      break;
    }
  }
  const digest = createHash('sha256');
  digest.update(
    `${HASH_SCHEME}\n${process.platform} ${process.arch} ${process.versions.modules}\n`,
  );
  digest.update(`package.json ${packageJson.length}\n`).update(packageJson);
  if (lock !== undefined) digest.update(`\n${lock.name} ${lock.bytes.length}\n`).update(lock.bytes);
  const { scripts: _scripts, ...installFields } = fields;
  return {
    hash: digest.digest('hex'),
    installManifest: `${JSON.stringify(installFields, null, 2)}\n`,
    lock,
  };
}

/** Staging folders of this hash left by an install that died; the lock says none is running. */
async function removeLeftovers(root: string, hash: string): Promise<void> {
  const prefix = `${STAGING_PREFIX}${hash}-`;
  for (const name of await readdir(root)) {
    if (name.startsWith(prefix)) await rm(join(root, name), { recursive: true, force: true });
  }
}

async function renameIntoPlace(staging: string, folder: string): Promise<void> {
  try {
    await rename(staging, folder);
  } catch (error) {
    const code = errorCode(error);
    // Another process finished the same environment first (its lock was broken as stale).
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await isFolder(folder))) return;
    throw error;
  }
}

function ready(folder: string, hash: string, installed: boolean): NodeEnvironment {
  return { kind: 'ready', hash, nodeModules: join(folder, 'node_modules'), installed };
}

function failed(
  failureType: 'UserError' | 'SystemError',
  message: string,
): Extract<NodeEnvironment, { kind: 'failed' }> {
  return { kind: 'failed', failureType, message };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
