// Step "pretrained": wink-nlp's pretrained English model as a candidate. Nothing is trained: its
// sentiment comes from a lexicon, negation and emphasis rules shipped in the npm package. Its
// held-out scores flatter it a little: wink's sentiment lexicon was checked against these very
// Amazon sentences (wink-sentiment's tests read the same file).
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { writeCandidate } from './candidate-folder.mjs';
import { pretrainedModel } from './sentiment-models.mjs';
import { metric, tag } from './step-io.mjs';

const { values } = parseArgs({
  options: {
    split: { type: 'string' },
    threshold: { type: 'string', default: '0.5' },
    out: { type: 'string' },
  },
});
const model = pretrainedModel(Number(values.threshold));
await mkdir(values.out, { recursive: true });
const started = Date.now();
const scored = await writeCandidate(values.out, model, values.split);
metric('heldout_rows', scored.length);
metric('neutral_rows', scored.filter((item) => item.score === 0.5).length);
metric('scoring_ms', Date.now() - started);
tag('model', `wink-eng-lite-web-model@${model.libraries['wink-eng-lite-web-model']}`);
console.log(`scored ${scored.length} held-out sentences with the pretrained model`);
