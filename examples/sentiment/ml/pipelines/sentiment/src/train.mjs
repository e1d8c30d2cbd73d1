// Step "train": trains wink's naive Bayes text classifier on the training sentences and scores
// the held-out ones with it.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeCandidate } from './candidate-folder.mjs';
import { trainNaiveBayes } from './sentiment-models.mjs';
import { fail, metric, readJsonLines, tag } from './step-io.mjs';

const { values } = parseArgs({
  options: {
    split: { type: 'string' },
    smoothing: { type: 'string', default: '0.5' },
    'consider-only-presence': { type: 'string', default: 'true' },
    threshold: { type: 'string', default: '0.5' },
    out: { type: 'string' },
  },
});
const smoothingFactor = Number(values.smoothing);
if (!(smoothingFactor >= 0 && smoothingFactor <= 1))
  fail(`smoothing must be between 0 and 1, not "${values.smoothing}".`);
const config = {
  considerOnlyPresence: values['consider-only-presence'] === 'true',
  smoothingFactor,
};

const train = await readJsonLines(join(values.split, 'train.jsonl'));
const started = Date.now();
const model = trainNaiveBayes(train, config, Number(values.threshold));
metric('training_ms', Date.now() - started);
await mkdir(values.out, { recursive: true });
const scored = await writeCandidate(values.out, model, values.split);
metric('train_rows', train.length);
metric('vocabulary', model.stats.vocabulary);
metric('heldout_rows', scored.length);
tag(
  'model',
  `wink-naive-bayes-text-classifier@${model.libraries['wink-naive-bayes-text-classifier']}`,
);
console.log(
  `trained naive Bayes on ${train.length} sentences (${model.stats.vocabulary} distinct features, ${JSON.stringify(config)})`,
);
