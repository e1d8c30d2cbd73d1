/**
 * `millrace linked-services test <name>`: Data Factory's Test connection of an `AzureMLService`
 * linked service. Without a server, on the linked service of a factory folder (Default: `.`),
 * from this machine; with `--server` (or MILLRACE_SERVER), on the server's stored linked service,
 * signed in as the other `--server` commands are. Exit status: 0 the connection works, 1 it does
 * not (or the server could not be asked), 2 invalid input.
 */
import type { Command } from 'commander';
import { isFactoryServiceError } from '../factory-service/factory-service-errors.js';
import type { LinkedServiceConnectionTestResult } from '../factory-service/linked-service-connection-test.js';
import { collect, parseAssignments } from './ml-arguments.js';
import { CliUsageError, MlExitCodes, reportMlError } from './ml-cli-errors.js';
import {
  ServerAnswerError,
  testLocalLinkedService,
  testServerLinkedService,
} from './linked-service-connection.js';

interface TestFlags {
  readonly factory?: string;
  readonly factoryName?: string;
  readonly param: readonly string[];
  readonly json?: boolean;
  readonly server?: string;
  readonly db?: string;
}

/** The factory `millrace server` serves when started without --factory or --factory-name. */
const SERVER_DEFAULT_FACTORY_NAME = 'millrace';

export function registerLinkedServicesCommand(program: Command): void {
  const linkedServices = program
    .command('linked-services')
    .description('work with the linked services of a factory');
  linkedServices
    .command('test <name>')
    .description(
      'Test connection of an AzureMLService linked service: the ML workspace answers and its credentials may submit and read runs',
    )
    .option(
      '--factory <folder>',
      'the factory folder holding the linked service (Default: the current folder)',
    )
    .option('--param <name=value>', 'a linked service parameter (repeatable)', collect, [])
    .option('--json', 'print the result as JSON')
    .option(
      '--server <url>',
      "test the server's stored linked service instead, signed in by `millrace login`, MILLRACE_TOKEN or MILLRACE_CLIENT_ID and MILLRACE_CLIENT_SECRET (Default: $MILLRACE_SERVER, else this machine)",
    )
    .option(
      '--factory-name <name>',
      `with a server: the factory it serves (Default: the name of --factory, else ${SERVER_DEFAULT_FACTORY_NAME})`,
    )
    .option(
      '--db <url>',
      'without a server: the embedded ML workspace store (Default: $MILLRACE_HOME/millrace.db)',
    )
    .addHelpText(
      'after',
      `
Exit status: 0 the connection works; 1 it does not (4112, 4121, 4122, 4125 …); 2 invalid input.
Examples:
  millrace linked-services test AzureMLService1 --factory ./my-factory
  millrace linked-services test AzureMLService1 --server http://127.0.0.1:8080 --param endpoint=http://ml:8080`,
    )
    .action(async (name: string, flags: TestFlags) => {
      process.exitCode = await runTest(name, flags);
    });
}

async function runTest(name: string, flags: TestFlags): Promise<number> {
  const environment = process.env;
  try {
    if (flags.server !== undefined && flags.db !== undefined)
      throw new CliUsageError(
        '--server and --db exclude each other: a server tests with its own workspace; leave one out.',
      );
    const parameters = parseAssignments('--param', flags.param);
    const server =
      flags.db === undefined ? (flags.server ?? environment.MILLRACE_SERVER) : undefined;
    const result =
      server !== undefined && server !== ''
        ? await testServerLinkedService(name, parameters, {
            server,
            factoryName: flags.factoryName ?? (await factoryNameOf(flags.factory)),
            environment,
          })
        : await testLocalLinkedService(name, parameters, {
            factory: flags.factory ?? '.',
            ...(flags.db === undefined ? {} : { db: flags.db }),
            environment,
          });
    report(result, flags.json === true);
    return result.succeeded ? MlExitCodes.succeeded : MlExitCodes.failed;
  } catch (error) {
    const status = reportMlError(error);
    const invalid =
      (isFactoryServiceError(error) && error.httpStatus < 500) ||
      (error instanceof ServerAnswerError &&
        (error.httpStatus === 400 || error.httpStatus === 404));
    return invalid ? MlExitCodes.invalid : status;
  }
}

async function factoryNameOf(folder: string | undefined): Promise<string> {
  if (folder === undefined) return SERVER_DEFAULT_FACTORY_NAME;
  // Loaded only for its name, as `millrace server --factory` names the factory it serves.
  const { loadFactory } = await import('../factory/factory-loader.js');
  return (await loadFactory(folder)).factory.name;
}

function report(result: LinkedServiceConnectionTestResult, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    result.succeeded
      ? `${result.message}\n`
      : `Test connection failed (${result.errorCode}): ${result.message}\n`,
  );
}
