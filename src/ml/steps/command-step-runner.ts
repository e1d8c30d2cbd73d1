/**
 * Runs one attempt of a command step: copies the code snapshot (with its npm dependencies
 * linked in when it has a package.json), runs the command through
 * `/bin/sh -c` as a process group, streams stdout and stderr live to the log folder, reads
 * metrics and tags from the step protocol, and turns every way the attempt can end into a
 * `CommandStepResult`.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { runShellCommand, type ShellCommandOutcome } from '../../processes/run-shell-command.js';
import type {
  CommandStepLaunch,
  CommandStepResult,
  StepFailure,
  StepRunnerOptions,
} from './step-launch.js';
import { prepareStepCodeFolder } from './step-code-folder.js';
import { StepErrorCodes, type StepErrorCode } from './step-errors.js';
import { StepLogFile } from './step-log-file.js';
import { StdoutLineSplitter, StepProtocolRecorder } from './step-protocol.js';
import { inheritedEnvironment } from '../../processes/inherited-environment.js';

/** How much of the end of stderr a `STEP_EXIT_NONZERO` message quotes. */
export const STDERR_IN_MESSAGE_CHARS = 500;
/** The runner keeps only tails in memory; the whole output is in the log files. */
const TAIL_BYTES = 8 * 1024;
/** setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days). */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

type StopReason = 'timed-out' | 'canceled';

/**
 * Never throws for a failing step (its result says why). Throws only when the runner itself
 * cannot work: a `timeoutSeconds` that is not a positive number, or a log folder that does not
 * exist or cannot be written.
 *
 * `durationMs` covers the whole attempt, copying the code folder and installing its npm
 * dependencies included; so does `timeoutSeconds`.
 */
export async function runCommandStep(
  launch: CommandStepLaunch,
  options: StepRunnerOptions = {},
): Promise<CommandStepResult> {
  const { timeoutSeconds } = launch;
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0))
    throw new RangeError(`timeoutSeconds must be a positive number, not ${timeoutSeconds}`);
  const started = performance.now();
  const stdoutLog = await StepLogFile.open(join(launch.logFolder, 'stdout.txt'));
  const stderrLog = await StepLogFile.open(join(launch.logFolder, 'stderr.txt')).catch(
    async (error: unknown) => {
      await stdoutLog.close();
      throw error;
    },
  );
  const splitter = new StdoutLineSplitter();
  const recorder = new StepProtocolRecorder();
  const recordLines = (lines: ReturnType<StdoutLineSplitter['push']>): void => {
    for (const line of lines) {
      const warning = recorder.record(line);
      if (warning !== undefined) stderrLog.append(`${warning}\n`);
    }
  };
  /** `logNote` ends the stderr log (Default: the failure message). */
  const finish = async (
    outcome: Omit<CommandStepResult, 'durationMs' | 'metrics' | 'tags'>,
    logNote = outcome.failure?.message,
  ): Promise<CommandStepResult> => {
    recordLines(splitter.end());
    if (logNote !== undefined) stderrLog.append(`[millrace] ${logNote}\n`);
    await Promise.all([stdoutLog.close(), stderrLog.close()]);
    return {
      ...outcome,
      durationMs: performance.now() - started,
      metrics: recorder.metrics,
      tags: recorder.tags,
    };
  };

  if (launch.signal.aborted)
    return finish(
      notStarted('STEP_CANCELED', 'The run was canceled before the step started; nothing ran.'),
    );

  const stop = new AbortController();
  let stopReason: StopReason | undefined;
  const stopBecause = (reason: StopReason): void => {
    stopReason ??= reason;
    stop.abort();
  };
  const onCancel = (): void => stopBecause('canceled');
  launch.signal.addEventListener('abort', onCancel, { once: true });
  const timer =
    timeoutSeconds === undefined
      ? undefined
      : startTimer(timeoutSeconds * 1000, () => stopBecause('timed-out'));

  let shell: ShellCommandOutcome;
  let cwd: string;
  try {
    const prepared = await prepareStepCodeFolder({
      workingFolder: launch.workingFolder,
      codeFolder: launch.codeFolder,
      nodeEnvironments: options.nodeEnvironments,
      signal: stop.signal,
      log: (text) => stderrLog.append(text),
    });
    if (prepared.kind === 'failed')
      return await finish({
        exitCode: null,
        exitSignal: null,
        outcome: 'failed',
        failure: prepared.failure,
      });
    if (prepared.kind === 'stopped' || stop.signal.aborted)
      return await finish(
        stopReason === 'timed-out'
          ? {
              exitCode: null,
              exitSignal: null,
              outcome: 'timed-out',
              failure: failure(
                'STEP_TIMED_OUT',
                `The step reached its timeout of ${timeoutSeconds} seconds while its code folder was prepared (npm dependencies installed); the command did not start.`,
              ),
            }
          : notStarted(
              'STEP_CANCELED',
              'The run was canceled before the step command started; the command did not run.',
            ),
      );
    cwd = prepared.cwd;
    shell = await runShellCommand({
      command: launch.command,
      cwd,
      env: { ...inheritedEnvironment(), ...launch.environment },
      signal: stop.signal,
      tailBytes: TAIL_BYTES,
      onStdout: (chunk) => {
        stdoutLog.append(chunk);
        recordLines(splitter.push(chunk));
      },
      onStderr: (chunk) => stderrLog.append(chunk),
    });
  } finally {
    timer?.cancel();
    launch.signal.removeEventListener('abort', onCancel);
  }

  if (shell.kind === 'spawnFailed')
    return finish(notStarted('STEP_SPAWN_FAILED', await spawnFailure(cwd, shell.message)));
  const exitCode = shell.terminatedBy === null ? shell.exitCode : null;
  const ending = { exitCode, exitSignal: shell.terminatedBy };
  if (shell.aborted && stopReason === 'timed-out')
    return finish({
      ...ending,
      outcome: 'timed-out',
      failure: failure(
        'STEP_TIMED_OUT',
        `The step ran longer than its timeout of ${timeoutSeconds} seconds; its process tree was stopped.`,
      ),
    });
  if (shell.aborted)
    return finish({
      ...ending,
      outcome: 'canceled',
      failure: failure(
        'STEP_CANCELED',
        'The run was canceled while the step ran; its process tree was stopped.',
      ),
    });
  if (shell.exitCode !== 0) {
    const how =
      shell.terminatedBy === null
        ? `exited with code ${shell.exitCode}`
        : `was ended by ${shell.terminatedBy}`;
    return finish(
      {
        ...ending,
        outcome: 'failed',
        failure: failure(
          'STEP_EXIT_NONZERO',
          `The step command ${how}. ${describeStderr(shell.stderr)} The whole output is in stdout.txt and stderr.txt.`,
        ),
      },
      `The step command ${how}.`,
    );
  }
  return finish({ ...ending, outcome: 'succeeded', failure: null });
}

/** Node reports a missing cwd as a missing `/bin/sh`; say which one it was. */
async function spawnFailure(cwd: string, cause: string): Promise<string> {
  const info = await stat(cwd).catch(() => undefined);
  if (info === undefined)
    return `The step process could not be started: its working folder ${cwd} does not exist.`;
  if (!info.isDirectory())
    return `The step process could not be started: its working folder ${cwd} is not a folder.`;
  return `The step process could not be started in ${cwd}: ${cause}.`;
}

function notStarted(
  code: StepErrorCode,
  message: string,
): Omit<CommandStepResult, 'durationMs' | 'metrics' | 'tags'> {
  return {
    outcome: code === 'STEP_CANCELED' ? 'canceled' : 'failed',
    exitCode: null,
    exitSignal: null,
    failure: failure(code, message),
  };
}

function failure(code: StepErrorCode, message: string): StepFailure {
  return { code, message, failureType: StepErrorCodes[code].failureType };
}

/** The last whole lines of stderr that fit in `STDERR_IN_MESSAGE_CHARS`. */
export function describeStderr(stderr: string): string {
  const lines = stderr.trimEnd().split(/\r?\n/);
  let tail = '';
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index] ?? '';
    const joined = tail === '' ? line : `${line}\n${tail}`;
    if (joined.length > STDERR_IN_MESSAGE_CHARS) {
      if (tail === '') tail = `…${line.slice(-(STDERR_IN_MESSAGE_CHARS - 1))}`;
      break;
    }
    tail = joined;
  }
  return tail.trim() === '' ? 'It wrote nothing to stderr.' : `The end of its stderr: ${tail}`;
}

/** A timer for delays beyond setTimeout's limit, re-armed until the whole delay has passed. */
function startTimer(delayMs: number, onFire: () => void): { cancel(): void } {
  const fireAt = performance.now() + delayMs;
  let handle: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const remaining = fireAt - performance.now();
    if (remaining <= 0) return onFire();
    handle = setTimeout(arm, Math.min(remaining, MAX_TIMER_DELAY_MS));
  };
  arm();
  return { cancel: () => clearTimeout(handle) };
}
