/**
 * The server the browser tests drive: `millrace server` as users start it (the real CLI, in a
 * child process, on a free port, with a fresh home), the loan-scoring example loaded (a factory
 * pipeline that calls a published ML pipeline), and users with the roles the tests need, made
 * through the admin API.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  signIn,
  startServerProcess,
  stopServerProcess,
  type ServerProcess,
} from '../../test/server/server-process.js';

export const E2E_FACTORY = 'e2e';
export const E2E_PASSWORD = 'an-e2e-password-long-enough';
const REPOSITORY = join(import.meta.dirname, '../..');

export interface E2eUser {
  readonly name: string;
  readonly password: string;
}

export interface E2eServer {
  readonly origin: string;
  readonly process: ServerProcess;
  /** Owner on everything. */
  readonly admin: E2eUser;
  adminToken(): Promise<string>;
  /** A new user holding these roles (scope `*`). */
  addUser(name: string, roles: readonly string[]): Promise<E2eUser>;
  /** A call to the server's API as the admin. */
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startE2eServer(
  factories: readonly string[] = ['examples/loan-scoring'],
): Promise<E2eServer> {
  const home = await mkdtemp(join(tmpdir(), 'millrace-e2e-'));
  const server = await startServerProcess(home, [
    '--factory-name',
    E2E_FACTORY,
    ...factories.flatMap((folder) => ['--factory', join(REPOSITORY, folder)]),
  ]).catch(async (error: unknown) => {
    await rm(home, { recursive: true, force: true });
    throw error;
  });
  const adminPassword = server.adminPassword;
  if (adminPassword === undefined) throw new Error('A fresh server printed no admin password.');
  const admin = { name: 'admin', password: adminPassword };
  const adminToken = () => signIn(server.origin, admin.name, admin.password);

  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.origin}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await adminToken()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };

  return {
    origin: server.origin,
    process: server,
    admin,
    adminToken,
    api,
    async addUser(name, roles) {
      await api('POST', '/identity/users', { name, password: E2E_PASSWORD });
      for (const role of roles) {
        await api('POST', '/identity/roleAssignments', { principal: name, role, scope: '*' });
      }
      return { name, password: E2E_PASSWORD };
    },
    async close() {
      await stopServerProcess(server.child);
      await rm(home, { recursive: true, force: true });
    },
  };
}
