// Step 3, train: fits the encoder (imputation, scaling, one-hot levels) on the training rows only,
// trains the chosen algorithm on the encoded rows and saves both as one model.json.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MODEL_FILE, MODEL_FORMAT, MODEL_FORMAT_VERSION } from './tabular-model.mjs';
import { ALGORITHMS, fitEncoder, fitEstimator } from './tabular-training.mjs';
import {
  metric,
  numberOption,
  readJsonLines,
  required,
  runStep,
  StepInputError,
  stepOptions,
  tag,
} from './step-io.mjs';

runStep(async () => {
  const options = stepOptions([
    'split',
    'algorithm',
    'max-categories',
    'min-category-rows',
    'num-steps',
    'learning-rate',
    'n-estimators',
    'max-depth',
    'max-features',
    'min-node-rows',
    'seed',
    'threshold',
    'out',
  ]);
  const split = required(options, 'split');
  const algorithm = required(options, 'algorithm');
  if (!ALGORITHMS.includes(algorithm)) {
    throw new StepInputError(
      `The algorithm "${algorithm}" is not one of ${ALGORITHMS.join(', ')}.`,
    );
  }
  const encoding = {
    maxCategories: numberOption(options, 'max-categories', { min: 1, integer: true }),
    minCategoryRows: numberOption(options, 'min-category-rows', { min: 1, integer: true }),
  };
  const hyperparameters =
    algorithm === 'logistic-regression'
      ? {
          numSteps: numberOption(options, 'num-steps', { min: 1, integer: true }),
          learningRate: numberOption(options, 'learning-rate', { min: 0 }),
        }
      : {
          nEstimators: numberOption(options, 'n-estimators', { min: 1, integer: true }),
          maxDepth: numberOption(options, 'max-depth', { min: 1, integer: true }),
          maxFeatures: numberOption(options, 'max-features', { min: 0.01, max: 1 }),
          minNodeRows: numberOption(options, 'min-node-rows', { min: 1, integer: true }),
          seed: numberOption(options, 'seed', { integer: true }),
        };
  const threshold = numberOption(options, 'threshold', { min: 0, max: 1 });
  const out = required(options, 'out');

  const schema = JSON.parse(await readFile(join(split, 'schema.json'), 'utf8'));
  const rows = await readJsonLines(join(split, 'train.jsonl'));
  const started = performance.now();
  const encoder = fitEncoder(
    schema.features,
    rows.map((row) => row.values),
    encoding,
  );
  const { estimator, width } = fitEstimator(
    algorithm,
    hyperparameters,
    encoder,
    rows.map((row) => row.values),
    rows.map((row) => row.label),
  );
  const seconds = (performance.now() - started) / 1000;

  const model = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    label: schema.label,
    idColumn: schema.idColumn,
    threshold,
    algorithm,
    hyperparameters: { ...encoding, ...hyperparameters },
    training: {
      source: schema.source,
      rows: rows.length,
      positives: rows.filter((row) => row.label === 1).length,
      runId: process.env.MILLRACE_RUN_ID ?? null,
      trainedAt: new Date().toISOString(),
    },
    encoder,
    estimator,
  };
  await mkdir(out, { recursive: true });
  await writeFile(join(out, MODEL_FILE), JSON.stringify(model));

  metric('training_rows', rows.length);
  metric('encoded_features', width);
  metric('training_seconds', Number(seconds.toFixed(3)));
  tag('algorithm', algorithm);
  console.log(
    `trained ${algorithm} on ${rows.length} rows × ${width} encoded features in ${seconds.toFixed(1)} s (${JSON.stringify(hyperparameters)})`,
  );
});
