// Step "publish": checks that the scoring step wrote exactly one prediction for every text (the
// step fails otherwise, and publishes nothing), copies the predictions to the pipeline's output,
// and reports the batch as metrics: how many texts, how many positive, and which saved model
// version scored them (none when the model was trained in the same run).
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readModel, resolveModel } from './model-registry.mjs';
import { fail, metric, readJsonLines, tag } from './step-io.mjs';

const { values } = parseArgs({
  options: {
    texts: { type: 'string' },
    scored: { type: 'string' },
    model: { type: 'string' },
    version: { type: 'string', default: 'latest' },
    label: { type: 'string', default: '' },
    out: { type: 'string' },
  },
});
const texts = await readJsonLines(join(values.texts, 'texts.jsonl'));
const files = (await readdir(values.scored)).sort();
const predictions = [];
for (const file of files) predictions.push(...(await readJsonLines(join(values.scored, file))));

const counts = new Map(texts.map(({ id }) => [id, 0]));
let unknown = 0;
for (const { id } of predictions) {
  if (counts.has(id)) counts.set(id, counts.get(id) + 1);
  else unknown++;
}
const missing = [...counts].filter(([, count]) => count === 0).map(([id]) => id);
const repeated = [...counts].filter(([, count]) => count > 1).map(([id]) => id);
metric('texts', texts.length);
metric('scored', predictions.length);
if (missing.length > 0 || repeated.length > 0 || unknown > 0)
  fail(
    `Every text must be scored exactly once: ${missing.length} missing (${missing.slice(0, 5).join(', ')}), ${repeated.length} scored more than once (${repeated.slice(0, 5).join(', ')}), ${unknown} predictions for unknown ids.`,
  );

await mkdir(values.out, { recursive: true });
for (const file of files) await copyFile(join(values.scored, file), join(values.out, file));

const positive = predictions.filter((prediction) => prediction.label === 'positive').length;
metric('positive', positive);
metric('negative', predictions.length - positive);
metric('positive_rate', predictions.length === 0 ? 0 : positive / predictions.length);
const { folder, version } = await resolveModel(values.model, values.version);
const model = await readModel(folder);
metric('model_kind', model.kind);
if (version !== null) {
  metric('model_version', version);
  tag('model_version', version);
}
tag('model_kind', model.kind);
if (values.label !== '') tag('run_label', values.label);
console.log(
  `${predictions.length} texts scored, ${positive} positive, with the ${model.kind} model`,
);
