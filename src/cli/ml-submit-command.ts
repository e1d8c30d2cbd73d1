/**
 * `millrace ml submit`: records a run of a published pipeline (or an endpoint version) and either
 * returns at once, the run going on in a detached worker (embedded) or on the server, or, with
 * `--watch`, follows it to its end. Exit status with `--watch`: 0 Completed, 1 Failed or
 * Canceled, 2 invalid input.
 */
import type { Command } from 'commander';
import type { MlSubmitRequest, MlSubmitTarget } from '../ml/workspace/ml-workspace.js';
import {
  collect,
  parseAssignments,
  parseDataPaths,
  parseEndpointReference,
} from './ml-arguments.js';
import { CliUsageError, MlExitCodes } from './ml-cli-errors.js';
import {
  print,
  printJson,
  runMlAction,
  withConnectionOptions,
  withMlWorkspace,
  type MlConnectionFlags,
} from './ml-connection.js';
import { watchRun } from './ml-run-watch.js';
import { runReport } from './ml-text.js';
import { mlRunDetailsView } from './ml-views.js';

interface SubmitFlags extends MlConnectionFlags {
  readonly endpoint?: string;
  readonly experiment?: string;
  readonly param: readonly string[];
  readonly datapath: readonly string[];
  readonly tag: readonly string[];
  readonly description?: string;
  readonly parentRunId?: string;
  readonly continueOnStepFailure?: boolean;
  readonly regenerateOutputs?: boolean;
  readonly watch?: boolean;
  readonly json?: boolean;
}

export function registerMlSubmitCommand(ml: Command): void {
  withConnectionOptions(
    ml
      .command('submit')
      .description('run a published pipeline, or a pipeline endpoint version')
      .argument('[pipelineId]', 'the published pipeline (or use --endpoint)')
      .option('--endpoint <name[@version]>', 'a pipeline endpoint (Default version: its default)')
      .option('--experiment <name>', 'the experiment the run belongs to (required)')
      .option(
        '--param <name=value>',
        'a pipeline parameter; the workspace converts the value to its type (repeatable)',
        collect,
        [],
      )
      .option(
        '--datapath <name=datastore/path>',
        'a data path parameter; the first / splits the datastore from the path (repeatable)',
        collect,
        [],
      )
      .option('--tag <name=value>', 'a run tag (repeatable)', collect, [])
      .option('--description <text>', "(Default: '')")
      .option('--parent-run-id <runId>', 'nest the run under a run of the same experiment')
      .option(
        '--continue-on-step-failure',
        "let independent steps run on after a step fails (Default: the published pipeline's setting)",
      )
      .option('--no-continue-on-step-failure', 'stop scheduling steps once one fails')
      .option('--regenerate-outputs', 'rerun every step instead of reusing earlier results')
      .option('--watch', 'follow the run to its end (Ctrl-C cancels it)')
      .option('--json', 'print the run as JSON (with --watch, once it has ended)')
      .addHelpText(
        'after',
        '\nExit status: 0 submitted (with --watch: Completed), 1 Failed or Canceled, 2 invalid input.',
      ),
  ).action(async (pipelineId: string | undefined, flags: SubmitFlags) =>
    runMlAction(async () => {
      const request = submitRequest(flags);
      const target = submitTarget(pipelineId, flags.endpoint);
      return withMlWorkspace(
        flags,
        async ({ workspace }) => {
          const submitted = await workspace.submit(target, request);
          if (!flags.watch) {
            if (flags.json) printJson(mlRunDetailsView(await workspace.getRun(submitted.id)));
            else {
              print(
                `Submitted run ${submitted.id} of ${submitted.pipelineName} to experiment ${submitted.experimentName} (${submitted.status}).`,
              );
              print(`Follow it with: millrace ml run ${submitted.id}`);
            }
            return MlExitCodes.succeeded;
          }
          if (!flags.json) {
            print(
              `Run ${submitted.id} of ${submitted.pipelineName} in experiment ${submitted.experimentName} (Ctrl-C cancels it)`,
            );
          }
          const finished = await watchRun(workspace, submitted.id, {
            ...(flags.json ? {} : { onLine: (line: string) => print(`  ${line}`) }),
          });
          if (flags.json) printJson(mlRunDetailsView(finished));
          else {
            print('');
            runReport(finished).forEach((line) => print(line));
          }
          return finished.run.status === 'Completed' ? MlExitCodes.succeeded : MlExitCodes.failed;
        },
        { launcher: flags.watch ? 'in-process' : 'detached' },
      );
    }),
  );
}

export function submitTarget(
  pipelineId: string | undefined,
  endpoint: string | undefined,
): MlSubmitTarget {
  if ((pipelineId === undefined) === (endpoint === undefined)) {
    throw new CliUsageError(
      'Name what to run: a published pipeline id, or --endpoint <name[@version]> (not both).',
    );
  }
  if (pipelineId !== undefined) return { kind: 'pipeline', pipelineId };
  const reference = parseEndpointReference(endpoint ?? '');
  return {
    kind: 'endpoint',
    endpointName: reference.name,
    ...(reference.version === undefined ? {} : { version: reference.version }),
  };
}

export function submitRequest(flags: SubmitFlags): MlSubmitRequest {
  if (flags.experiment === undefined || flags.experiment.trim() === '') {
    throw new CliUsageError('--experiment <name> is required: name the experiment the run joins.');
  }
  return {
    experimentName: flags.experiment,
    runSource: 'CLI',
    parameterAssignments: parseAssignments('--param', flags.param),
    dataPathAssignments: parseDataPaths(flags.datapath),
    tags: parseAssignments('--tag', flags.tag),
    ...(flags.description === undefined ? {} : { description: flags.description }),
    ...(flags.parentRunId === undefined ? {} : { parentRunId: flags.parentRunId }),
    ...(flags.continueOnStepFailure === undefined
      ? {}
      : { continueRunOnStepFailure: flags.continueOnStepFailure }),
    ...(flags.regenerateOutputs ? { regenerateOutputs: true } : {}),
  };
}
