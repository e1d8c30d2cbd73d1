/**
 * File helpers shared by the Node environment cache and its install lock: both read files that
 * another process may remove at any moment, and test folders that appear by rename.
 */
import { readFile, stat } from 'node:fs/promises';

export async function readOptionalFile(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}
