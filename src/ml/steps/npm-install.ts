/**
 * Running npm for a Node environment: the flags of every install, the environment npm gets, its
 * process tree stopped on abort, and npm's failures turned into a message and a failure type.
 */
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { inheritedEnvironment } from '../../processes/inherited-environment.js';
import {
  killProcessTree,
  signalProcessGroup,
  spawnProcessGroup,
} from '../../processes/process-tree.js';
import { TailBuffer } from '../../processes/tail-buffer.js';

/** How much of npm's error output a failure message quotes. */
export const NPM_ERROR_IN_MESSAGE_CHARS = 500;
/**
 * Flags of every install. `--install-links` packs `file:` folder dependencies into the
 * environment instead of linking to them: an environment never depends on a folder outside the
 * cache, and a missing folder fails the install instead of leaving a dangling link.
 */
export const NPM_INSTALL_FLAGS = [
  '--omit=dev',
  '--install-links',
  '--no-audit',
  '--no-fund',
  '--prefer-offline',
  '--loglevel=error',
] as const;

const STDERR_TAIL_BYTES = 16 * 1024;
/** npm error codes that mean the package.json or lock asks for something that does not exist. */
const USER_ERROR_NPM_CODES: ReadonlySet<string> = new Set([
  'E404',
  'ETARGET',
  'ENOENT',
  'ENOTDIR',
  'EUSAGE',
  'EJSONPARSE',
  'ERESOLVE',
  'ENOVERSIONS',
  'EINVALIDTAGNAME',
  'EINVALIDPACKAGENAME',
  'EUNSUPPORTEDPROTOCOL',
]);

export type NpmOutcome =
  | { readonly kind: 'succeeded' }
  | {
      readonly kind: 'failed';
      readonly exitCode: number | null;
      readonly signal: NodeJS.Signals | null;
      readonly stderr: string;
    }
  | { readonly kind: 'spawn-failed'; readonly message: string }
  | { readonly kind: 'aborted' };

/** Why an install failed, as a message that quotes npm and says what to do. */
export interface NpmFailure {
  /** UserError when npm's error code says a package, version or path does not exist. */
  readonly failureType: 'UserError' | 'SystemError';
  readonly message: string;
}

/** Runs npm as the leader of its own process group; abort stops the whole tree. */
export function runNpm(
  npm: string,
  args: readonly string[],
  cwd: string,
  signal: AbortSignal,
  log: (text: string | Buffer) => void,
): Promise<NpmOutcome> {
  const stderr = new TailBuffer(STDERR_TAIL_BYTES);
  return new Promise((resolve) => {
    if (signal.aborted) return resolve({ kind: 'aborted' });
    const child = spawnProcessGroup(npm, args, {
      cwd,
      env: npmEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stopping: Promise<void> | undefined;
    const onAbort = (): void => {
      stopping ??= killProcessTree(child);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.stdout?.on('data', (chunk: Buffer) => log(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.write(chunk);
      log(chunk);
    });
    child.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      resolve({ kind: 'spawn-failed', message: error.message });
    });
    // Whatever an install script left running would hold the pipes open.
    child.on('exit', () => signalProcessGroup(child, 'SIGKILL'));
    child.on('close', (code, exitSignal) => {
      signal.removeEventListener('abort', onAbort);
      if (child.pid === undefined) return; // 'error' resolved
      if (stopping !== undefined) {
        void stopping.then(() => resolve({ kind: 'aborted' }));
        return;
      }
      resolve(
        code === 0
          ? { kind: 'succeeded' }
          : { kind: 'failed', exitCode: code, signal: exitSignal, stderr: stderr.text() },
      );
    });
  });
}

/**
 * Millrace's environment less its credentials, never logged. The running Node's folder comes
 * first on the PATH, so an npm whose script starts with `#!/usr/bin/env node` and the install
 * scripts of packages run on the same Node as the steps.
 */
function npmEnvironment(): NodeJS.ProcessEnv {
  const environment = inheritedEnvironment();
  const nodeFolder = dirname(process.execPath);
  return {
    ...environment,
    PATH:
      environment.PATH === undefined || environment.PATH === ''
        ? nodeFolder
        : `${nodeFolder}${delimiter}${environment.PATH}`,
    npm_config_update_notifier: 'false',
  };
}

/** `npm` in the folder of the running Node when it is there, else `npm` on the PATH. */
export function defaultNpm(): string {
  const beside = join(dirname(process.execPath), 'npm');
  return existsSync(beside) ? beside : 'npm';
}

/** The message of an install npm ended with an error, quoting its `npm error` lines. */
export function npmFailure(
  commandLine: string,
  npm: Extract<NpmOutcome, { kind: 'failed' }>,
): NpmFailure {
  const how =
    npm.signal === null ? `exited with code ${npm.exitCode}` : `was ended by ${npm.signal}`;
  const failureType = npmFailureType(npm.stderr);
  const advice =
    failureType === 'UserError'
      ? 'Check the dependencies in package.json and the lock file (recreate it with `npm install --package-lock-only`).'
      : 'Check that this machine reaches the npm registry (or its npm cache has the packages) and has free space.';
  return {
    failureType,
    message: `Installing the step's Node dependencies failed: ${commandLine} ${how}. npm said: ${quoteNpmErrors(npm.stderr)} ${advice} The whole output is in stderr.txt.`,
  };
}

/** UserError when npm's error code says a package, version or path does not exist. */
export function npmFailureType(stderr: string): 'UserError' | 'SystemError' {
  const npmCode = /^npm (?:error|ERR!) code (\S+)/m.exec(stderr)?.[1];
  return npmCode !== undefined && USER_ERROR_NPM_CODES.has(npmCode) ? 'UserError' : 'SystemError';
}

/**
 * npm's `npm error` lines from the first (the code and what went wrong come first; a usage text
 * or the path of npm's debug log come last), else the end of its stderr.
 */
export function quoteNpmErrors(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
  const errors = lines.filter(
    (line) =>
      // "npm error 404" alone is a blank line of a block: it says nothing.
      /^npm (?:error|ERR!)\s+\S+\s+\S/.test(line) &&
      !/A complete log of this run can be found in/.test(line),
  );
  if (errors.length === 0) {
    const tail = lines.join('\n');
    if (tail === '') return '(nothing on stderr).';
    return tail.length > NPM_ERROR_IN_MESSAGE_CHARS
      ? `…${tail.slice(-(NPM_ERROR_IN_MESSAGE_CHARS - 1))}`
      : tail;
  }
  const quoted = errors.join('\n');
  return quoted.length > NPM_ERROR_IN_MESSAGE_CHARS
    ? `${quoted.slice(0, NPM_ERROR_IN_MESSAGE_CHARS - 1)}…`
    : quoted;
}
