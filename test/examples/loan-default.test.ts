/**
 * The loan-default example as a user runs it: `millrace run examples/loan-default --pipeline
 * TrainAndScoreLoans` on the embedded default (a fresh Millrace home, SQLite), the two generic
 * ML pipelines published from the example's symbolic links on first use, the steps' npm
 * dependencies installed into the shared environment cache; then the ML runs, the model registry
 * and the predictions read back from the datastore folder.
 */
import { cp, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MlCliHome, RunJson } from '../cli/ml-cli-harness.js';
import {
  activityRun as activity,
  openExampleHome,
  runFactoryPipeline as runExample,
  RUN_TIMEOUT_MS,
  type PipelineRunJson,
} from './example-cli.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/loan-default', import.meta.url));
const LOANS = join(
  EXAMPLE,
  'ml/datastores/workspaceblobstore/examples/loan-default/lending_club.csv',
);
/** 200 customers of the IBM telco churn sample: other columns, another label. */
const CHURN = fileURLToPath(
  new URL('../../examples/getting-started/data/churn-sample.csv', import.meta.url),
);

interface Prediction {
  readonly id: string;
  readonly probability: number;
  readonly decision: string;
}

interface SavedModel {
  readonly label: { readonly column: string; readonly positiveClass: string };
  readonly algorithm: string;
  readonly threshold: number;
  readonly encoder: { readonly features: readonly { readonly name: string }[] };
}

let cli: MlCliHome;
beforeAll(async () => {
  cli = await openExampleHome();
});
afterAll(async () => {
  await cli.dispose();
});

function runFactoryPipeline(pipeline: string, ...params: string[]) {
  return runExample(cli, EXAMPLE, pipeline, params);
}

async function mlRunOf(run: PipelineRunJson, activityName: string): Promise<RunJson> {
  const runId = String(activity(run, activityName).output?.['runId']);
  return cli.json<RunJson>(['ml', 'run', runId, '--json']);
}

function stepMetrics(run: RunJson, name: string): Record<string, unknown> {
  const found = run.steps.find((step) => step.name === name);
  if (found === undefined) throw new Error(`no step ${name} in ML run ${run.id}`);
  return found.metrics;
}

/** A file of the default datastore, read where the embedded workspace keeps it. */
function datastoreFile(path: string): Promise<string> {
  return readFile(join(cli.home, 'datastores', 'workspaceblobstore', path), 'utf8');
}

async function predictionsOf(output: Record<string, unknown>): Promise<Prediction[]> {
  const text = await datastoreFile(String(output['predictions']));
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [id = '', probability = '', decision = ''] = line.split(',');
      return { id, probability: Number(probability), decision };
    });
}

/** Data rows of a CSV file (its lines but the header; no field of these files holds a newline). */
async function dataRowCount(file: string): Promise<number> {
  return (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '').length - 1;
}

describe('millrace run examples/loan-default --pipeline TrainAndScoreLoans', () => {
  let first: Awaited<ReturnType<typeof runFactoryPipeline>>;
  let loanCount: number;

  beforeAll(async () => {
    loanCount = await dataRowCount(LOANS);
    first = await runFactoryPipeline('TrainAndScoreLoans');
  }, RUN_TIMEOUT_MS);

  it('publishes both generic ML pipelines from the example and runs every activity', async () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(
      "as version 0 (the default) of the ML pipeline endpoint 'tabular-classifier'",
    );
    expect(first.stderr).toContain(
      "as version 0 (the default) of the ML pipeline endpoint 'tabular-batch-score'",
    );
    expect(first.run.activityRuns.map((run) => [run.activityName, run.status])).toEqual([
      ['Train', 'Succeeded'],
      ['Score', 'Succeeded'],
      ['Summarise', 'Succeeded'],
      ['ReturnResult', 'Succeeded'],
    ]);
    const training = await mlRunOf(first.run, 'Train');
    expect(training.steps.map((step) => [step.name, step.status])).toEqual([
      ['prepare', 'Completed'],
      ['split', 'Completed'],
      ['train', 'Completed'],
      ['evaluate', 'Completed'],
      ['register', 'Completed'],
    ]);
    expect(training.parameters).toMatchObject({
      label_column: 'Class',
      positive_class: 'bad',
      model_name: 'loan-default',
    });
    const scoring = await mlRunOf(first.run, 'Score');
    expect(scoring.steps.map((step) => [step.name, step.status])).toEqual([['score', 'Completed']]);
  });

  it('prepares, splits stratified and evaluates on held-out loans: test ROC AUC ≥ 0.70', async () => {
    const training = await mlRunOf(first.run, 'Train');
    expect(stepMetrics(training, 'prepare')).toMatchObject({
      rows: loanCount,
      positives: 517,
      categorical_features: 5,
      numeric_features: 17,
    });
    const split = stepMetrics(training, 'split');
    expect(Number(split['train_rows']) + Number(split['test_rows'])).toBe(loanCount);
    // Stratified: both sides keep the 5.2 % bad rate to a tenth of a point.
    expect(Math.abs(Number(split['test_positive_rate']) - 517 / loanCount)).toBeLessThan(0.001);
    expect(Math.abs(Number(split['train_positive_rate']) - 517 / loanCount)).toBeLessThan(0.001);

    const evaluation = stepMetrics(training, 'evaluate');
    expect(evaluation['roc_auc']).toBeGreaterThanOrEqual(0.7);
    for (const name of ['precision', 'recall', 'f1', 'brier_score', 'calibration_error']) {
      expect(evaluation[name], name).toBeGreaterThan(0);
      expect(evaluation[name], name).toBeLessThan(1);
    }
    expect(evaluation).toMatchObject({ threshold: 0.1, test_rows: Number(split['test_rows']) });
    expect(first.output).toMatchObject({
      testRocAuc: evaluation['roc_auc'],
      testPrecision: evaluation['precision'],
      testRecall: evaluation['recall'],
      rowsScored: loanCount,
    });
    expect(String(first.output['summary'])).toMatch(
      new RegExp(
        `^Model loan-default version \\S+: test ROC AUC 0\\.\\d+, precision 0\\.\\d+ and recall 0\\.\\d+ at threshold 0\\.1, scored ${loanCount} rows into workspaceblobstore/azureml/\\S+/predictions\\.csv$`,
      ),
    );
  });

  it('registers the model with its encoders and metrics as a version in the datastore', async () => {
    const version = String(first.output['modelVersion']);
    expect(first.output['modelPath']).toBe(`models/loan-default/${version}`);
    const latest = JSON.parse(await datastoreFile('models/loan-default/latest.json')) as Record<
      string,
      unknown
    >;
    expect(latest).toMatchObject({
      name: 'loan-default',
      version,
      algorithm: 'logistic-regression',
    });
    const model = JSON.parse(
      await datastoreFile(`models/loan-default/${version}/model.json`),
    ) as SavedModel;
    expect(model).toMatchObject({
      label: { column: 'Class', positiveClass: 'bad' },
      threshold: 0.1,
    });
    expect(model.encoder.features.map((feature) => feature.name)).toContain('sub_grade');
    const metrics = JSON.parse(
      await datastoreFile(`models/loan-default/${version}/metrics.json`),
    ) as { metrics: Record<string, unknown> };
    expect(metrics.metrics['roc_auc']).toBeCloseTo(Number(first.output['testRocAuc']), 5);
  });

  it('writes one probability and decision per loan, every loan exactly once', async () => {
    const predictions = await predictionsOf(first.output);
    expect(predictions).toHaveLength(loanCount);
    // Without an id column, a loan is named by its row number in the file.
    expect(new Set(predictions.map((prediction) => prediction.id))).toEqual(
      new Set(Array.from({ length: loanCount }, (_, index) => String(index + 1))),
    );
    for (const { probability, decision } of predictions) {
      expect(probability).toBeGreaterThanOrEqual(0);
      expect(probability).toBeLessThanOrEqual(1);
      expect(decision).toBe(probability >= 0.1 ? 'bad' : 'good');
    }
    expect(predictions.some((prediction) => prediction.decision === 'bad')).toBe(true);
    expect(predictions.some((prediction) => prediction.decision === 'good')).toBe(true);
  });

  it('scores with a registered version without retraining (ScoreLoansWithModel)', async () => {
    const version = String(first.output['modelVersion']);
    const scored = await runFactoryPipeline(
      'ScoreLoansWithModel',
      `modelVersion=${version}`,
      'threshold=0.3',
    );
    expect(scored.code, scored.stderr).toBe(0);
    const scoring = await mlRunOf(scored.run, 'Score');
    expect(scoring.steps.map((step) => step.name)).toEqual(['score']);
    // Every worker logs the model it loaded.
    expect(stepMetrics(scoring, 'score')).toMatchObject({
      model_name: 'loan-default',
      model_version: version,
      worker_processes_started: 2,
    });
    expect(scoring.steps[0]?.tags).toEqual({ model: `loan-default:${version}` });
    expect(scored.output).toMatchObject({ modelVersion: version, rowsScored: loanCount });

    // The same model gives the same probabilities; only the threshold moved.
    const before = new Map((await predictionsOf(first.output)).map((p) => [p.id, p.probability]));
    const after = await predictionsOf(scored.output);
    expect(after).toHaveLength(loanCount);
    for (const { id, probability, decision } of after) {
      expect(probability).toBe(before.get(id));
      expect(decision).toBe(probability >= 0.3 ? 'bad' : 'good');
    }
  });

  it('scores with a model version folder given by its datastore path', async () => {
    const version = String(first.output['modelVersion']);
    const run = await cli.json<RunJson>([
      'ml',
      'submit',
      '--endpoint',
      'tabular-batch-score',
      '--experiment',
      'loan-default-by-path',
      '--datapath',
      'data=workspaceblobstore/examples/loan-default/lending_club.csv',
      '--datapath',
      `model_store=workspaceblobstore/models/loan-default/${version}`,
      '--watch',
      '--json',
    ]);
    expect(run.status).toBe('Completed');
    expect(stepMetrics(run, 'score')).toMatchObject({
      model_name: 'loan-default',
      model_version: version,
      rows_appended: loanCount,
    });
  });

  it('trains on another data set when only the parameters change', async () => {
    await mkdir(join(cli.home, 'datastores/workspaceblobstore/other'), { recursive: true });
    await cp(CHURN, join(cli.home, 'datastores/workspaceblobstore/other/churn.csv'));
    const customers = await dataRowCount(CHURN);
    const churn = await runFactoryPipeline(
      'TrainAndScoreLoans',
      'trainingData=other/churn.csv',
      'scoringData=other/churn.csv',
      'labelColumn=churn',
      'positiveClass=Yes',
      'modelName=churn',
      'algorithm=random-forest',
      'threshold=0.5',
    );
    expect(churn.code, churn.stderr).toBe(0);
    // The same published ML pipelines as the loans ran on.
    expect(activity(churn.run, 'Train').output?.['version']).toBe('0');
    expect(activity(churn.run, 'Score').output?.['version']).toBe('0');

    const version = String(churn.output['modelVersion']);
    const model = JSON.parse(
      await datastoreFile(`models/churn/${version}/model.json`),
    ) as SavedModel;
    expect(model).toMatchObject({
      label: { column: 'churn', positiveClass: 'Yes' },
      algorithm: 'random-forest',
    });
    expect(model.encoder.features.map((feature) => feature.name)).toEqual(
      (await readFile(CHURN, 'utf8'))
        .split('\n')[0]!
        .split(',')
        .map((name) => name.replace(/"/g, ''))
        .filter((name) => name !== 'churn'),
    );
    expect(churn.output['testRocAuc']).toBeGreaterThan(0.5);

    const predictions = await predictionsOf(churn.output);
    expect(predictions).toHaveLength(customers);
    expect(new Set(predictions.map((prediction) => prediction.id)).size).toBe(customers);
    expect(new Set(predictions.map((prediction) => prediction.decision))).toEqual(
      new Set(['Yes', 'No']),
    );
    // Each model keeps its own latest version.
    const loansLatest = JSON.parse(await datastoreFile('models/loan-default/latest.json')) as {
      version: string;
    };
    expect(loansLatest.version).toBe(first.output['modelVersion']);
  });

  it('fails the training with a message naming the columns when the label column is wrong', async () => {
    const failed = await runFactoryPipeline('TrainAndScoreLoans', 'labelColumn=Klass');
    expect(failed.code).toBe(1);
    const training = activity(failed.run, 'Train');
    expect(training.status).toBe('Failed');
    expect(training.error?.errorCode).toBe('4126');
    const [failedStep] = training.error?.details?.failedSteps ?? [];
    expect(failedStep).toMatchObject({ step: 'prepare', errorCode: 'STEP_EXIT_NONZERO' });
    expect(String(failedStep?.['logTail'])).toContain(
      'The label column "Klass" is not a column of the data; its columns are funded_amnt, term,',
    );
    expect(activity(failed.run, 'Score').status).toBe('Skipped');
  });
});
