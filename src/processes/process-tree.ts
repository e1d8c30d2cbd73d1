/**
 * Starting a process in its own process group and killing the whole group, so that a step's
 * grandchildren (a shell's children, a script's subprocesses) stop with it.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** How long a process tree gets to exit after SIGTERM before SIGKILL. (Default: 2 s.) */
export const KILL_GRACE_MS = 2000;

/** Spawns `command` as the leader of a new process group (POSIX `setsid`-like via `detached`). */
export function spawnProcessGroup(
  command: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'detached'>,
): ChildProcess {
  return spawn(command, args, { ...options, detached: true });
}

/** Sends `signal` to every process of the group led by `child`; a gone group is not an error. */
export function signalProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group has already exited.
  }
}

/**
 * SIGTERM to the group, then SIGKILL after `graceMs` if the leader has not exited. Resolves when
 * the leader has exited.
 */
export function killProcessTree(child: ChildProcess, graceMs = KILL_GRACE_MS): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    signalProcessGroup(child, 'SIGKILL');
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => signalProcessGroup(child, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      // Stragglers that ignored SIGTERM while the leader exited.
      signalProcessGroup(child, 'SIGKILL');
      resolve();
    });
    signalProcessGroup(child, 'SIGTERM');
  });
}
