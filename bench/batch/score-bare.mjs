// The floor of the `batch` bench suite: the scoring work of tabular-batch-score's parallel step,
// done by one plain Node process without Millrace. It streams a CSV, cuts it into batches of
// rows as the step's mini-batches, parses each batch with the parser the step's workers use,
// scores it with the example's own tabular-model.mjs (loadModelFolder, predictProbabilities)
// and writes `id,probability,decision` lines as score.mjs does (id: the row's number from 1, for
// a table without an id column). The bench copies this file beside the step code (so that
// `./tabular-model.mjs` and its npm dependencies resolve as in the step) and runs it with plain
// `node`, as the compiled Millrace starts the step's workers (without their heap options: a
// bare script would not have them).
//
//   node score-bare.mjs --model <model folder> --input <table.csv> --output <predictions.csv>
//     --parser <dist/ml/steps/parallel/table-slice-parser.js> [--rows-per-batch 2000]
//     [--threshold <p>]
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadModelFolder, predictProbabilities } from './tabular-model.mjs';

const LF = 0x0a;

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    input: { type: 'string' },
    output: { type: 'string' },
    parser: { type: 'string' },
    'rows-per-batch': { type: 'string', default: '2000' },
    threshold: { type: 'string', default: '' },
  },
});
if (!values.model || !values.input || !values.output || !values.parser) {
  throw new Error('usage: score-bare.mjs --model M --input IN --output OUT --parser P');
}
const rowsPerBatch = Number(values['rows-per-batch']);
const { parseHeaderColumns, parseTableSlice } = await import(pathToFileURL(values.parser).href);
const model = await loadModelFolder(values.model);
const threshold = values.threshold === '' ? model.saved.threshold : Number(values.threshold);
const { positiveClass, negativeClass } = model.saved.label;

const output = createWriteStream(values.output);
let columns;
let rowNumber = 0;

/** Scores `count` rows of CSV text into the output, as one mini-batch of the step. */
async function scoreBatch(bytes, count) {
  const rows = parseTableSlice(bytes.toString('utf8'), 'csv', columns, count);
  const probabilities = predictProbabilities(model, rows, (row, name) => row[name]);
  let text = '';
  for (const probability of probabilities) {
    rowNumber += 1;
    const decision = probability >= threshold ? positiveClass : negativeClass;
    text += `${rowNumber},${probability.toFixed(6)},${decision}\n`;
  }
  if (!output.write(text)) await once(output, 'drain');
}

// `pending` holds the bytes after the last full batch; `scanned` how far its row ends are
// counted, `rows` how many rows end before `scanned`.
let pending = Buffer.alloc(0);
let scanned = 0;
let rows = 0;
for await (const chunk of createReadStream(values.input, { highWaterMark: 1024 * 1024 })) {
  pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
  if (columns === undefined) {
    const newline = pending.indexOf(LF);
    if (newline === -1) continue;
    columns = parseHeaderColumns(pending.subarray(0, newline).toString('utf8').trimEnd(), 'csv');
    pending = pending.subarray(newline + 1);
  }
  for (let newline = pending.indexOf(LF, scanned); newline !== -1;) {
    rows += 1;
    scanned = newline + 1;
    if (rows === rowsPerBatch) {
      await scoreBatch(pending.subarray(0, scanned), rows);
      pending = pending.subarray(scanned);
      scanned = 0;
      rows = 0;
    }
    newline = pending.indexOf(LF, scanned);
  }
}
if (pending.length > 0) {
  // A last row without a line end counts too.
  if (scanned < pending.length) rows += 1;
  if (rows > 0) await scoreBatch(pending, rows);
}
output.end();
await once(output, 'close');
process.stdout.write(`${rowNumber}\n`);
