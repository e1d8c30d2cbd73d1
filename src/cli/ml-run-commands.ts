/** `millrace ml runs`, `ml run <runId>`, `ml logs <runId> <step>` and `ml cancel <runId>`. */
import type { Command } from 'commander';
import { MlRunStatuses, type MlRunQuery, type MlRunStatus } from '../store/ml-store.js';
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
import { runReport, runTable } from './ml-text.js';
import { mlRunDetailsView, mlRunView } from './ml-views.js';

interface JsonFlag extends MlConnectionFlags {
  readonly json?: boolean;
}

interface RunsFlags extends JsonFlag {
  readonly experiment?: string;
  readonly pipeline?: string;
  readonly status?: string;
  readonly limit: string;
  readonly continuationToken?: string;
}

export function registerMlRunCommands(ml: Command): void {
  withConnectionOptions(
    ml
      .command('runs')
      .description('list ML runs, newest first')
      .option('--experiment <name>', 'only runs of this experiment')
      .option('--pipeline <id>', 'only runs of this published pipeline')
      .option(
        '--status <statuses>',
        `only these statuses, comma-separated (${MlRunStatuses.join(', ')})`,
      )
      .option('--limit <n>', 'how many, 1 to 1000 (Default: 20)', '20')
      .option('--continuation-token <token>', 'the next page, from an earlier --json answer')
      .option('--json', 'print JSON'),
  ).action(async (flags: RunsFlags) =>
    runMlAction(async () => {
      const query = runQuery(flags);
      return withMlWorkspace(flags, async ({ workspace }) => {
        const page = await workspace.listRuns(query);
        if (flags.json) {
          printJson({
            value: page.value.map(mlRunView),
            ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
          });
        } else {
          runTable(page.value).forEach((line) => print(line));
          if (page.continuationToken)
            print(`(more: --continuation-token ${page.continuationToken})`);
        }
        return MlExitCodes.succeeded;
      });
    }),
  );

  withConnectionOptions(
    ml
      .command('run')
      .description('show an ML run: its steps, reuse, durations, metrics and errors')
      .argument('<runId>')
      .option('--json', 'print JSON'),
  ).action(async (runId: string, flags: JsonFlag) =>
    runMlAction(() =>
      withMlWorkspace(flags, async ({ workspace }) => {
        const details = await workspace.getRun(runId);
        if (flags.json) printJson(mlRunDetailsView(details));
        else runReport(details).forEach((line) => print(line));
        return MlExitCodes.succeeded;
      }),
    ),
  );

  withConnectionOptions(
    ml
      .command('logs')
      .description("print a step's log (so far, while it runs)")
      .argument('<runId>')
      .argument('<step>', 'step name or step run id')
      .option('--stderr', 'the standard error log instead of standard output'),
  ).action(async (runId: string, step: string, flags: MlConnectionFlags & { stderr?: boolean }) =>
    runMlAction(() =>
      withMlWorkspace(flags, async ({ workspace }) => {
        process.stdout.write(
          await workspace.readStepLog(runId, step, flags.stderr ? 'stderr' : 'stdout'),
        );
        return MlExitCodes.succeeded;
      }),
    ),
  );

  withConnectionOptions(
    ml
      .command('cancel')
      .description('cancel an ML run: its running steps are stopped, the rest never start')
      .argument('<runId>')
      .option('--wait', 'wait until the run has ended')
      .option('--json', 'print the run as JSON'),
  ).action(async (runId: string, flags: JsonFlag & { wait?: boolean }) =>
    runMlAction(() =>
      withMlWorkspace(flags, async ({ workspace }) => {
        const requested = await workspace.cancelRun(runId);
        const details = flags.wait
          ? await watchRun(workspace, runId)
          : await workspace.getRun(requested.id);
        if (flags.json) printJson(mlRunDetailsView(details));
        else print(`${details.run.id} ${details.run.status}`);
        return MlExitCodes.succeeded;
      }),
    ),
  );
}

function runQuery(flags: RunsFlags): MlRunQuery {
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new CliUsageError(`--limit '${flags.limit}' must be a whole number from 1 to 1000.`);
  }
  const statuses = flags.status?.split(',').map((status) => status.trim());
  const unknown = statuses?.filter(
    (status) => !(MlRunStatuses as readonly string[]).includes(status),
  );
  if (unknown !== undefined && unknown.length > 0) {
    throw new CliUsageError(
      `--status ${unknown.map((s) => `'${s}'`).join(', ')} is not a run status; use ${MlRunStatuses.join(', ')}.`,
    );
  }
  return {
    limit,
    ...(flags.experiment === undefined ? {} : { experimentName: flags.experiment }),
    ...(flags.pipeline === undefined ? {} : { pipelineId: flags.pipeline }),
    ...(statuses === undefined ? {} : { statuses: statuses as MlRunStatus[] }),
    ...(flags.continuationToken === undefined
      ? {}
      : { continuationToken: flags.continuationToken }),
  };
}
