/**
 * `millrace server` as users start it: the real CLI (through tsx, so no build is needed) in a
 * child process on 127.0.0.1 at a free port, with a Millrace home the caller owns. Reads the
 * address and, on a first start, the admin's one-time password from what the server prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { serverEnvironment, until } from './server-harness.js';

export const MAIN = join(import.meta.dirname, '../../src/cli/main.ts');
const REPOSITORY = join(import.meta.dirname, '../..');

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly origin: string;
  /** stdout and stderr so far. */
  readonly output: () => string;
  /** The one-time password printed on the first start; undefined on later starts. */
  readonly adminPassword: string | undefined;
}

const ADMIN_PASSWORD = /one-time password: (\S+)/;

export async function startServerProcess(
  home: string,
  extraArguments: readonly string[] = [],
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, 'server', '--port', '0', '--host', '127.0.0.1', ...extraArguments],
    { cwd: REPOSITORY, env: serverEnvironment(home), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  try {
    const listening = await until(
      async () => output,
      (text) => /listening on http:\/\/\S+/.test(text) || child.exitCode !== null,
      'the server to listen',
    );
    const origin = /listening on (http:\/\/\S+)/.exec(listening)?.[1];
    if (origin === undefined) throw new Error(`The server did not start:\n${listening}`);
    return {
      child,
      origin,
      output: () => output,
      adminPassword: ADMIN_PASSWORD.exec(listening)?.[1],
    };
  } catch (error) {
    await stopServerProcess(child);
    throw error;
  }
}

/** SIGTERM, then the exit code once it has exited. */
export async function stopServerProcess(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

/** An access token from the server's token endpoint (password grant). */
export async function signIn(origin: string, user: string, password: string): Promise<string> {
  const response = await fetch(`${origin}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username: user, password }).toString(),
  });
  const body = (await response.json()) as { access_token?: string };
  if (response.status !== 200 || body.access_token === undefined) {
    throw new Error(`Signing in as ${user} answered ${response.status}.`);
  }
  return body.access_token;
}
