// Step "prepare": reads the labelled sentences and splits them, seeded and stratified, into the
// sentences the classifier trains on and the held-out ones both models are compared on.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readLabelledSentences } from './labelled-sentences.mjs';
import { stratifiedSplit } from './seeded-split.mjs';
import { fail, metric, writeJsonLines } from './step-io.mjs';

const { values } = parseArgs({
  options: {
    labelled: { type: 'string' },
    'text-column': { type: 'string', default: 'text' },
    'label-column': { type: 'string', default: 'label' },
    'positive-label': { type: 'string', default: '1' },
    'heldout-fraction': { type: 'string', default: '0.3' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string' },
  },
});
const heldoutFraction = Number(values['heldout-fraction']);
if (!(heldoutFraction > 0 && heldoutFraction < 1))
  fail(
    `heldout_fraction must be between 0 and 1 (exclusive), not "${values['heldout-fraction']}".`,
  );

const { rows, skipped } = await readLabelledSentences(values.labelled, {
  textColumn: values['text-column'],
  labelColumn: values['label-column'],
  positiveLabel: values['positive-label'],
}).catch((error) => fail(error.message));
const positives = rows.filter((row) => row.label === 1).length;
if (positives === 0 || positives === rows.length)
  fail(
    `The labelled data needs both classes; ${positives} of ${rows.length} sentences have the positive label "${values['positive-label']}".`,
  );

const { train, heldout } = stratifiedSplit(rows, {
  heldoutFraction,
  seed: Number(values.seed),
  classOf: (row) => row.label,
});
await mkdir(values.out, { recursive: true });
await writeJsonLines(join(values.out, 'train.jsonl'), train);
await writeJsonLines(join(values.out, 'heldout.jsonl'), heldout);

metric('rows', rows.length);
metric('skipped_rows', skipped);
metric('train_rows', train.length);
metric('heldout_rows', heldout.length);
metric('positive_rate', positives / rows.length);
console.log(
  `split ${rows.length} sentences (${positives} positive): ${train.length} to train on, ${heldout.length} held out (seed ${values.seed})`,
);
