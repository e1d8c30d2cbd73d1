/**
 * The folder a step's processes run in, shared by the command and parallel runners: a copy of
 * the code snapshot at `<working folder>/code`, with the npm dependencies its package.json
 * declares linked in as `node_modules` (see node-environments.ts).
 */
import { cp, lstat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeEnvironments } from './node-environments.js';
import type { StepFailure } from './step-launch.js';
import { StepErrorCodes } from './step-errors.js';

export interface StepCodeFolderRequest {
  /** Absolute; exists and is empty. */
  readonly workingFolder: string;
  /** The code snapshot; without one the working folder itself is the cwd. (Default: none.) */
  readonly codeFolder?: string | undefined;
  /** Installs package.json dependencies. (Default: none; a package.json is then only copied.) */
  readonly nodeEnvironments?: NodeEnvironments | undefined;
  /** Aborting stops an install under way; the result is then `stopped`. */
  readonly signal: AbortSignal;
  /** The step's stderr log: npm's output and notes on the environment. */
  readonly log: (text: string | Buffer) => void;
}

export type StepCodeFolder =
  | { readonly kind: 'ready'; readonly cwd: string }
  /** STEP_SPAWN_FAILED (the copy) or STEP_ENVIRONMENT_FAILED (the install). */
  | { readonly kind: 'failed'; readonly failure: StepFailure }
  | { readonly kind: 'stopped' };

/** Never throws: a copy or install that fails is a `failed` result. */
export async function prepareStepCodeFolder(
  request: StepCodeFolderRequest,
): Promise<StepCodeFolder> {
  const { codeFolder, workingFolder } = request;
  if (codeFolder === undefined) return { kind: 'ready', cwd: workingFolder };
  const cwd = join(workingFolder, 'code');
  try {
    // Copied, not linked, so that a step writing into its cwd cannot change the snapshot.
    // Symbolic links are copied as they are: nothing outside the snapshot is read. A working
    // folder used again (only tests do) gets the snapshot's files over what it holds.
    await cp(codeFolder, cwd, {
      recursive: true,
      dereference: false,
      verbatimSymlinks: true,
      preserveTimestamps: true,
      force: true,
    });
  } catch (error) {
    return failed(
      'STEP_SPAWN_FAILED',
      `The code folder ${codeFolder} could not be copied to ${cwd}: ${messageOf(error)}`,
      StepErrorCodes.STEP_SPAWN_FAILED.failureType,
    );
  }
  const { nodeEnvironments } = request;
  if (nodeEnvironments === undefined) return { kind: 'ready', cwd };
  const linkPath = join(cwd, 'node_modules');
  if (await exists(linkPath)) {
    request.log(
      '[millrace] Node dependencies: the code folder has its own node_modules, which is used as it is\n',
    );
    return { kind: 'ready', cwd };
  }
  const environment = await nodeEnvironments.ensure(cwd, {
    signal: request.signal,
    log: request.log,
  });
  switch (environment.kind) {
    case 'none':
      return { kind: 'ready', cwd };
    case 'aborted':
      return { kind: 'stopped' };
    case 'failed':
      return failed('STEP_ENVIRONMENT_FAILED', environment.message, environment.failureType);
    case 'ready':
      try {
        await symlink(environment.nodeModules, linkPath, 'dir');
      } catch (error) {
        return failed(
          'STEP_ENVIRONMENT_FAILED',
          `Linking ${linkPath} to the Node environment ${environment.nodeModules} failed: ${messageOf(error)}`,
          'SystemError',
        );
      }
      return { kind: 'ready', cwd };
  }
}

function failed(
  code: 'STEP_SPAWN_FAILED' | 'STEP_ENVIRONMENT_FAILED',
  message: string,
  failureType: StepFailure['failureType'],
): StepCodeFolder {
  return { kind: 'failed', failure: { code, message, failureType } };
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
