import type { Command } from 'commander';
import { snapshotFactory } from '../engine/factory-snapshot.js';
import { RunRequestError } from '../engine/pipeline-engine.js';
import type { JsonObject, JsonValue } from '../factory/resources.js';
import { openEngine } from './engine-setup.js';
import { mlSeedLines } from './ml-seed-report.js';
import { buildRunReport } from './run-report.js';
import { printProgress } from './run-progress.js';
import { INVALID_FACTORY_EXIT_CODE, loadValidFactory, textReport } from './validate-command.js';

interface RunOptions {
  readonly pipeline?: string;
  readonly param: readonly string[];
  readonly db?: string;
  readonly json?: boolean;
}

/** Exit statuses of `millrace run`: the run succeeded, it failed or was cancelled, the input is invalid. */
export const RunExitCodes = {
  succeeded: 0,
  failed: 1,
  invalid: INVALID_FACTORY_EXIT_CODE,
} as const;

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run one pipeline of a factory to its end, recording every run in the store')
    .argument('<path>', 'an ADF git folder, a pipeline JSON file or an ARM template export')
    .option(
      '-p, --pipeline <name>',
      'the pipeline to run (optional when the path holds one pipeline)',
    )
    .option(
      '--param <name=value>',
      'a parameter; the value is parsed as JSON when it parses, else taken as a string (repeatable)',
      collect,
      [],
    )
    .option(
      '--db <url>',
      'the store: postgres://… or a SQLite file (Default: $MILLRACE_HOME/millrace.db)',
    )
    .option('--json', 'print the finished run as JSON instead of live progress')
    .addHelpText('after', '\nExit status: 0 Succeeded, 1 Failed or Cancelled, 2 invalid input.')
    .action(async (path: string, options: RunOptions) => {
      process.exitCode = await runCommand(path, options);
    });
}

function collect(value: string, previous: readonly string[]): readonly string[] {
  return [...previous, value];
}

/** `name=value` pairs; a value that parses as JSON is taken as that JSON. */
export function parseParams(pairs: readonly string[]): JsonObject | string {
  const parameters: JsonObject = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) return `--param '${pair}' must be written name=value.`;
    const raw = pair.slice(equals + 1);
    let value: JsonValue;
    try {
      value = JSON.parse(raw) as JsonValue;
    } catch {
      value = raw;
    }
    parameters[pair.slice(0, equals)] = value;
  }
  return parameters;
}

async function runCommand(path: string, options: RunOptions): Promise<number> {
  const fail = (message: string): number => {
    process.stderr.write(`error ${message}\n`);
    return RunExitCodes.invalid;
  };
  const parameters = parseParams(options.param);
  if (typeof parameters === 'string') return fail(`RUN_INVALID_PARAMETERS: ${parameters}`);
  const { factory, problems, valid } = await loadValidFactory(path);
  if (!valid) {
    const errors = problems.filter((problem) => problem.severity === 'error');
    process.stderr.write(textReport(factory, errors));
    return fail(
      `FACTORY_INVALID: ${errors.length} problem${errors.length === 1 ? '' : 's'} in ${path}; fix them (millrace validate ${path}) and run again.`,
    );
  }
  const names = [...factory.pipelines.keys()];
  const pipelineName = options.pipeline ?? (names.length === 1 ? names[0] : undefined);
  if (pipelineName === undefined) {
    return fail(
      `RUN_PIPELINE_REQUIRED: ${path} holds ${names.length} pipelines (${names.join(', ')}); choose one with --pipeline.`,
    );
  }
  const write = (line: string): void => void process.stdout.write(`${line}\n`);
  const session = await openEngine({
    ...(options.db ? { db: options.db } : {}),
    ...(options.json ? {} : { onEvent: printProgress(write) }),
    mlSeed: {
      factoryFolder: path,
      onSeeded: (result) => {
        for (const line of mlSeedLines(path, result)) process.stderr.write(`note: ${line}\n`);
      },
    },
  });
  try {
    const interrupted = await session.store.findOrphanedRuns(new Date().toISOString());
    if (interrupted.length > 0) {
      process.stderr.write(
        `note: ${interrupted.length} earlier run${interrupted.length === 1 ? ' was' : 's were'} interrupted (their process stopped); \`millrace runs resume\` finishes ${interrupted.length === 1 ? 'it' : 'them'}.\n`,
      );
    }
    let started;
    try {
      started = await session.engine.startRun({
        factory: snapshotFactory(factory),
        pipelineName,
        parameters,
      });
    } catch (caught) {
      if (caught instanceof RunRequestError) return fail(`${caught.code}: ${caught.message}`);
      throw caught;
    }
    const interrupt = (): void => void session.engine.cancel(started.runId);
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    const finished = await session.engine.execute(started.runId);
    await session.engine.idle();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    if (options.json)
      process.stdout.write(
        `${JSON.stringify(await buildRunReport(session.store, finished), null, 2)}\n`,
      );
    return finished.status === 'Succeeded' ? RunExitCodes.succeeded : RunExitCodes.failed;
  } finally {
    await session.close();
  }
}
