/**
 * Where `millrace server` gets its API key: `MILLRACE_API_KEY`, else the first line of
 * `$MILLRACE_HOME/api-key`, else a new random key written there readable by its owner only
 * (mode 0600). The key itself is never printed or logged; callers print the file's path.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { millraceHome } from '../store/open-store.js';

export const API_KEY_FILE_NAME = 'api-key';

export type ApiKeySource =
  | { readonly kind: 'environment'; readonly key: string }
  | { readonly kind: 'file'; readonly key: string; readonly file: string }
  | { readonly kind: 'generated'; readonly key: string; readonly file: string };

export async function resolveApiKey(environment: NodeJS.ProcessEnv): Promise<ApiKeySource> {
  const fromEnvironment = environment.MILLRACE_API_KEY?.trim();
  if (fromEnvironment) return { kind: 'environment', key: fromEnvironment };
  const home = millraceHome(environment);
  const file = join(home, API_KEY_FILE_NAME);
  const existing = await readKeyFile(file);
  if (existing !== undefined) return { kind: 'file', key: existing, file };
  await mkdir(home, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  try {
    // `wx`: when another server wrote the file meanwhile, use its key instead of replacing it.
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const written = await readKeyFile(file);
    if (written !== undefined) return { kind: 'file', key: written, file };
    await writeFile(file, `${key}\n`, { mode: 0o600 });
  }
  await chmod(file, 0o600);
  return { kind: 'generated', key, file };
}

/** The first line of the file, trimmed; undefined when it is missing or blank. */
async function readKeyFile(file: string): Promise<string | undefined> {
  try {
    const key = (await readFile(file, 'utf8')).split('\n')[0]?.trim();
    return key ? key : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
