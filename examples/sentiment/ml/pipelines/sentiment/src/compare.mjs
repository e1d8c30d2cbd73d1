// Step "compare": measures both candidates on the same held-out sentences, logs every metric of
// each (`pretrained_f1`, `naive_bayes_f1`, …), picks the better one by the metric the `pick_by`
// parameter names, and leaves the chosen model with the comparison in its output folder.
// Ties go to the higher ROC AUC, then to the pretrained model (nothing to retrain or store).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { classificationMetrics, PICKABLE_METRICS } from './classification-metrics.mjs';
import { readCandidate } from './candidate-folder.mjs';
import { METRICS_FILE } from './model-registry.mjs';
import { MODEL_FILE } from './sentiment-models.mjs';
import { fail, metric, tag } from './step-io.mjs';

const { values } = parseArgs({
  options: {
    pretrained: { type: 'string' },
    'naive-bayes': { type: 'string' },
    'pick-by': { type: 'string', default: 'f1' },
    threshold: { type: 'string', default: '0.5' },
    out: { type: 'string' },
  },
});
const pickBy = values['pick-by'];
if (!PICKABLE_METRICS.includes(pickBy))
  fail(`pick_by must be one of ${PICKABLE_METRICS.join(', ')}, not "${pickBy}".`);
const threshold = Number(values.threshold);
if (!(threshold >= 0 && threshold <= 1))
  fail(`threshold must be between 0 and 1, not "${values.threshold}".`);

// Declaration order is the last tie-break (see `better`).
const candidates = [];
for (const [name, folder] of [
  ['pretrained', values.pretrained],
  ['naive_bayes', values['naive-bayes']],
]) {
  const { model, scored } = await readCandidate(folder);
  candidates.push({ name, model, scored, metrics: classificationMetrics(scored, threshold) });
}
const [first, second] = candidates;
const idsOf = (candidate) => candidate.scored.map((item) => item.id).join(',');
if (idsOf(first) !== idsOf(second))
  fail('The candidates scored different held-out sentences; both must read the same split.');
const heldoutRows = first.scored.length;
if (first.metrics.roc_auc === null)
  fail('The held-out sentences hold only one class: give more labelled data.');

// Metrics are compared and logged at four decimals: differences below that are noise on a few
// hundred sentences, and summaries stay readable. metrics.json keeps every digit.
const rounded = (number) => (number === null ? -Infinity : Math.round(number * 10_000) / 10_000);
const value = (candidate, name) => rounded(candidate.metrics[name]);
const better = (a, b) =>
  value(a, pickBy) !== value(b, pickBy)
    ? value(a, pickBy) > value(b, pickBy)
    : value(a, 'roc_auc') >= value(b, 'roc_auc');
const chosen = better(first, second) ? first : second;

for (const candidate of candidates) {
  for (const [name, result] of Object.entries(candidate.metrics)) {
    if (result !== null) metric(`${candidate.name}_${name}`, rounded(result));
  }
}
metric('heldout_rows', heldoutRows);
metric('threshold', threshold);
metric('pick_by', pickBy);
metric('chosen_model', chosen.name);
metric(`chosen_${pickBy}`, rounded(chosen.metrics[pickBy]));
tag('chosen_model', chosen.name);
tag('pick_by', pickBy);

const comparison = {
  pickBy,
  threshold,
  chosen: chosen.name,
  heldoutRows,
  candidates: Object.fromEntries(
    candidates.map((candidate) => [
      candidate.name,
      { kind: candidate.model.kind, metrics: candidate.metrics },
    ]),
  ),
};
await mkdir(values.out, { recursive: true });
await writeFile(
  join(values.out, MODEL_FILE),
  `${JSON.stringify({ ...chosen.model, threshold })}\n`,
);
await writeFile(join(values.out, METRICS_FILE), `${JSON.stringify(comparison, null, 2)}\n`);
for (const candidate of candidates) {
  const { accuracy, precision, recall, f1, roc_auc: auc } = candidate.metrics;
  console.log(
    `${candidate.name.padEnd(12)} accuracy ${accuracy.toFixed(3)}  precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  F1 ${f1.toFixed(3)}  ROC AUC ${auc?.toFixed(3) ?? 'n/a'}`,
  );
}
console.log(`chose ${chosen.name} by ${pickBy} (${chosen.metrics[pickBy].toFixed(3)})`);
