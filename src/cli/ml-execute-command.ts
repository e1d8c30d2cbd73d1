/**
 * The hidden `millrace ml execute [runId]`: the worker a detached submit starts. It executes the
 * run (when it is not already held by a live process), resumes any orphaned runs it finds (their
 * process died, or their worker never started), then exits. Its output goes to the worker log.
 */
import type { Command } from 'commander';
import { MlExitCodes } from './ml-cli-errors.js';
import { WORKER_DB_VARIABLE } from './ml-detached-launcher.js';
import { print, runMlAction } from './ml-connection.js';
import { openMlWorkspace } from './ml-workspace-setup.js';

export function registerMlExecuteCommand(ml: Command): void {
  ml.command('execute', { hidden: true })
    .description('execute an ML run in this process, and resume orphaned runs, then exit')
    .argument('[runId]')
    .option(
      '--db <url>',
      `the store (Default: $${WORKER_DB_VARIABLE}, else $MILLRACE_HOME/millrace.db)`,
    )
    .action(async (runId: string | undefined, flags: { db?: string }) =>
      runMlAction(async () => {
        const db = flags.db ?? process.env[WORKER_DB_VARIABLE];
        const log = (line: string) => print(`${new Date().toISOString()} ${line}`);
        let failures = 0;
        const session = await openMlWorkspace({
          ...(db ? { db } : {}),
          launcher: 'in-process',
          onRunError: (id, error) => {
            failures += 1;
            log(
              `run ${id} could not be executed: ${error instanceof Error ? error.message : String(error)}`,
            );
          },
        });
        try {
          log(`worker ${process.pid} started${runId ? ` for run ${runId}` : ''}`);
          const execution = runId === undefined ? undefined : session.executor.execute(runId);
          const orphans = (await session.executor.resumeOrphans()).filter((id) => id !== runId);
          if (orphans.length > 0) log(`resuming orphaned runs: ${orphans.join(', ')}`);
          const finished = await execution;
          if (runId !== undefined) {
            log(
              finished === undefined
                ? `run ${runId} is executed by another process, or does not exist`
                : `run ${runId} ended ${finished.status}`,
            );
          }
          await session.executor.idle();
          log(`worker ${process.pid} done`);
          return failures === 0 ? MlExitCodes.succeeded : MlExitCodes.failed;
        } finally {
          await session.close();
        }
      }),
    );
}
