// Step 4, evaluate: scores the held-out test rows with the saved model (the same code scoring
// uses) and measures ranking (ROC AUC), the decisions at the threshold (precision, recall, F1)
// and calibration (Brier score, log loss, reliability bins). Logs them as metrics and writes
// metrics.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModelFolder, predictProbabilities } from './tabular-model.mjs';
import {
  atThreshold,
  brierScore,
  logLoss,
  reliability,
  rocAuc,
} from './classification-metrics.mjs';
import { metric, numberOption, readJsonLines, required, runStep, stepOptions } from './step-io.mjs';

runStep(async () => {
  const options = stepOptions(['model', 'split', 'threshold', 'out']);
  const model = await loadModelFolder(required(options, 'model'));
  const split = required(options, 'split');
  const threshold = numberOption(options, 'threshold', { min: 0, max: 1 });
  const out = required(options, 'out');

  const rows = await readJsonLines(join(split, 'test.jsonl'));
  const columnOf = new Map(model.encoder.features.map((feature, column) => [feature.name, column]));
  const probabilities = predictProbabilities(
    model,
    rows,
    (row, name) => row.values[columnOf.get(name)],
  );
  const labels = rows.map((row) => row.label);

  const decisions = atThreshold(labels, probabilities, threshold);
  const calibration = reliability(labels, probabilities);
  const metrics = {
    roc_auc: rocAuc(labels, probabilities),
    precision: decisions.precision,
    recall: decisions.recall,
    f1: decisions.f1,
    accuracy: decisions.accuracy,
    predicted_positive_rate: decisions.predictedPositiveRate,
    brier_score: brierScore(labels, probabilities),
    log_loss: logLoss(labels, probabilities),
    calibration_error: calibration.expectedCalibrationError,
    threshold,
    test_rows: rows.length,
    test_positives: labels.filter((label) => label === 1).length,
  };
  const report = {
    model: {
      algorithm: model.saved.algorithm,
      label: model.saved.label,
      hyperparameters: model.saved.hyperparameters,
      training: model.saved.training,
    },
    metrics,
    confusion: {
      truePositives: decisions.truePositives,
      falsePositives: decisions.falsePositives,
      trueNegatives: decisions.trueNegatives,
      falseNegatives: decisions.falseNegatives,
    },
    calibrationBins: calibration.bins,
  };
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'metrics.json'), `${JSON.stringify(report, null, 2)}\n`);

  for (const [name, value] of Object.entries(metrics)) {
    if (value !== null) metric(name, Number.isInteger(value) ? value : round(value));
  }
  // The reliability diagram as two series, one value per non-empty bin, low to high.
  for (const bin of calibration.bins) {
    metric('calibration_mean_probability', round(bin.meanProbability));
    metric('calibration_positive_rate', round(bin.positiveRate));
  }
  console.log(
    `test ROC AUC ${metrics.roc_auc?.toFixed(4)}; at threshold ${threshold}: precision ${metrics.precision.toFixed(3)}, recall ${metrics.recall.toFixed(3)}, F1 ${metrics.f1.toFixed(3)}; Brier ${metrics.brier_score.toFixed(4)}, calibration error ${metrics.calibration_error.toFixed(4)}`,
  );
});

function round(value) {
  return Number(value.toFixed(6));
}
