/**
 * Runs a command through `/bin/sh -c` as the leader of its own process group, so that the whole
 * tree it starts can be stopped together: on abort the group gets SIGTERM, then SIGKILL after a
 * grace period. Processes the command leaves running in the background are ended the same way when
 * it exits, as a CI runner ends a job's leftovers. Output is kept as bounded tails and can also be
 * streamed to hooks as it arrives.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { processGroupAlive } from './process-group.js';
import { TailBuffer } from './tail-buffer.js';

export interface ShellCommand {
  readonly command: string;
  readonly cwd: string;
  /** The complete environment of the process. Never logged: it may hold secrets. */
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  /** Time between SIGTERM and SIGKILL (Default: 5000). */
  readonly killGracePeriodMs?: number;
  /** Bytes kept from the end of stdout and of stderr each (Default: 1 MiB). */
  readonly tailBytes?: number;
  /**
   * Called with every stdout chunk as it arrives, before the command ends, e.g. to stream it to a
   * log file. Must not throw. (Default: none.)
   */
  readonly onStdout?: (chunk: Buffer) => void;
  /** The same for stderr. (Default: none.) */
  readonly onStderr?: (chunk: Buffer) => void;
}

export type ShellCommandOutcome =
  | {
      readonly kind: 'exited';
      /** The exit code, or 128 + the signal number when a signal ended the shell. */
      readonly exitCode: number;
      /** The signal that ended the shell, if one did. */
      readonly terminatedBy: NodeJS.Signals | null;
      /** True when the exit came after `signal` aborted. */
      readonly aborted: boolean;
      readonly stdout: string;
      readonly stderr: string;
      readonly durationMs: number;
    }
  | { readonly kind: 'spawnFailed'; readonly message: string };

export const DEFAULT_KILL_GRACE_PERIOD_MS = 5000;
export const DEFAULT_TAIL_BYTES = 1024 * 1024;
const GROUP_POLL_INTERVAL_MS = 25;
const GROUP_END_WAIT_AFTER_KILL_MS = 1000;

export function runShellCommand(options: ShellCommand): Promise<ShellCommandOutcome> {
  const gracePeriod = options.killGracePeriodMs ?? DEFAULT_KILL_GRACE_PERIOD_MS;
  const stdout = new TailBuffer(options.tailBytes ?? DEFAULT_TAIL_BYTES);
  const stderr = new TailBuffer(options.tailBytes ?? DEFAULT_TAIL_BYTES);
  const started = performance.now();

  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', options.command], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let killTimer: NodeJS.Timeout | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null; at: number } | undefined;
    let aborted = false;

    const signalGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // ESRCH: every process of the group has already ended.
      }
    };
    const stopGroup = (): void => {
      if (killTimer !== undefined) return;
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), gracePeriod);
    };
    const onAbort = (): void => {
      if (exit === undefined) aborted = true;
      stopGroup();
    };

    child.stdout.on('data', (chunk: Buffer) => {
      stdout.write(chunk);
      options.onStdout?.(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.write(chunk);
      options.onStderr?.(chunk);
    });
    child.on('error', (error) => {
      options.signal.removeEventListener('abort', onAbort);
      resolve({ kind: 'spawnFailed', message: error.message });
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal, at: performance.now() };
      // Background processes still holding the pipes would keep 'close' from ever coming.
      stopGroup();
    });
    child.on('close', () => {
      options.signal.removeEventListener('abort', onAbort);
      if (exit === undefined) return; // 'error' already resolved
      const { code, signal, at } = exit;
      void untilGroupEnds().then(() => {
        clearTimeout(killTimer);
        const signalNumber = signal === null ? 0 : (constants.signals[signal] ?? 0);
        resolve({
          kind: 'exited',
          exitCode: code ?? 128 + signalNumber,
          terminatedBy: signal,
          aborted,
          stdout: stdout.text(),
          stderr: stderr.text(),
          durationMs: at - started,
        });
      });
    });

    /**
     * The pipes closing is not enough: a process that closed its stdout and ignores SIGTERM would
     * outlive the attempt. Wait for the group to be empty, up to a moment after SIGKILL.
     */
    const untilGroupEnds = async (): Promise<void> => {
      if (child.pid === undefined) return;
      const giveUpAt = performance.now() + gracePeriod + GROUP_END_WAIT_AFTER_KILL_MS;
      while ((await processGroupAlive(child.pid)) && performance.now() < giveUpAt)
        await new Promise((wake) => setTimeout(wake, GROUP_POLL_INTERVAL_MS));
    };

    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
  });
}
