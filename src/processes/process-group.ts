/** Whether a process group still has a process that is not a zombie. */
import { readdir, readFile } from 'node:fs/promises';

export async function processGroupAlive(groupId: number): Promise<boolean> {
  try {
    process.kill(-groupId, 0);
  } catch {
    return false; // ESRCH: no process at all
  }
  // Zombies count for kill(); an orphan waits to be reaped by PID 1, which in containers can take
  // a while. On Linux, look for a member that is still running.
  if (process.platform !== 'linux') return true;
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // After the parenthesised command name come: state, ppid, pgrp …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === groupId && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}
