/**
 * ML runs end to end in one process: the embedded workspace (real store, local datastore, code
 * snapshots) and steps as real processes, on every store adapter.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMlWorkspace, type MlWorkspaceSession } from '../../../src/cli/ml-workspace-setup.js';
import type { MlRunDetails } from '../../../src/ml/workspace/ml-workspace.js';
import type { MlStepRunRecord } from '../../../src/store/ml-store.js';
import { storeAdaptersUnderTest } from '../../support/store-adapters.js';
import { createStoreHarness, type StoreHarness } from '../../support/store-harness.js';
import { processRunning, until } from '../../support/polling.js';

const FLOW = join(import.meta.dirname, '../../fixtures/ml/flow');
const STEP_SCRIPT = join(FLOW, 'src/step.mjs');

function byName(details: MlRunDetails): Record<string, MlStepRunRecord> {
  return Object.fromEntries(details.steps.map((step) => [step.stepName, step]));
}

describe.each(storeAdaptersUnderTest())('ML runs on %s', (adapter) => {
  let harness: StoreHarness;
  let home: string;
  let session: MlWorkspaceSession;
  let flowId: string;

  beforeAll(async () => {
    harness = await createStoreHarness(adapter);
    home = await mkdtemp(join(tmpdir(), 'millrace-ml-runs-'));
    session = await openMlWorkspace({
      db: harness.location,
      environment: { ...process.env, MILLRACE_HOME: home },
    });
    const raw = session.datastores.get('workspaceblobstore');
    await raw.writeFile('flow/raw/a.txt', 'alpha\nbeta\n');
    await raw.writeFile('flow/raw/b.txt', 'gamma\n');
    flowId = (
      await session.workspace.publish({ kind: 'file', file: join(FLOW, 'pipeline.yml') }, {})
    ).pipeline.id;
  });

  afterAll(async () => {
    await session?.close();
    await harness?.dispose();
    await rm(home, { recursive: true, force: true });
  });

  async function runFlow(
    parameters: Record<string, string> = {},
    extra: { regenerateOutputs?: boolean; continueRunOnStepFailure?: boolean } = {},
    pipelineId = flowId,
  ): Promise<MlRunDetails> {
    const run = await session.workspace.submit(
      { kind: 'pipeline', pipelineId },
      { experimentName: 'flow-tests', parameterAssignments: parameters, ...extra },
    );
    await session.executor.execute(run.id);
    return session.workspace.getRun(run.id);
  }

  async function publishInline(yaml: string): Promise<string> {
    const result = await session.workspace.publish(
      {
        kind: 'bundle',
        fileName: 'pipeline.yml',
        yaml,
        files: { 'src/step.mjs': await readFile(STEP_SCRIPT) },
      },
      {},
    );
    return result.pipeline.id;
  }

  it('runs every step as a process, in dependency order, and records outputs, metrics and logs', async () => {
    const details = await runFlow();
    expect(details.run.status).toBe('Completed');
    expect(details.run.error).toBeNull();
    const steps = byName(details);
    expect(Object.values(steps).map((step) => step.status)).toEqual(Array(5).fill('Completed'));
    const scores = steps.score!.outputs.scores!;
    const written = await session.datastores
      .get(scores.datastore)
      .readFile(`${scores.path}/data.txt`);
    expect(written.toString()).toBe('alpha\nbeta\ngamma\nprep\ntrain:2\nscore\n');
    expect(steps.train!.metrics.lines?.map((metric) => metric.value)).toEqual([5]);
    expect(steps.train!.tags).toEqual({ step: 'train' });
    expect(steps.train!.exitCode).toBe(0);
    expect(steps.train!.attempts).toHaveLength(1);
    expect(steps.prep!.reused).toBe(false);
    expect(steps.prep!.rerunReason).toBe('no earlier run of this step to reuse');
    expect(Date.parse(steps.train!.startTime!)).toBeGreaterThanOrEqual(
      Date.parse(steps.prep!.endTime!),
    );
    const log = await session.workspace.readStepLog(details.run.id, 'train', 'stdout');
    expect(log).toContain('train wrote 5 lines');
  });

  it('reuses every unchanged step on an identical rerun, naming the run it reuses', async () => {
    const first = await runFlow({ factor: '3' });
    const second = await runFlow({ factor: '3' });
    expect(second.run.status).toBe('Completed');
    const firstSteps = byName(first);
    for (const step of second.steps) {
      expect(step.reused, step.stepName).toBe(true);
      // Steps the factor does not reach were already reused by the first run: same origin.
      const origin = firstSteps[step.stepName]!;
      expect(step.reusedFromRunId, step.stepName).toBe(
        origin.reused ? origin.reusedFromRunId : first.run.id,
      );
      expect(step.rerunReason).toBeNull();
    }
    expect(firstSteps.train!.reused).toBe(false);
    expect(byName(second).train!.outputs).toEqual(byName(first).train!.outputs);
    expect(byName(second).train!.metrics.lines?.map((metric) => metric.value)).toEqual([5]);
  });

  it('reruns the steps a changed parameter reaches, and says what changed', async () => {
    const before = await runFlow({ factor: '4' });
    const after = await runFlow({ factor: '5' });
    const steps = byName(after);
    expect(steps.prep!.reused).toBe(true);
    expect(steps.report!.reused).toBe(true);
    expect(steps.train!.reused).toBe(false);
    expect(steps.train!.rerunReason).toBe(`changed since run ${before.run.id}: parameters factor`);
    expect(steps.score!.reused).toBe(false);
    expect(steps.score!.rerunReason).toContain('data inputs model');
  });

  it('reruns everything with RegenerateOutputs, and says so', async () => {
    await runFlow({ factor: '6' });
    const regenerated = await runFlow({ factor: '6' }, { regenerateOutputs: true });
    for (const step of regenerated.steps) {
      expect(step.reused).toBe(false);
      expect(step.rerunReason).toBe('the run was submitted with RegenerateOutputs');
    }
  });

  it('without continue-on-step-failure, a failure stops independent steps, skips dependents and still runs always_run steps', async () => {
    const details = await runFlow({ fail: 'train', report_sleep: '30', factor: '7' });
    expect(details.run.status).toBe('Failed');
    const steps = byName(details);
    expect(steps.prep!.status).toBe('Completed');
    expect(steps.train!.status).toBe('Failed');
    expect(steps.train!.error?.code).toBe('STEP_EXIT_NONZERO');
    expect(steps.train!.exitCode).toBe(3);
    expect(steps.report!.status).toBe('Canceled');
    expect(steps.report!.error?.code).toBe('STEP_CANCELED');
    expect(steps.score!.status).toBe('Canceled');
    expect(steps.score!.error?.code).toBe('STEP_UPSTREAM_FAILED');
    expect(steps.cleanup!.status).toBe('Completed');
    expect(details.run.error?.code).toBe('STEP_EXIT_NONZERO');
    expect(details.run.error?.message).toContain('"train"');
  });

  it('with continue-on-step-failure, independent steps finish and the run still fails', async () => {
    const details = await runFlow(
      { fail: 'prep', report_sleep: '1', factor: '8' },
      { continueRunOnStepFailure: true },
    );
    expect(details.run.status).toBe('Failed');
    const steps = byName(details);
    expect(steps.prep!.status).toBe('Failed');
    expect(steps.report!.status).toBe('Completed');
    expect(steps.train!.status).toBe('Canceled');
    expect(steps.cleanup!.status).toBe('Completed');
  });

  it('retries a failed attempt as the step retry policy says', async () => {
    const flaky = join(home, 'flaky');
    const id = await publishInline(`
type: pipeline
name: flaky
jobs:
  once:
    type: command
    code: src
    command: node step.mjs --name once --flaky ${flaky}
    retry:
      max_attempts: 2
      interval_seconds: 0
`);
    const details = await runFlow({}, {}, id);
    expect(details.run.status).toBe('Completed');
    const step = byName(details).once!;
    expect(step.attempts.map((attempt) => attempt.exitCode)).toEqual([4, 0]);
    expect(step.attempts[0]?.error?.code).toBe('STEP_EXIT_NONZERO');
  });

  it('runs a parallel step over a table and appends its rows to the output in the datastore', async () => {
    const datastore = session.datastores.get('workspaceblobstore');
    const rows = Array.from({ length: 25 }, (_, index) => `${index},${index * 10}`);
    await datastore.writeFile('tables/loans/loans.csv', `id,amount\n${rows.join('\n')}\n`);
    const result = await session.workspace.publish(
      {
        kind: 'bundle',
        fileName: 'pipeline.yml',
        yaml: `
type: pipeline
name: batch
inputs:
  loans:
    type: mltable
    path: azureml://datastores/workspaceblobstore/paths/tables/loans
jobs:
  score:
    type: parallel
    inputs:
      loans: \${{parent.inputs.loans}}
    outputs:
      scores:
        type: uri_folder
    input_data: \${{inputs.loans}}
    mini_batch_size: 10 rows
    max_concurrency_per_instance: 2
    task:
      type: run_function
      code: src
      entry_script: score.mjs
      append_row_to: \${{outputs.scores}}
`,
        files: {
          'src/score.mjs': Buffer.from(
            'export function run(rows) { return rows.map((row) => `${row.id},${Number(row.amount) * 2}`); }\n',
          ),
        },
      },
      {},
    );
    const details = await runFlow({}, {}, result.pipeline.id);
    expect(details.run.status).toBe('Completed');
    const step = byName(details).score!;
    expect(step.progress).toMatchObject({
      miniBatches: { total: 3, succeeded: 3, failed: 0 },
      items: { total: 25, succeeded: 25, failed: 0 },
    });
    const output = step.outputs.scores!;
    const appended = await datastore.readFile(`${output.path}/parallel_run_step.txt`);
    expect(appended.toString().trim().split('\n')).toEqual(
      Array.from({ length: 25 }, (_, index) => `${index},${index * 20}`),
    );
  });

  it('never reuses a step with allow_reuse: false, and says so', async () => {
    const id = await publishInline(`
type: pipeline
name: always_fresh
jobs:
  fresh:
    type: command
    code: src
    command: node step.mjs --name fresh
    allow_reuse: false
`);
    await runFlow({}, {}, id);
    const again = byName(await runFlow({}, {}, id)).fresh!;
    expect(again.reused).toBe(false);
    expect(again.reuseKey).toBeNull();
    expect(again.rerunReason).toBe('allow_reuse is false for this step');
  });

  it('fails a step that outlives its timeout', async () => {
    const id = await publishInline(`
type: pipeline
name: slow
jobs:
  slow:
    type: command
    code: src
    command: node step.mjs --name slow --sleep 30
    timeout: 1
`);
    const details = await runFlow({}, {}, id);
    expect(details.run.status).toBe('Failed');
    expect(byName(details).slow!.error?.code).toBe('STEP_TIMED_OUT');
  });

  it('cancel stops the running step’s process tree and ends the run Canceled', async () => {
    const id = await publishInline(
      `
type: pipeline
name: cancelable
jobs:
  long:
    type: command
    code: src
    command: sh -c 'node step.mjs --name long --sleep 30; echo after'
  next:
    type: command
    code: src
    command: node step.mjs --name next --in \${{inputs.x}}
    inputs:
      x: \${{parent.jobs.long.outputs.out}}
`.replace('command: sh', 'outputs:\n      out:\n        type: uri_folder\n    command: sh'),
    );
    const run = await session.workspace.submit(
      { kind: 'pipeline', pipelineId: id },
      { experimentName: 'flow-tests' },
    );
    const log = join(home, 'ml/logs', run.id);
    let pid = 0;
    await until(
      async () => {
        const details = await session.workspace.getRun(run.id);
        const text = await session.workspace.readStepLog(run.id, 'long', 'stdout');
        pid = Number(/pid (\d+)/.exec(text)?.[1] ?? 0);
        return byName(details).long?.status === 'Running' && pid > 0;
      },
      (ready) => ready,
      `step "long" to run (logs in ${log})`,
    );
    const canceling = await session.workspace.cancelRun(run.id);
    expect(canceling.status).toBe('CancelRequested');
    await session.executor.execute(run.id);
    const details = await session.workspace.getRun(run.id);
    expect(details.run.status).toBe('Canceled');
    expect(byName(details).long!.status).toBe('Canceled');
    expect(byName(details).next!.status).toBe('Canceled');
    expect(await processRunning(pid)).toBe(false);
  });

  it('resumes a run whose process was killed mid-step, restarting the interrupted step', async () => {
    const sleepOnce = join(home, 'sleep-once');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'crashing-executor.ts'),
        harness.location,
        flowId,
        sleepOnce,
      ],
      {
        env: { ...process.env, MILLRACE_HOME: home, MILLRACE_LEASE_SECONDS: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const [firstLine] = (await once(child.stdout, 'data')) as [Buffer];
      const runId = firstLine.toString().trim();
      let stepPid = 0;
      await until(
        async () => {
          const text = await session.workspace.readStepLog(runId, 'report', 'stdout');
          stepPid = Number(/pid (\d+)/.exec(text)?.[1] ?? 0);
          return stepPid > 0;
        },
        (started) => started,
        'step "report" to start in the child process',
      );
      child.kill('SIGKILL');
      await once(child, 'exit');
      // The crashed process's step is an orphan now; a real crash might leave it, we end it.
      process.kill(stepPid, 'SIGKILL');
      await until(
        async () => (await session.executor.resumeOrphans()).includes(runId),
        (orphaned) => orphaned,
        'the run to be an orphan',
      );
      await session.executor.execute(runId);
      const details = await session.workspace.getRun(runId);
      expect(details.run.status).toBe('Completed');
      const report = byName(details).report!;
      expect(report.attempts.map((attempt) => attempt.error?.code ?? null)).toEqual([
        'STEP_INTERRUPTED',
        null,
      ]);
      expect(byName(details).score!.status).toBe('Completed');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
