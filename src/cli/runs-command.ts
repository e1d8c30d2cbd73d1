import type { Command } from 'commander';
import { RunRequestError } from '../engine/pipeline-engine.js';
import { pipelineRunView } from '../engine/run-views.js';
import type { PipelineRunRecord, PipelineRunStatus } from '../store/store.js';
import { openEngine, parseStoredPipeline, type EngineSession } from './engine-setup.js';
import { buildRunReport } from './run-report.js';
import { printProgress } from './run-progress.js';
import { RunExitCodes } from './run-command.js';

interface StoreOption {
  readonly db?: string;
  readonly json?: boolean;
}

export function registerRunsCommand(program: Command): void {
  const runs = program
    .command('runs')
    .description('list, inspect, cancel, rerun and resume pipeline runs');

  runs
    .command('list')
    .description('list pipeline runs, newest first')
    .option('--db <url>', 'the store (Default: $MILLRACE_HOME/millrace.db)')
    .option('--pipeline <name>', 'only runs of this pipeline')
    .option(
      '--status <status>',
      'only runs with this status (Queued, InProgress, Succeeded, Failed, Canceling, Cancelled)',
    )
    .option('--limit <n>', 'how many (Default: 20)', '20')
    .option('--json', 'print JSON')
    .action(async (options: StoreOption & { pipeline?: string; status?: string; limit: string }) =>
      withSession(options, async (session) => {
        const filters = [
          ...(options.pipeline
            ? [
                {
                  operand: 'PipelineName' as const,
                  operator: 'Equals' as const,
                  values: [options.pipeline],
                },
              ]
            : []),
          ...(options.status
            ? [
                {
                  operand: 'Status' as const,
                  operator: 'Equals' as const,
                  values: [options.status as PipelineRunStatus],
                },
              ]
            : []),
        ];
        const page = await session.store.queryPipelineRuns({
          filters,
          limit: Math.max(1, Number(options.limit) || 20),
        });
        const views = page.value.map((run) =>
          pipelineRunView(run, parseStoredPipeline(run.definition)),
        );
        if (options.json) {
          print(
            JSON.stringify(
              {
                value: views,
                ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
              },
              null,
              2,
            ),
          );
        } else if (views.length === 0) {
          print('No pipeline runs.');
        } else {
          for (const run of views)
            print(
              `${run.runId}  ${run.status.padEnd(10)} ${run.pipelineName.padEnd(24)} ${run.runStart}  ${run.durationInMs ?? '-'} ms`,
            );
        }
        return 0;
      }),
    );

  runs
    .command('show')
    .description('show one run with its activity runs')
    .argument('<runId>')
    .option('--db <url>', 'the store (Default: $MILLRACE_HOME/millrace.db)')
    .option('--json', 'print JSON')
    .action(async (runId: string, options: StoreOption) =>
      withSession(options, async (session) => {
        const run = await mustGet(session, runId);
        const report = await buildRunReport(session.store, run);
        if (options.json) {
          print(JSON.stringify(report, null, 2));
          return 0;
        }
        print(
          `${report.pipelineName} ${report.status} (${report.runId})${report.message ? `\n  ${report.message}` : ''}`,
        );
        for (const activity of report.activityRuns) {
          const where =
            activity.scope === ''
              ? activity.activityName
              : `${activity.scope}/${activity.activityName}`;
          print(
            `  ${activity.status.padEnd(10)} ${where} (${activity.activityType})${activity.attempt > 1 ? ` attempt ${activity.attempt}` : ''}${activity.error ? `: ${activity.error.errorCode} ${activity.error.message}` : ''}`,
          );
        }
        return 0;
      }),
    );

  runs
    .command('cancel')
    .description('cancel a run and the runs it started')
    .argument('<runId>')
    .option('--db <url>', 'the store (Default: $MILLRACE_HOME/millrace.db)')
    .option('--json', 'print JSON')
    .action(async (runId: string, options: StoreOption) =>
      withSession(options, async (session) => {
        const run = await session.engine.cancel(runId, true);
        print(
          options.json
            ? JSON.stringify(pipelineRunView(run, parseStoredPipeline(run.definition)), null, 2)
            : `${run.runId} ${run.status}`,
        );
        return 0;
      }),
    );

  runs
    .command('rerun')
    .description('run a finished run again; --from-failure keeps the activities that succeeded')
    .argument('<runId>')
    .option('--from-failure', 'start from the failed activities, keeping earlier outputs')
    .option('--db <url>', 'the store (Default: $MILLRACE_HOME/millrace.db)')
    .option('--json', 'print the finished run as JSON instead of live progress')
    .action(async (runId: string, options: StoreOption & { fromFailure?: boolean }) =>
      withSession(
        options,
        async (session) => {
          const run = await session.engine.rerun(runId, {
            fromFailure: options.fromFailure === true,
          });
          return finish(session, await session.engine.execute(run.runId), options.json === true);
        },
        true,
      ),
    );

  runs
    .command('resume')
    .description('finish runs whose process stopped (crash, kill): all of them, or the one given')
    .argument('[runId]')
    .option('--db <url>', 'the store (Default: $MILLRACE_HOME/millrace.db)')
    .option('--json', 'print the finished runs as JSON instead of live progress')
    .action(async (runId: string | undefined, options: StoreOption) =>
      withSession(
        options,
        async (session) => {
          const finished = runId
            ? [await session.engine.execute(runId)]
            : await session.engine.resumeOrphans();
          if (finished.length === 0 && !options.json) print('No interrupted runs.');
          let code = 0;
          for (const run of finished)
            code = Math.max(code, await finish(session, run, options.json === true));
          return code;
        },
        true,
      ),
    );
}

async function finish(
  session: EngineSession,
  run: PipelineRunRecord,
  json: boolean,
): Promise<number> {
  await session.engine.idle();
  if (json) print(JSON.stringify(await buildRunReport(session.store, run), null, 2));
  return run.status === 'Succeeded' ? RunExitCodes.succeeded : RunExitCodes.failed;
}

async function mustGet(session: EngineSession, runId: string): Promise<PipelineRunRecord> {
  const run = await session.store.getPipelineRun(runId);
  if (!run) throw new RunRequestError('RUN_NOT_FOUND', `No pipeline run has the id ${runId}.`);
  return run;
}

async function withSession(
  options: StoreOption,
  action: (session: EngineSession) => Promise<number>,
  progress = false,
): Promise<void> {
  const session = await openEngine({
    ...(options.db ? { db: options.db } : {}),
    ...(progress && !options.json ? { onEvent: printProgress(print) } : {}),
  });
  try {
    process.exitCode = await action(session);
  } catch (caught) {
    if (!(caught instanceof RunRequestError)) throw caught;
    process.stderr.write(`error ${caught.code}: ${caught.message}\n`);
    process.exitCode = caught.code === 'RUN_NOT_FOUND' ? RunExitCodes.invalid : RunExitCodes.failed;
  } finally {
    await session.close();
  }
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
