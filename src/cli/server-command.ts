/**
 * `millrace server`: serves the ML workspace API (Azure ML's published-pipeline REST shape,
 * src/server/) over HTTP, executing submitted runs in this process. It first resumes runs whose
 * process stopped, and on SIGINT/SIGTERM stops taking requests, waits for the runs it executes
 * and closes the store (a second signal exits at once; those runs resume at the next start).
 */
import type { Command } from 'commander';
import { buildServer } from '../server/build-server.js';
import { resolveApiKey } from '../server/server-api-key.js';
import { MlExitCodes, reportMlError } from './ml-cli-errors.js';
import { openMlWorkspace } from './ml-workspace-setup.js';
import { readPackageVersion } from './package-info.js';

interface ServerFlags {
  readonly port: string;
  readonly host: string;
  readonly db?: string;
  readonly logLevel: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function registerServerCommand(program: Command): void {
  program
    .command('server')
    .description("serve the ML workspace API (Azure ML's published-pipeline REST shape) over HTTP")
    .option('--port <port>', 'the TCP port; 0 picks a free one (Default: 8080)', '8080')
    .option('--host <host>', 'the address to listen on (Default: 127.0.0.1)', '127.0.0.1')
    .option(
      '--db <url>',
      'the store: postgres://… or a SQLite file (Default: $MILLRACE_HOME/millrace.db)',
    )
    .option(
      '--log-level <level>',
      `request and error log on stderr: ${LOG_LEVELS.join(', ')} (Default: warn)`,
      'warn',
    )
    .action(async (flags: ServerFlags) => {
      try {
        await serve(flags);
      } catch (error) {
        process.exitCode = reportMlError(error);
      }
    });
}

async function serve(flags: ServerFlags): Promise<void> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`error: --port ${flags.port} is not a port number (0 to 65535)\n`);
    process.exitCode = MlExitCodes.invalid;
    return;
  }
  if (!LOG_LEVELS.includes(flags.logLevel)) {
    process.stderr.write(`error: --log-level must be one of ${LOG_LEVELS.join(', ')}\n`);
    process.exitCode = MlExitCodes.invalid;
    return;
  }
  const apiKey = await resolveApiKey(process.env);
  if (apiKey.kind === 'generated') print(`Wrote a new API key to ${apiKey.file} (mode 0600).`);
  else if (apiKey.kind === 'file') print(`API key: ${apiKey.file}`);
  else print('API key: from MILLRACE_API_KEY');

  const session = await openMlWorkspace({
    ...(flags.db === undefined ? {} : { db: flags.db }),
    environment: process.env,
    onRunError: (runId, error) => {
      process.stderr.write(`run ${runId} could not be executed:\n`);
      reportMlError(error);
    },
  });
  const app = buildServer({
    workspace: session.workspace,
    apiKey: apiKey.key,
    logger: { level: flags.logLevel, stream: process.stderr },
    version: readPackageVersion(),
  });
  try {
    const resumed = await session.executor.resumeOrphans();
    if (resumed.length > 0) print(`Resuming ${resumed.length} interrupted run(s).`);
    await app.listen({ port, host: flags.host });
  } catch (error) {
    await app.close();
    await session.close();
    throw error;
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const host = flags.host.includes(':') ? `[${flags.host}]` : flags.host;
  print(`Millrace server listening on http://${host}:${boundPort}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(
        `${signal} again: exiting now; unfinished runs resume at the next start.\n`,
      );
      process.exit(130);
    }
    stopping = true;
    print(`${signal}: stopping; waiting for the runs this server executes to finish…`);
    void (async () => {
      try {
        await app.close();
        await session.close();
        print('Millrace server stopped.');
      } catch (error) {
        process.exitCode = reportMlError(error);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
