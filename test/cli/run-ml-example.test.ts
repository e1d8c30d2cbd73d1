/**
 * The loan-scoring example as a user runs it: `millrace run examples/loan-scoring --pipeline
 * ScoreLoans --param …` on the embedded default (a fresh Millrace home, SQLite), the ML side
 * published from the folder on first use, then the ML run read back with `millrace ml run`.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMlCliHome, type MlCliHome, type RunJson } from './ml-cli-harness.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/loan-scoring', import.meta.url));
const SLEEPY = fileURLToPath(new URL('../fixtures/ml/sleepy', import.meta.url));

interface ActivityRunJson {
  readonly activityName: string;
  readonly activityRunId: string;
  readonly status: string;
  readonly output: Record<string, unknown> | null;
  readonly error: {
    readonly errorCode: string;
    readonly message: string;
    readonly details?: { readonly failedSteps: readonly Record<string, unknown>[] };
  } | null;
}

interface PipelineRunJson {
  readonly runId: string;
  readonly status: string;
  readonly output: Record<string, unknown> | null;
  readonly activityRuns: readonly ActivityRunJson[];
}

interface MlRunJson extends RunJson {
  readonly parentRunId: string | null;
  readonly runSource: string;
  readonly tags: Record<string, string>;
}

let cli: MlCliHome;
beforeAll(async () => {
  cli = await createMlCliHome();
});
afterAll(async () => {
  await cli.dispose();
});

function activity(run: PipelineRunJson, name: string): ActivityRunJson {
  const found = run.activityRuns.find((candidate) => candidate.activityName === name);
  if (found === undefined) throw new Error(`no activity run ${name} in ${JSON.stringify(run)}`);
  return found;
}

async function scoreLoans(...params: string[]) {
  const outcome = await cli.millrace([
    'run',
    EXAMPLE,
    '--pipeline',
    'ScoreLoans',
    '--json',
    ...params.flatMap((param) => ['--param', param]),
  ]);
  return { ...outcome, run: JSON.parse(outcome.stdout) as PipelineRunJson };
}

describe('millrace run examples/loan-scoring', () => {
  let first: Awaited<ReturnType<typeof scoreLoans>>;

  beforeAll(async () => {
    first = await scoreLoans('threshold=0.3', 'batch=nightly');
  });

  it('publishes the ML side on first use and runs the factory pipeline to Succeeded', () => {
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(
      "as version 0 (the default) of the ML pipeline endpoint 'loan-scoring'",
    );
    expect(first.stderr).toContain('Copied 2 file(s)');
    expect(first.run.status).toBe('Succeeded');
    expect(first.run.activityRuns.map((run) => [run.activityName, run.status])).toEqual([
      ['ScoreWithMl', 'Succeeded'],
      ['Summarise', 'Succeeded'],
      ['ReturnResult', 'Succeeded'],
    ]);
  });

  it('records the ML run with the parameters, data path and experiment the expressions built', async () => {
    const output = activity(first.run, 'ScoreWithMl').output ?? {};
    const mlRun = await cli.json<MlRunJson>(['ml', 'run', String(output['runId']), '--json']);
    expect(mlRun).toMatchObject({
      experimentName: 'loan-scoring-nightly',
      status: 'Completed',
      runSource: 'DataFactory',
      parentRunId: null,
      parameters: { threshold: 0.3, run_label: first.run.runId },
      dataPaths: {
        loans: { datastore: 'workspaceblobstore', path: 'examples/loan-scoring/loans.csv' },
      },
      tags: {
        adfPipelineRunId: first.run.runId,
        adfActivityRunId: activity(first.run, 'ScoreWithMl').activityRunId,
      },
    });
    expect(mlRun.steps.map((step) => [step.name, step.status])).toEqual([
      ['prepare', 'Completed'],
      ['score', 'Completed'],
    ]);
    const score = mlRun.steps[1];
    expect(score?.metrics).toMatchObject({ scored: 300 });
  });

  it('gives the activity output to downstream activities and the return value', () => {
    const output = activity(first.run, 'ScoreWithMl').output ?? {};
    expect(output).toMatchObject({
      runStatus: 'Completed',
      experimentName: 'loan-scoring-nightly',
      version: '0',
      parameterAssignments: { threshold: 0.3 },
      stepRuns: [
        { name: 'prepare', status: 'Completed', reused: false },
        { name: 'score', status: 'Completed', reused: false, metrics: { scored: 300 } },
      ],
    });
    const summary = String(first.run.output?.['summary']);
    expect(summary).toContain(`ML run ${String(output['runId'])} Completed after 2 steps`);
    expect(summary).toMatch(/\d+ of 300 loans flagged for review, ROC AUC 0\.\d+/);
    expect(first.run.output).toMatchObject({
      mlRunId: output['runId'],
      experiment: 'loan-scoring-nightly',
    });
  });

  it('publishes nothing the second time and reuses the unchanged preparation', async () => {
    const second = await scoreLoans('threshold=0.3', 'batch=nightly');
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain('Published');
    const output = activity(second.run, 'ScoreWithMl').output ?? {};
    expect(output['version']).toBe('0');
    expect(output['stepRuns']).toMatchObject([
      { name: 'prepare', reused: true },
      // run_label is the factory run id, new for every run.
      { name: 'score', reused: false },
    ]);
  });

  it('fails the activity with 4126 and the failed step when the ML run fails', async () => {
    const failed = await scoreLoans('inputFile=missing.csv');
    expect(failed.code).toBe(1);
    const scoring = activity(failed.run, 'ScoreWithMl');
    expect(scoring.status).toBe('Failed');
    const runId = String(scoring.output?.['runId']);
    expect(scoring.error).toMatchObject({
      errorCode: '4126',
      message: `Azure ML pipeline run failed with status: 'Failed'. Azure ML pipeline run Id: '${runId}'.`,
      details: {
        failedSteps: [
          expect.objectContaining({
            step: 'prepare',
            status: 'Failed',
            errorCode: 'STEP_INPUT_MISSING',
          }),
        ],
      },
    });
    expect(activity(failed.run, 'Summarise').status).toBe('Skipped');
  });

  it('prints the failed steps in its live progress', async () => {
    const outcome = await cli.millrace([
      'run',
      EXAMPLE,
      '--pipeline',
      'ScoreLoans',
      '--param',
      'inputFile=missing.csv',
    ]);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(
      /✖ ScoreWithMl Failed in \d+ ms: 4126 Azure ML pipeline run failed/,
    );
    expect(outcome.stdout).toContain('step prepare Failed (STEP_INPUT_MISSING)');
  });
});

describe('millrace run with waitOnCompletion false', () => {
  let factory: string;
  beforeAll(async () => {
    factory = await mkdtemp(join(tmpdir(), 'millrace-detached-factory-'));
    await cp(SLEEPY, join(factory, 'ml', 'pipelines', 'nap'), { recursive: true });
    await mkdir(join(factory, 'pipeline'));
    await mkdir(join(factory, 'linkedService'));
    await writeFile(
      join(factory, 'linkedService', 'Ml.json'),
      JSON.stringify({ name: 'Ml', properties: { type: 'AzureMLService', typeProperties: {} } }),
    );
    await writeFile(
      join(factory, 'pipeline', 'FireAndForget.json'),
      JSON.stringify({
        name: 'FireAndForget',
        properties: {
          activities: [
            {
              name: 'Start',
              type: 'AzureMLExecutePipeline',
              linkedServiceName: { referenceName: 'Ml', type: 'LinkedServiceReference' },
              typeProperties: {
                mlPipelineEndpointName: 'nap',
                mlPipelineParameters: { seconds: 3 },
                waitOnCompletion: false,
              },
            },
          ],
        },
      }),
    );
  });
  afterAll(async () => {
    await rm(factory, { recursive: true, force: true });
  });

  it('returns right after the submit, and a worker of its own finishes the ML run', async () => {
    const outcome = await cli.millrace(['run', factory, '--json']);
    expect(outcome.code, outcome.stderr).toBe(0);
    const run = JSON.parse(outcome.stdout) as PipelineRunJson;
    const output = activity(run, 'Start').output ?? {};
    // The CLI did not wait: the ML run was still going when it exited.
    expect(['NotStarted', 'Queued', 'Running']).toContain(output['runStatus']);
    expect(output['experimentName']).toBe('FireAndForget');
    const finished = await cli.waitForRun(
      String(output['runId']),
      (ml) => ml.status === 'Completed',
    );
    expect(finished.steps.map((step) => [step.name, step.status])).toEqual([['nap', 'Completed']]);
  });
});
