/**
 * The cross-process lock of one Node environment install: `<hash>.lock/owner.json` holds
 * `{ pid, host }` of the process installing `<hash>`, so that two processes never run npm for
 * the same environment at once. A lock whose process is dead on this host is broken.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { abortableDelay } from '../../processes/abortable-delay.js';
import { errorCode, isFolder, readOptionalFile } from './node-environment-fs.js';

const OWNER_FILE = 'owner.json';
const LOCK_POLL_MS = 200;

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Takes `<hash>.lock` by renaming a folder that already holds its owner file into place, so a
 * lock is never seen without its owner. Waits while a live process holds it.
 */
export async function acquireLock(
  lockFolder: string,
  environmentFolder: string,
  signal: AbortSignal,
  log: (text: string) => void,
): Promise<HeldLock | 'aborted' | 'installed-meanwhile'> {
  const owner = JSON.stringify({ pid: process.pid, host: hostname() });
  const candidate = `${lockFolder}-${randomUUID()}`;
  await mkdir(candidate);
  let toldWaiting = false;
  try {
    await writeFile(join(candidate, OWNER_FILE), owner);
    for (;;) {
      if (signal.aborted) return 'aborted';
      try {
        await rename(candidate, lockFolder);
        return { release: () => rm(lockFolder, { recursive: true, force: true }) };
      } catch (error) {
        const code = errorCode(error);
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      }
      if (await isFolder(environmentFolder)) return 'installed-meanwhile';
      const held = await readOptionalFile(join(lockFolder, OWNER_FILE));
      if (held === undefined) continue; // released in between: try again at once
      const holder = parseOwner(held.toString('utf8'));
      if (holder === undefined || !ownerAlive(holder)) {
        await breakLock(lockFolder, held);
        continue;
      }
      if (!toldWaiting) {
        toldWaiting = true;
        log(
          `[millrace] Node dependencies: waiting for process ${holder.pid} on ${holder.host}, which is installing ${environmentFolder}\n`,
        );
      }
      if (!(await abortableDelay(LOCK_POLL_MS, signal))) return 'aborted';
    }
  } finally {
    await rm(candidate, { recursive: true, force: true });
  }
}

/** Removes a dead owner's lock, unless someone else took it since it was read. */
async function breakLock(lockFolder: string, deadOwner: Buffer): Promise<void> {
  const current = await readOptionalFile(join(lockFolder, OWNER_FILE));
  if (current !== undefined && current.equals(deadOwner))
    await rm(lockFolder, { recursive: true, force: true });
}

function parseOwner(text: string): { pid: number; host: string } | undefined {
  try {
    const parsed = JSON.parse(text) as { pid?: unknown; host?: unknown };
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string')
      return { pid: parsed.pid, host: parsed.host };
  } catch {
    // A broken owner file cannot name a live process.
  }
  return undefined;
}

/** A process on another host cannot be checked: it counts as alive. */
function ownerAlive(owner: { pid: number; host: string }): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}
