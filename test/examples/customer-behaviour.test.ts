/**
 * The customer-behaviour example as a user runs it: `millrace run examples/customer-behaviour
 * --pipeline SegmentCustomers | PredictChurn` on the embedded default (a fresh Millrace home,
 * SQLite), the ML side published from the folder on first use, the step dependencies installed
 * into the shared environment cache, then the ML runs and their outputs read back.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MlCliHome, RunJson } from '../cli/ml-cli-harness.js';
import {
  openExampleHome,
  runFactoryPipeline,
  RUN_TIMEOUT_MS,
  type PipelineRunJson,
} from './example-cli.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/customer-behaviour', import.meta.url));
const DATA = join(
  EXAMPLE,
  'ml',
  'datastores',
  'workspaceblobstore',
  'examples',
  'customer-behaviour',
);

interface DataPathJson {
  readonly DataStoreName: string;
  readonly RelativePath: string;
}

interface StepRunJson {
  readonly name: string;
  readonly status: string;
  readonly metrics: Record<string, unknown>;
  readonly outputs: Record<string, DataPathJson>;
}

interface SegmentProfile {
  readonly segment: number;
  readonly label: string;
  readonly customers: number;
  readonly recency_days: { readonly mean: number; readonly median: number };
  readonly frequency: { readonly mean: number; readonly median: number };
  readonly monetary: { readonly mean: number; readonly median: number };
}

let cli: MlCliHome;
beforeAll(async () => {
  cli = await openExampleHome();
});
afterAll(async () => {
  await cli.dispose();
});

async function runExample(pipeline: string, ...params: string[]) {
  const outcome = await runFactoryPipeline(cli, EXAMPLE, pipeline, params);
  expect(outcome.code, outcome.stderr).toBe(0);
  const { run } = outcome;
  const ml = run.activityRuns[0];
  if (ml === undefined) throw new Error(`no activity ran: ${outcome.stdout}`);
  const stepRuns = (ml.output?.['stepRuns'] ?? []) as StepRunJson[];
  return { run, ml, stepRuns };
}

function step(stepRuns: readonly StepRunJson[], name: string): StepRunJson {
  const found = stepRuns.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no step ${name} in ${JSON.stringify(stepRuns)}`);
  return found;
}

/** A file of a step output, read from the embedded default's datastore folder. */
function readOutput(output: DataPathJson | undefined, file: string): Promise<string> {
  if (output === undefined) throw new Error('the step has no such output');
  return readFile(
    join(cli.home, 'datastores', output.DataStoreName, output.RelativePath, file),
    'utf8',
  );
}

/** The first column of every data row of a CSV text (the examples' ids hold no comma). */
function firstColumn(csv: string): string[] {
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0] ?? '');
}

describe('millrace run examples/customer-behaviour --pipeline SegmentCustomers', () => {
  let first: Awaited<ReturnType<typeof runExample>>;
  let superstoreCustomers: Set<string>;

  beforeAll(async () => {
    first = await runExample('SegmentCustomers');
    const orders = await readFile(join(DATA, 'superstore.csv'), 'utf8');
    // Customer ID is the sixth column and the columns before it hold no comma.
    superstoreCustomers = new Set(
      orders
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => (line.split(',')[5] ?? '').replaceAll('"', '')),
    );
  }, RUN_TIMEOUT_MS);

  it('runs rfm → cluster → profile and returns the segmentation', () => {
    expect(first.run.status).toBe('Succeeded');
    expect(first.stepRuns.map((stepRun) => [stepRun.name, stepRun.status])).toEqual([
      ['rfm', 'Completed'],
      ['cluster', 'Completed'],
      ['profile', 'Completed'],
    ]);
    expect(step(first.stepRuns, 'rfm').metrics).toMatchObject({
      order_lines: 9994,
      customers: 793,
      orders: 5009,
      skipped_lines: 0,
    });
    expect(first.run.output).toMatchObject({ segments: 4 });
    expect(String(first.run.output?.['summary'])).toMatch(
      /^793 customers from 9994 order lines in 4 segments \(silhouette 0\.\d+; best k by silhouette \d\); profiles in workspaceblobstore\/azureml\//,
    );
  });

  it('logs the inertia and silhouette of every k it scanned, the evidence for k', () => {
    const metrics = step(first.stepRuns, 'cluster').metrics;
    const inertias = [2, 3, 4, 5, 6, 7, 8].map((k) => Number(metrics[`inertia_k${k}`]));
    const silhouettes = [2, 3, 4, 5, 6, 7, 8].map((k) => Number(metrics[`silhouette_k${k}`]));
    // More clusters always fit tighter; a silhouette lies in [-1, 1].
    for (let index = 1; index < inertias.length; index++) {
      expect(inertias[index]).toBeLessThan(inertias[index - 1] ?? 0);
    }
    for (const silhouette of silhouettes) {
      expect(silhouette).toBeGreaterThan(0);
      expect(silhouette).toBeLessThanOrEqual(1);
    }
    expect(metrics).toMatchObject({ k: 4, silhouette: metrics['silhouette_k4'] });
    expect(metrics['best_k_by_silhouette']).toBe(2 + silhouettes.indexOf(Math.max(...silhouettes)));
  });

  it('puts every customer in exactly one of the k segments', async () => {
    const profile = step(first.stepRuns, 'profile');
    const customers = await readOutput(profile.outputs['segments'], 'customers.csv');
    const ids = firstColumn(customers);
    expect(ids).toHaveLength(793);
    expect(new Set(ids)).toEqual(superstoreCustomers);
    const segments = customers
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').at(-2));
    expect(new Set(segments)).toEqual(new Set(['0', '1', '2', '3']));

    const assignments = await readOutput(
      step(first.stepRuns, 'cluster').outputs['clusters'],
      'assignments.csv',
    );
    expect(firstColumn(assignments).sort()).toEqual([...ids].sort());
  });

  it('writes a named profile per segment as JSON and CSV', async () => {
    const output = step(first.stepRuns, 'profile').outputs['segments'];
    const profiles = JSON.parse(await readOutput(output, 'segments.json')) as {
      customers: number;
      segments: SegmentProfile[];
    };
    expect(profiles.customers).toBe(793);
    expect(profiles.segments.map((profile) => profile.segment)).toEqual([0, 1, 2, 3]);
    expect(profiles.segments.reduce((sum, profile) => sum + profile.customers, 0)).toBe(793);
    const labels = profiles.segments.map((profile) => profile.label);
    expect(new Set(labels).size).toBe(4);
    for (const profile of profiles.segments) {
      expect(profile.label).toMatch(/^[a-z][a-z -]+[a-z0-9]$/);
      expect(profile.customers).toBeGreaterThan(0);
      for (const measure of [profile.recency_days, profile.frequency, profile.monetary]) {
        expect(measure.mean).toBeGreaterThan(0);
        expect(measure.median).toBeGreaterThan(0);
      }
    }
    // Segment 0 holds the best customers: more recent and richer than the last segment.
    const best = profiles.segments[0];
    const worst = profiles.segments[3];
    expect(best?.recency_days.median).toBeLessThan(worst?.recency_days.median ?? 0);
    expect(best?.monetary.median).toBeGreaterThan(worst?.monetary.median ?? Infinity);
    expect(step(first.stepRuns, 'profile').metrics).toMatchObject({
      segments: 4,
      segment_0_customers: best?.customers,
    });

    const csv = (await readOutput(output, 'segments.csv')).trim().split('\n');
    expect(csv[0]).toBe(
      'segment,label,customers,share,recency_days_mean,recency_days_median,frequency_mean,frequency_median,monetary_mean,monetary_median,total_monetary',
    );
    expect(csv.slice(1).map((line) => line.split(',').slice(0, 3))).toEqual(
      profiles.segments.map((profile) => [
        String(profile.segment),
        profile.label,
        String(profile.customers),
      ]),
    );
  });

  it(
    'lets the silhouette choose k and counts recency to another date by parameters alone',
    async () => {
      const chosen = await runExample('SegmentCustomers', 'segments=0', 'referenceDate=2018-06-30');
      const cluster = step(chosen.stepRuns, 'cluster').metrics;
      expect(cluster['k']).toBe(cluster['best_k_by_silhouette']);
      const mlRun = await cli.json<RunJson & { steps: { tags: Record<string, string> }[] }>([
        'ml',
        'run',
        String(chosen.ml.output?.['runId']),
        '--json',
      ]);
      expect(mlRun.parameters).toMatchObject({ k: 0, reference_date: '2018-06-30' });
      expect(mlRun.steps[0]?.tags).toEqual({ reference_date: '2018-06-30' });
      const profiles = JSON.parse(
        await readOutput(step(chosen.stepRuns, 'profile').outputs['segments'], 'segments.json'),
      ) as { segments: SegmentProfile[] };
      expect(profiles.segments).toHaveLength(Number(cluster['k']));
      // The last order is 2017-12-30: everyone is at least 182 days away from 2018-06-30.
      for (const profile of profiles.segments) {
        expect(profile.recency_days.median).toBeGreaterThanOrEqual(182);
      }
    },
    RUN_TIMEOUT_MS,
  );
});

describe('millrace run examples/customer-behaviour --pipeline PredictChurn', () => {
  let churn: PipelineRunJson;
  let predictions: string[][];

  beforeAll(async () => {
    const outcome = await cli.millrace(['run', EXAMPLE, '--pipeline', 'PredictChurn', '--json']);
    expect(outcome.code, outcome.stderr).toBe(0);
    churn = JSON.parse(outcome.stdout) as PipelineRunJson;
    const score = churn.activityRuns.find((run) => run.activityName === 'Score');
    const stepRuns = (score?.output?.['stepRuns'] ?? []) as StepRunJson[];
    const csv = await readOutput(step(stepRuns, 'score').outputs['predictions'], 'predictions.csv');
    predictions = csv
      .trim()
      .split('\n')
      .map((line) => line.split(','));
  }, RUN_TIMEOUT_MS);

  it('trains through the shared tabular-classifier pipeline to a test ROC AUC of at least 0.80', async () => {
    expect(churn.status).toBe('Succeeded');
    const train = churn.activityRuns.find((run) => run.activityName === 'Train');
    const mlRun = await cli.json<RunJson & { pipelineName: string }>([
      'ml',
      'run',
      String(train?.output?.['runId']),
      '--json',
    ]);
    expect(mlRun.pipelineName).toBe('tabular-classifier');
    expect(mlRun.parameters).toMatchObject({
      label_column: 'churn',
      positive_class: 'Yes',
      id_column: '',
      threshold: 0.3,
      model_name: 'customer-churn',
    });
    expect(mlRun.dataPaths['data']).toEqual({
      datastore: 'workspaceblobstore',
      path: 'examples/customer-behaviour/wa_churn.csv',
    });
    const evaluate = mlRun.steps.find((candidate) => candidate.name === 'evaluate');
    expect(evaluate?.metrics).toMatchObject({ test_rows: 1409, threshold: 0.3 });
    expect(Number(evaluate?.metrics['roc_auc'])).toBeGreaterThanOrEqual(0.8);
    expect(churn.output?.['testRocAuc']).toBe(evaluate?.metrics['roc_auc']);
    expect(String(churn.output?.['summary'])).toMatch(
      /^Churn model customer-churn version \S+: test ROC AUC 0\.\d+, .* scored 7043 customers into workspaceblobstore\//,
    );
  });

  it('writes one churn probability and decision for every customer, once each', () => {
    expect(predictions).toHaveLength(7043);
    // wa_churn has no customer id: rows are named by their number in the file, from 1.
    expect(new Set(predictions.map(([id]) => Number(id)))).toEqual(
      new Set(Array.from({ length: 7043 }, (_, index) => index + 1)),
    );
    for (const [, probability, decision] of predictions) {
      const value = Number(probability);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
      expect(decision).toBe(value >= 0.3 ? 'Yes' : 'No');
    }
    const flagged = predictions.filter(([, , decision]) => decision === 'Yes').length;
    // 26.5 % of the customers churned; at 0.3 the model flags more, but far from all.
    expect(flagged / predictions.length).toBeGreaterThan(0.2);
    expect(flagged / predictions.length).toBeLessThan(0.5);
  });

  it('scores again with the registered model alone, to the same predictions', async () => {
    const outcome = await cli.millrace([
      'run',
      EXAMPLE,
      '--pipeline',
      'ScoreChurnWithModel',
      '--json',
    ]);
    expect(outcome.code, outcome.stderr).toBe(0);
    const run = JSON.parse(outcome.stdout) as PipelineRunJson;
    const train = churn.activityRuns.find((activityRun) => activityRun.activityName === 'Train');
    const trainSteps = (train?.output?.['stepRuns'] ?? []) as StepRunJson[];
    const registered = step(trainSteps, 'register').metrics['model_version'];
    const stepRuns = (run.activityRuns[0]?.output?.['stepRuns'] ?? []) as StepRunJson[];
    expect(stepRuns.map((stepRun) => stepRun.name)).toEqual(['score']);
    expect(step(stepRuns, 'score').metrics).toMatchObject({
      model_name: 'customer-churn',
      model_version: registered,
    });
    const csv = await readOutput(step(stepRuns, 'score').outputs['predictions'], 'predictions.csv');
    expect(csv.trim().split('\n')).toEqual(predictions.map((fields) => fields.join(',')));
  });
});
