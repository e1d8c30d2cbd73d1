/**
 * The sentiment example as a user runs it: `millrace run examples/sentiment --pipeline
 * ScoreSentiment --param …` on the embedded default (a fresh Millrace home, SQLite), the ML side
 * published from the folder on first use, the steps' npm dependencies installed into the shared
 * environment cache; then the ML runs, the model registry and the predictions read back.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MlCliHome, RunJson } from '../cli/ml-cli-harness.js';
import { openExampleHome, runFactoryPipeline, RUN_TIMEOUT_MS } from './example-cli.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/sentiment', import.meta.url));
const DATA = join(EXAMPLE, 'ml', 'datastores', 'workspaceblobstore', 'examples', 'sentiment');
const PICKABLE = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc'] as const;
type Pickable = (typeof PICKABLE)[number];
const CANDIDATES = ['pretrained', 'naive_bayes'] as const;

interface MlStepJson {
  readonly name: string;
  readonly status: string;
  readonly metrics: Record<string, unknown>;
  readonly tags: Record<string, string>;
}

interface MlRunJson extends Omit<RunJson, 'steps'> {
  readonly steps: readonly MlStepJson[];
}

interface Prediction {
  readonly id: number | string;
  readonly score: number;
  readonly label: 'positive' | 'negative';
}

let cli: MlCliHome;
beforeAll(async () => {
  cli = await openExampleHome();
});
afterAll(async () => {
  await cli.dispose();
});

function scoreSentiment(...params: string[]) {
  return runFactoryPipeline(cli, EXAMPLE, 'ScoreSentiment', params);
}

async function mlRun(runId: unknown): Promise<MlRunJson> {
  return cli.json<MlRunJson>(['ml', 'run', String(runId), '--json']);
}

function step(run: MlRunJson, name: string): MlStepJson {
  const found = run.steps.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no step ${name} in ML run ${run.id}`);
  return found;
}

function metricOf(compare: MlStepJson, candidate: string, name: string): number {
  const value = compare.metrics[`${candidate}_${name}`];
  if (typeof value !== 'number') throw new Error(`metric ${candidate}_${name} is ${String(value)}`);
  return value;
}

/** The candidate compare must pick: higher `pickBy`, then higher ROC AUC, then pretrained. */
function expectedChoice(compare: MlStepJson, pickBy: Pickable): string {
  const [first, second] = CANDIDATES;
  const a = metricOf(compare, first, pickBy);
  const b = metricOf(compare, second, pickBy);
  if (a !== b) return a > b ? first : second;
  return metricOf(compare, first, 'roc_auc') >= metricOf(compare, second, 'roc_auc')
    ? first
    : second;
}

/** `workspaceblobstore/<path>` from the return value, read from the home's local datastore. */
async function readPredictions(location: unknown): Promise<Prediction[]> {
  const [datastore, ...path] = String(location).split('/');
  const text = await readFile(join(cli.home, 'datastores', String(datastore), ...path), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Prediction);
}

async function readRegistry(version: number, file: string): Promise<Record<string, unknown>> {
  const path = join(cli.home, 'datastores', 'workspaceblobstore', 'examples', 'sentiment');
  return JSON.parse(await readFile(join(path, 'models', String(version), file), 'utf8')) as Record<
    string,
    unknown
  >;
}

async function lines(file: string): Promise<string[]> {
  return (await readFile(join(DATA, file), 'utf8')).split('\n').filter((line) => line !== '');
}

function expectEachOnce(predictions: readonly Prediction[], ids: readonly (number | string)[]) {
  expect(predictions.map((prediction) => prediction.id).sort()).toEqual([...ids].sort());
  expect(new Set(predictions.map((prediction) => prediction.id)).size).toBe(ids.length);
}

describe('millrace run examples/sentiment', () => {
  let byF1: Awaited<ReturnType<typeof scoreSentiment>>;
  let byF1Run: MlRunJson;

  beforeAll(async () => {
    byF1 = await scoreSentiment();
    byF1Run = await mlRun(byF1.output['mlRunId']);
  }, RUN_TIMEOUT_MS);

  it('publishes both ML pipelines on first use and trains, compares, saves and scores', () => {
    expect(byF1.code, byF1.stderr).toBe(0);
    expect(byF1.stderr).toContain("of the ML pipeline endpoint 'sentiment'");
    expect(byF1.stderr).toContain("of the ML pipeline endpoint 'sentiment-score'");
    expect(byF1.run.status).toBe('Succeeded');
    expect(byF1Run.steps.map((ml) => [ml.name, ml.status])).toEqual(
      [
        'prepare',
        'pretrained',
        'train',
        'compare',
        'register',
        'prepare_texts',
        'score',
        'publish',
      ].map((name) => [name, 'Completed']),
    );
    expect(step(byF1Run, 'prepare').metrics).toMatchObject({
      rows: 900,
      train_rows: 630,
      heldout_rows: 270,
    });
  });

  it('records the metrics of both models on the same held-out sentences', () => {
    const compare = step(byF1Run, 'compare');
    expect(compare.metrics['heldout_rows']).toBe(270);
    for (const candidate of CANDIDATES) {
      for (const name of PICKABLE) {
        const value = metricOf(compare, candidate, name);
        expect(value, `${candidate}_${name}`).toBeGreaterThan(0);
        expect(value, `${candidate}_${name}`).toBeLessThanOrEqual(1);
      }
      // Floors well below what both reach on this data (about 0.86 and 0.92–0.94).
      expect(metricOf(compare, candidate, 'accuracy')).toBeGreaterThanOrEqual(0.8);
      expect(metricOf(compare, candidate, 'roc_auc')).toBeGreaterThanOrEqual(0.88);
      const counts = ['true_positives', 'false_positives', 'true_negatives', 'false_negatives'];
      expect(counts.reduce((sum, name) => sum + metricOf(compare, candidate, name), 0)).toBe(270);
    }
  });

  it('chooses the better model by F1, tags it, saves it as version 1 and returns the comparison', async () => {
    const compare = step(byF1Run, 'compare');
    const chosen = expectedChoice(compare, 'f1');
    expect(compare.metrics['chosen_model']).toBe(chosen);
    expect(compare.tags).toMatchObject({ chosen_model: chosen, pick_by: 'f1' });
    expect(step(byF1Run, 'register').metrics).toMatchObject({
      model_version: 1,
      new_version: true,
    });
    expect(byF1.output).toMatchObject({
      chosenModel: chosen,
      modelVersion: 1,
      comparison: compare.metrics,
    });
    expect(String(byF1.output['summary'])).toMatch(
      new RegExp(
        `^Compared on 270 held-out sentences by f1: pretrained 0\\.\\d+, naive Bayes 0\\.\\d+; chose ${chosen}, saved as model version 1; \\d+ of 100 texts positive$`,
      ),
    );
    const saved = await readRegistry(1, 'model.json');
    expect(saved).toMatchObject({
      format: 'millrace.sentiment-model',
      kind: chosen === 'pretrained' ? 'pretrained' : 'naive-bayes',
      threshold: 0.5,
    });
    expect(await readRegistry(1, 'metrics.json')).toMatchObject({
      version: 1,
      runId: byF1Run.id,
      pickBy: 'f1',
      chosen,
      heldoutRows: 270,
    });
  });

  it('scores every text of the file exactly once, with labels that mostly match the answers', async () => {
    const predictions = await readPredictions(byF1.output['predictions']);
    const texts = await lines('reviews-to-score.txt');
    expectEachOnce(
      predictions,
      texts.map((_, index) => index + 1),
    );
    for (const prediction of predictions) {
      expect(prediction.label).toBe(prediction.score > 0.5 ? 'positive' : 'negative');
    }
    const answers = await lines('reviews-to-score-labels.txt');
    const right = predictions.filter(
      (prediction) =>
        (prediction.label === 'positive' ? '1' : '0') === answers[Number(prediction.id) - 1],
    ).length;
    expect(right / predictions.length).toBeGreaterThanOrEqual(0.8);
    expect(step(byF1Run, 'publish').metrics).toMatchObject({ texts: 100, scored: 100 });
    expect(step(byF1Run, 'score').metrics).toMatchObject({ items_failed: 0, rows_appended: 100 });
  });

  describe('with parameters that favour the trained classifier, then scoring with its saved version', () => {
    let lowThreshold: Awaited<ReturnType<typeof scoreSentiment>>;
    let lowThresholdRun: MlRunJson;
    let saved: Awaited<ReturnType<typeof scoreSentiment>>;
    let savedRun: MlRunJson;

    beforeAll(async () => {
      // At 0.4 every neutral sentence (the pretrained model's 0.5) counts as positive.
      lowThreshold = await scoreSentiment('threshold=0.4', 'pickBy=accuracy');
      lowThresholdRun = await mlRun(lowThreshold.output['mlRunId']);
      saved = await scoreSentiment(
        'modelVersion=2',
        'textsFile=reviews-to-score.csv',
        'idColumn=review_id',
      );
      savedRun = await mlRun(saved.output['mlRunId']);
    }, RUN_TIMEOUT_MS);

    it('picks by the metric the parameter names and saves the new choice as version 2', async () => {
      expect(lowThreshold.code, lowThreshold.stderr).toBe(0);
      const compare = step(lowThresholdRun, 'compare');
      expect(compare.metrics).toMatchObject({ pick_by: 'accuracy', threshold: 0.4 });
      expect(compare.metrics['chosen_model']).toBe(expectedChoice(compare, 'accuracy'));
      expect(compare.metrics['chosen_model']).toBe('naive_bayes');
      expect(lowThreshold.output).toMatchObject({ chosenModel: 'naive_bayes', modelVersion: 2 });
      expect(await readRegistry(2, 'model.json')).toMatchObject({
        kind: 'naive-bayes',
        threshold: 0.4,
        config: { considerOnlyPresence: true, smoothingFactor: 0.5 },
      });
    });

    it('scores a CSV column with the saved version without training, exactly as the training run did', async () => {
      expect(saved.code, saved.stderr).toBe(0);
      expect(savedRun.steps.map((ml) => ml.name)).toEqual(['prepare_texts', 'score', 'publish']);
      expect(step(savedRun, 'publish').metrics).toMatchObject({
        model_version: 2,
        model_kind: 'naive-bayes',
        scored: 100,
      });
      expect(String(saved.output['summary'])).toMatch(
        /^Scored with saved model version 2 \(naive-bayes\), nothing trained; \d+ of 100 texts positive$/,
      );
      const predictions = await readPredictions(saved.output['predictions']);
      const rows = (await lines('reviews-to-score.csv')).slice(1);
      expectEachOnce(
        predictions,
        rows.map((row) => row.slice(0, row.indexOf(','))),
      );
      // Line i of the text file is review amazon-(900 + i) of the CSV: the same sentence.
      const trained = new Map(
        (await readPredictions(lowThreshold.output['predictions'])).map((prediction) => [
          `amazon-${String(900 + Number(prediction.id)).padStart(4, '0')}`,
          prediction,
        ]),
      );
      for (const prediction of predictions) {
        expect(prediction).toMatchObject({
          score: trained.get(String(prediction.id))?.score,
          label: trained.get(String(prediction.id))?.label,
        });
      }
    });

    it('adds no version when an unchanged training runs again', async () => {
      const again = await scoreSentiment('threshold=0.4', 'pickBy=accuracy');
      expect(again.code, again.stderr).toBe(0);
      const run = await mlRun(again.output['mlRunId']);
      expect(step(run, 'register').metrics).toMatchObject({ model_version: 2, new_version: false });
      expect(again.output).toMatchObject({ modelVersion: 2 });
    });
  });

  it('fails the activity with 4126 and the step that refused an unknown metric to pick by', async () => {
    const failed = await scoreSentiment('pickBy=luck');
    expect(failed.code).toBe(1);
    const activity = failed.run.activityRuns.find(
      (candidate) => candidate.activityName === 'CompareTrainAndScore',
    );
    expect(activity?.error?.errorCode).toBe('4126');
    const mlRunDetails = await mlRun(activity?.output?.['runId']);
    expect(step(mlRunDetails, 'compare').status).toBe('Failed');
    const log = await cli.millrace(['ml', 'logs', mlRunDetails.id, 'compare', '--stderr']);
    expect(log.stdout).toContain('pick_by must be one of accuracy, precision, recall, f1, roc_auc');
  });
});
