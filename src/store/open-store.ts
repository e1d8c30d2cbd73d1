/**
 * Opens the store a URL names, for the composition roots (server, worker, CLI):
 * - `postgres://…` or `postgresql://…` → PostgreSQL;
 * - `sqlite:///absolute/path.db` or a plain file path → SQLite;
 * - nothing → SQLite at `$MILLRACE_HOME/millrace.db` (MILLRACE_HOME: Default `~/.millrace`,
 *   created if missing).
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { openSqliteStore } from './sqlite/index.js';
import { StoreError } from './store-error.js';
import type { Store } from './store.js';

export type StoreLocation =
  | { readonly kind: 'postgres'; readonly connectionString: string }
  | { readonly kind: 'sqlite'; readonly file: string; readonly isDefault: boolean };

/** A scheme of two or more characters, so that `C:\runs.db` stays a path. */
const URL_SCHEME = /^([a-z][a-z0-9+.-]+):/i;

export function millraceHome(environment: NodeJS.ProcessEnv = process.env): string {
  const configured = environment.MILLRACE_HOME;
  return configured !== undefined && configured !== ''
    ? resolve(configured)
    : join(homedir(), '.millrace');
}

/** Where `url` points, without opening anything. */
export function storeLocation(
  url: string | undefined,
  environment: NodeJS.ProcessEnv = process.env,
): StoreLocation {
  if (url === undefined || url.trim() === '') {
    return {
      kind: 'sqlite',
      file: join(millraceHome(environment), 'millrace.db'),
      isDefault: true,
    };
  }
  const scheme = URL_SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'sqlite', file: resolve(url), isDefault: false };
  if (scheme === 'postgres' || scheme === 'postgresql') {
    return { kind: 'postgres', connectionString: url };
  }
  if (scheme === 'sqlite') {
    const file = sqliteFileOf(url);
    if (file !== undefined) return { kind: 'sqlite', file, isDefault: false };
  }
  throw new StoreError(
    'STORE_UNSUPPORTED_URL',
    `Cannot open a store at ${JSON.stringify(scheme === 'sqlite' ? url : `${scheme}:…`)}: use postgres://user:password@host:port/database, sqlite:///absolute/path/millrace.db, a file path, or nothing for ${join(millraceHome(environment), 'millrace.db')}.`,
  );
}

/** `sqlite:///abs/path.db` → `/abs/path.db` (percent-decoded); other shapes are not understood. */
function sqliteFileOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.host !== '' || parsed.pathname === '' || parsed.pathname === '/') return undefined;
  if (!url.toLowerCase().startsWith('sqlite:///')) return undefined;
  try {
    return decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
}

export async function openStore(
  url?: string,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<Store> {
  const location = storeLocation(url, environment);
  if (location.kind === 'postgres') {
    // Loaded only for PostgreSQL: the driver adds about 15 MB to every process that imports it.
    const { openPostgresStore } = await import('./postgres/index.js');
    return openPostgresStore({ connectionString: location.connectionString });
  }
  if (location.isDefault) {
    const home = millraceHome(environment);
    try {
      mkdirSync(home, { recursive: true });
    } catch (error) {
      throw new StoreError(
        'STORE_UNAVAILABLE',
        `Cannot create the Millrace home folder ${home}: ${(error as Error).message}. Set MILLRACE_HOME to a writable folder.`,
        { cause: error },
      );
    }
  }
  return openSqliteStore({ file: location.file });
}
