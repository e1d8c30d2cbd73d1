/**
 * `millrace server`: serves the factory API (ADF's shape), the ML workspace API (Azure ML's
 * published-pipeline shape) and the identity routes over HTTP, executing submitted runs in this
 * process. On the first start it creates the `admin` user and prints its one-time password. It
 * resumes ML runs whose process stopped, and on SIGINT/SIGTERM stops taking requests, waits for
 * the runs it executes and closes the store (a second signal exits at once).
 */
import type { Command } from 'commander';
import { importFactoryFolder } from '../factory-service/factory-import.js';
import { hasMlSeed, seedMlWorkspace } from '../ml/workspace/workspace-seed.js';
import { mlSeedLines } from './ml-seed-report.js';
import { isFactoryServiceError } from '../factory-service/factory-service-errors.js';
import { loadFactory } from '../factory/factory-loader.js';
import { MlExitCodes, reportMlError } from './ml-cli-errors.js';
import { readPackageVersion } from './package-info.js';

interface ServerFlags {
  readonly port: string;
  readonly host: string;
  readonly db?: string;
  readonly logLevel: string;
  readonly factory: readonly string[];
  readonly factoryName?: string;
}

/** The factory's name when neither --factory-name nor a loaded factory gives one. */
const DEFAULT_FACTORY_NAME = 'millrace';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function registerServerCommand(program: Command): void {
  program
    .command('server')
    .description(
      "serve the factory API (ADF's shape), the ML workspace API (Azure ML's) and identity over HTTP",
    )
    .option('--port <port>', 'the TCP port; 0 picks a free one (Default: 8080)', '8080')
    .option('--host <host>', 'the address to listen on (Default: 127.0.0.1)', '127.0.0.1')
    .option(
      '--db <url>',
      'the store: postgres://… or a SQLite file (Default: $MILLRACE_HOME/millrace.db)',
    )
    .option(
      '--factory <path>',
      "import this factory (an ADF git folder, an ARM template or a pipeline file) into the store at start, with its folder's ML side (ml/); repeat it to import several into one factory",
      (path: string, earlier: readonly string[]) => [...earlier, path],
      [] as readonly string[],
    )
    .option(
      '--factory-name <name>',
      `the factory the API serves (Default: the name the first --factory gives, else ${DEFAULT_FACTORY_NAME})`,
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
  const [firstFactory] = flags.factory;
  const factoryName =
    flags.factoryName ??
    (firstFactory === undefined
      ? DEFAULT_FACTORY_NAME
      : (await loadFactory(firstFactory)).factory.name);
  // Loaded here, not with the CLI: the HTTP server's modules cost every other command ~13 MB.
  const { openServer } = await import('./server-setup.js');
  const server = await openServer({
    ...(flags.db === undefined ? {} : { db: flags.db }),
    environment: process.env,
    factoryName,
    log: { level: flags.logLevel, destination: process.stderr },
    version: readPackageVersion(),
    onRunError: (kind, runId, error) => {
      process.stderr.write(`${kind} ${runId} could not be executed:\n`);
      reportMlError(error);
    },
  });
  const { app } = server;
  try {
    for (const folder of flags.factory) {
      const { imported, warnings } = await importFactoryFolder(server.factory.service, folder);
      print(
        `Imported ${folder} into factory ${factoryName}: ${imported.pipelines} pipeline(s), ${imported.linkedServices} linked service(s), ${imported.datasets} dataset(s), ${imported.triggers} trigger(s)${warnings.length === 0 ? '' : ` (${warnings.length} warning(s): millrace validate ${folder})`}.`,
      );
      if (await hasMlSeed(folder)) {
        const seeded = await seedMlWorkspace(folder, server.ml);
        for (const line of mlSeedLines(folder, seeded)) print(line);
      }
    }
    const adminPassword = await server.identity.ensureAdmin();
    if (adminPassword !== undefined) {
      // Printed once, on the first start: the only way to know it. Not logged anywhere.
      print(
        `Created the user "admin" (Owner of everything) with the one-time password: ${adminPassword}\nSign in on the web UI or with \`millrace login --user admin\`, then add users (\`millrace users add\`) and change it (\`millrace users set-password admin\`).`,
      );
    }
    const resumed = await server.ml.executor.resumeOrphans();
    if (resumed.length > 0) print(`Resuming ${resumed.length} interrupted ML run(s).`);
    await app.listen({ port, host: flags.host });
  } catch (error) {
    await server.close();
    if (!isFactoryServiceError(error)) throw error;
    process.exitCode = MlExitCodes.invalid;
    reportMlError(error);
    return;
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const host = flags.host.includes(':') ? `[${flags.host}]` : flags.host;
  print(
    `Millrace server listening on http://${host}:${boundPort} (web UI: http://${host}:${boundPort}/, API reference: /docs)`,
  );

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
        await server.close();
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
