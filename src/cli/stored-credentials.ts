/**
 * The token `millrace login` got, kept in `$MILLRACE_HOME/credentials.json` (mode 0600) as
 * `{server, accessToken, expiresAt}` so that later commands can call that server without asking
 * again. One server at a time: logging in elsewhere replaces it.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { millraceHome } from '../store/open-store.js';

export interface StoredCredentials {
  /** The server's base URL, without a trailing slash. */
  readonly server: string;
  readonly accessToken: string;
  /** ISO 8601 instant. */
  readonly expiresAt: string;
}

export function credentialsFile(environment: NodeJS.ProcessEnv = process.env): string {
  return join(millraceHome(environment), 'credentials.json');
}

/** `http://host:8080/` and `http://host:8080` are one server. */
export function normalizeServerUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

function readCredentials(environment: NodeJS.ProcessEnv): StoredCredentials | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(credentialsFile(environment), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { server, accessToken, expiresAt } = parsed as Record<string, unknown>;
  if (typeof server !== 'string' || typeof accessToken !== 'string') return undefined;
  if (typeof expiresAt !== 'string' || Number.isNaN(Date.parse(expiresAt))) return undefined;
  return { server, accessToken, expiresAt };
}

/**
 * The stored token when there is one that has not expired (and, when `server` is given, that is
 * for that server); undefined otherwise, so the caller can say `millrace login` is needed.
 */
export function readStoredToken(
  environment: NodeJS.ProcessEnv = process.env,
  options: { readonly server?: string; readonly now?: Date } = {},
): StoredCredentials | undefined {
  const credentials = readCredentials(environment);
  if (credentials === undefined) return undefined;
  if ((options.now ?? new Date()).getTime() >= Date.parse(credentials.expiresAt)) return undefined;
  if (
    options.server !== undefined &&
    normalizeServerUrl(options.server) !== normalizeServerUrl(credentials.server)
  ) {
    return undefined;
  }
  return credentials;
}

/** Writes the credentials readable by their owner only, replacing the file in one rename. */
export function writeStoredToken(
  credentials: StoredCredentials,
  environment: NodeJS.ProcessEnv = process.env,
): string {
  const file = credentialsFile(environment);
  mkdirSync(millraceHome(environment), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // The mode given to writeFileSync is masked by the umask; make sure.
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  return file;
}

/** Forgets the stored token; the server it was for, or undefined when there was none. */
export function removeStoredToken(
  environment: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const credentials = readCredentials(environment);
  rmSync(credentialsFile(environment), { force: true });
  return credentials?.server;
}
