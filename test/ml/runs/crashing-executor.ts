/**
 * A process that submits a run and executes it, to be killed mid-step by the crash test:
 * `tsx crashing-executor.ts <db> <pipelineId> <sleepOnceFolder>` with MILLRACE_HOME set; prints
 * the run id on its first line.
 */
import { openMlWorkspace } from '../../../src/cli/ml-workspace-setup.js';

const [db, pipelineId, sleepOnce] = process.argv.slice(2);
const session = await openMlWorkspace({ db: db! });
const run = await session.workspace.submit(
  { kind: 'pipeline', pipelineId: pipelineId! },
  {
    experimentName: 'crash-tests',
    parameterAssignments: { report_sleep: '30', factor: '11', sleep_once_dir: sleepOnce! },
  },
);
process.stdout.write(`${run.id}\n`);
await session.executor.execute(run.id);
await session.close();
