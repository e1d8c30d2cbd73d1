/**
 * A throwaway PostgreSQL server for tests and benchmarks, or the one MILLRACE_TEST_DATABASE_URL
 * names. The throwaway server lives in a temporary folder (data, socket, log), listens on a free
 * port of 127.0.0.1 with trust authentication, and is removed with its folder by `stop()`. Run as
 * root, it runs as the OS user `postgres` (PostgreSQL refuses to run as root).
 */
import { execFile as execFileCallback, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFile = promisify(execFileCallback);

export const TEST_DATABASE_URL_VARIABLE = 'MILLRACE_TEST_DATABASE_URL';

export interface PostgresServer {
  /** A URL of the server's `postgres` database, as a superuser (or a user with CREATEDB). */
  readonly adminUrl: string;
  /** Stops and removes a throwaway server; does nothing for a server given by URL. */
  stop(): Promise<void>;
}

export interface PostgresServerOptions {
  /**
   * Keep PostgreSQL's durability settings (fsync, synchronous_commit) as in production, for
   * benchmarks. Tests turn them off: a crashed test server is thrown away anyway. (Default: false)
   */
  readonly durable?: boolean;
  /** Where to find initdb and pg_ctl (Default: PATH, then /usr/lib/postgresql/<version>/bin). */
  readonly search?: PostgresSearch;
}

const INSTALL_HINT =
  `Install PostgreSQL (Debian/Ubuntu: \`apt-get install -y postgresql\`; macOS: \`brew install postgresql\`) ` +
  `so that initdb and pg_ctl are on PATH or under /usr/lib/postgresql/<version>/bin, or set ` +
  `${TEST_DATABASE_URL_VARIABLE}=postgres://user:password@host:port/postgres to a server where that user may CREATE DATABASE. ` +
  'To run only the SQLite adapter, set STORE=sqlite.';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly pgCtl: string;
}

/** Where to look for PostgreSQL's programs (Default: PATH, then /usr/lib/postgresql). */
export interface PostgresSearch {
  readonly path: string | undefined;
  readonly packageRoot: string;
}

const DEFAULT_SEARCH: PostgresSearch = {
  get path() {
    return process.env.PATH;
  },
  packageRoot: '/usr/lib/postgresql',
};

function findOnPath(name: string, path: string | undefined): string | undefined {
  for (const folder of (path ?? '').split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** initdb and pg_ctl from PATH, else from the newest <packageRoot>/<version>/bin. */
export function findPostgresBinaries(
  search: PostgresSearch = DEFAULT_SEARCH,
): PostgresBinaries | undefined {
  const initdb = findOnPath('initdb', search.path);
  const pgCtl = findOnPath('pg_ctl', search.path);
  if (initdb !== undefined && pgCtl !== undefined) return { initdb, pgCtl };
  const root = search.packageRoot;
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) {
      return { initdb: join(bin, 'initdb'), pgCtl: join(bin, 'pg_ctl') };
    }
  }
  return undefined;
}

interface OsUser {
  readonly uid: number;
  readonly gid: number;
}

/** Who runs the server: ourselves, or `postgres` when we are root. */
function serverUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'Tests run as root, and PostgreSQL refuses to run as root, but there is no OS user `postgres` to run it as. ' +
        `Create one (\`useradd --system postgres\`), run the tests as another user, or set ${TEST_DATABASE_URL_VARIABLE}.`,
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolvePort(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function run(file: string, args: readonly string[], user: OsUser | undefined, cwd: string) {
  try {
    await execFile(file, args, {
      cwd,
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      ...(user === undefined ? {} : { uid: user.uid, gid: user.gid }),
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${file} ${args.join(' ')} failed: ${(error as Error).message}\n${stdout ?? ''}${stderr ?? ''}`,
      { cause: error },
    );
  }
}

function serverLog(folder: string): string {
  try {
    return readFileSync(join(folder, 'server.log'), 'utf8');
  } catch {
    return '(no server log)';
  }
}

export async function startPostgresServer(
  options: PostgresServerOptions = {},
): Promise<PostgresServer> {
  const binaries = findPostgresBinaries(options.search);
  if (binaries === undefined) {
    throw new Error(
      `The PostgreSQL tests need a PostgreSQL server, and none is installed. ${INSTALL_HINT}`,
    );
  }
  const user = serverUser();
  const folder = await mkdtemp(join(tmpdir(), 'millrace-pg-'));
  const data = join(folder, 'data');
  let started = false;
  const stopArgs = ['-D', data, '-m', 'immediate', '-w', 'stop'];
  // Should the test process end without stopping the server (an uncaught error, Ctrl-C), the
  // server would outlive it: stop it synchronously on exit.
  const stopOnExit = (): void => {
    try {
      execFileSync(binaries.pgCtl, stopArgs, {
        cwd: folder,
        stdio: 'ignore',
        ...(user === undefined ? {} : { uid: user.uid, gid: user.gid }),
      });
    } catch {
      // Already stopped.
    }
    rmSync(folder, { recursive: true, force: true });
  };
  const stop = async (): Promise<void> => {
    process.removeListener('exit', stopOnExit);
    if (started) {
      started = false;
      await run(binaries.pgCtl, stopArgs, user, folder);
    }
    await rm(folder, { recursive: true, force: true });
  };
  try {
    if (user !== undefined) await chown(folder, user.uid, user.gid);
    await run(
      binaries.initdb,
      ['--auth=trust', '-U', 'postgres', '-D', data, '--encoding=UTF8', '--locale=C', '--no-sync'],
      user,
      folder,
    );
    const settings = [
      '-c listen_addresses=127.0.0.1',
      `-k ${folder}`,
      '-c max_connections=200',
      ...(options.durable === true
        ? []
        : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    ];
    // A free port can be taken between finding it and binding it: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        await run(
          binaries.pgCtl,
          [
            '-D',
            data,
            '-l',
            join(folder, 'server.log'),
            '-w',
            '-t',
            '60',
            '-o',
            `-p ${port} ${settings.join(' ')}`,
            'start',
          ],
          user,
          folder,
        );
        started = true;
        process.once('exit', stopOnExit);
        return { adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
      } catch (error) {
        if (attempt >= 3) {
          throw new Error(`${(error as Error).message}\nServer log:\n${serverLog(folder)}`, {
            cause: error,
          });
        }
      }
    }
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** The server MILLRACE_TEST_DATABASE_URL names, else a throwaway one. */
export async function provisionPostgresServer(
  options: PostgresServerOptions = {},
): Promise<PostgresServer> {
  const url = process.env[TEST_DATABASE_URL_VARIABLE];
  if (url !== undefined && url !== '') return { adminUrl: url, stop: () => Promise.resolve() };
  return startPostgresServer(options);
}

/** `adminUrl` pointing at another database of the same server. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** A database name no other test run uses. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function withAdminClient<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(
  adminUrl: string,
  database: string,
  template?: string,
): Promise<void> {
  await withAdminClient(adminUrl, async (client) => {
    const from = template === undefined ? '' : ` TEMPLATE ${quoteIdentifier(template)}`;
    // Cloning fails while someone else is cloning the same template: wait and try again.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${quoteIdentifier(database)}${from}`);
        return;
      } catch (error) {
        const busy = (error as { code?: string }).code === '55006';
        if (!busy || attempt >= 50) throw error;
        await new Promise((resolveDelay) => setTimeout(resolveDelay, 20 * attempt));
      }
    }
  });
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withAdminClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
  });
}
