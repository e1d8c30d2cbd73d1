/**
 * Which ML workspace a `millrace ml …` command talks to: a Millrace server (`--server <url>` or
 * MILLRACE_SERVER) through `MlWorkspaceClient`, signed in as server-credentials.ts says, or else
 * the embedded workspace of the Millrace home, opened directly on the store `--db` names.
 */
import type { Command } from 'commander';
import type { MlWorkspace } from '../ml/workspace/ml-workspace.js';
import { CliUsageError, reportMlError } from './ml-cli-errors.js';
import { openMlWorkspace } from './ml-workspace-setup.js';
import { resolveServerCredentials } from './server-credentials.js';

export interface MlConnectionFlags {
  readonly server?: string;
  readonly db?: string;
}

export interface MlWorkspaceConnection {
  readonly workspace: MlWorkspace;
  /** `server`: a Millrace server executes runs; `embedded`: this machine's store and processes. */
  readonly kind: 'server' | 'embedded';
  /** Waits for runs this process executes, then lets go of the store. */
  close(): Promise<void>;
}

export interface MlConnectOptions {
  /**
   * Who executes runs submitted to the embedded workspace: this process (`in-process`, for
   * `--watch`) or a detached worker that outlives it (`detached`). (Default: 'in-process'.)
   */
  readonly launcher?: 'in-process' | 'detached';
  /** (Default: process.env.) */
  readonly environment?: NodeJS.ProcessEnv;
}

/** Adds `--server` and `--db` to a command. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option(
      '--server <url>',
      'a Millrace server to talk to, signed in by `millrace login`, MILLRACE_TOKEN or MILLRACE_CLIENT_ID and MILLRACE_CLIENT_SECRET (Default: $MILLRACE_SERVER, else the embedded workspace)',
    )
    .option(
      '--db <url>',
      'the embedded workspace store: postgres://… or a SQLite file (Default: $MILLRACE_HOME/millrace.db)',
    );
}

export async function connectMlWorkspace(
  flags: MlConnectionFlags,
  options: MlConnectOptions = {},
): Promise<MlWorkspaceConnection> {
  const environment = options.environment ?? process.env;
  if (flags.server !== undefined && flags.db !== undefined) {
    throw new CliUsageError(
      '--server and --db exclude each other: a server uses its own store; leave one out.',
    );
  }
  const server = flags.db === undefined ? (flags.server ?? environment.MILLRACE_SERVER) : undefined;
  if (server !== undefined && server !== '') {
    const credentials = resolveServerCredentials(server, environment);
    // Loaded only when asked for, so the embedded commands never pay for the HTTP client.
    const { MlWorkspaceClient } = await import('../ml/workspace/ml-workspace-client.js');
    const client = new MlWorkspaceClient({ baseUrl: server, credentials });
    return { workspace: client, kind: 'server', close: () => Promise.resolve() };
  }
  const session = await openMlWorkspace({
    ...(flags.db === undefined ? {} : { db: flags.db }),
    environment,
    launcher: options.launcher ?? 'in-process',
    onRunError: (runId, error) => {
      process.stderr.write(`run ${runId} could not be executed:\n`);
      reportMlError(error);
    },
  });
  return { workspace: session.workspace, kind: 'embedded', close: () => session.close() };
}

/** Runs an action and sets the exit status from its result, or from the error it throws. */
export async function runMlAction(action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (error) {
    process.exitCode = reportMlError(error);
  }
}

/** Opens the workspace, hands it to `use`, and closes it whatever happens. */
export async function withMlWorkspace(
  flags: MlConnectionFlags,
  use: (connection: MlWorkspaceConnection) => Promise<number>,
  options: MlConnectOptions = {},
): Promise<number> {
  const connection = await connectMlWorkspace(flags, options);
  try {
    return await use(connection);
  } finally {
    await connection.close();
  }
}

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function printJson(value: unknown): void {
  print(JSON.stringify(value, null, 2));
}
