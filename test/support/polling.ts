/** Waiting in tests for something another process or task will do, and probing processes. */
import { readFile } from 'node:fs/promises';

/** Polls `read` every 50 ms until `check` holds; gives up (throwing `what`) after about 20 s. */
export async function until<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
): Promise<T> {
  for (let tries = 0; tries < 400; tries++) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Gave up waiting for ${what}.`);
}

/** Whether the process exists and is not a zombie (an orphan may wait a while to be reaped). */
export async function processRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  return stat !== '' && state !== 'Z' && state !== 'X';
}
