// The scoring step of tabular-batch-score: the parallel step's entry script. Each worker finds
// the model version and loads it once (init), then scores every mini-batch of rows it is handed
// (run): the saved encoder turns the raw CSV cells into numbers exactly as in training, the
// estimator gives P(positive class), and each row becomes one line `id,probability,decision` of
// the appended predictions file. Rows never gather in one place: the runner cuts the file and
// each worker parses only its own rows.
//
// Arguments (program_arguments):
//   --model-store <folder>        the model registry (register.mjs's), or one model version
//                                 folder (holding model.json), which is then scored with as is
//   --model-name <name>           the registered model (ignored for a version folder)
//   --model-version <v | latest>  its version ('' or latest: the one latest.json points at)
//   --threshold <number | ''>     decide positive at or above it ('' = the model's threshold)
//   --id-column <name | ''>       the column naming a row ('' = the model's id column; when the
//                                 model has none, the row's number in the file, from 1)
//   --rows-per-mini-batch <n>     the step's mini_batch_size in rows, to number rows without
//                                 an id column (mini-batch i holds rows i·n+1 … i·n+n)
//
// All the workers of a step score with one version: the first to find it pins it for the others
// (resolveModelVersionOnce). Every worker logs the model it loaded (metrics model_name,
// model_version, model_algorithm, model_threshold; tag model = name:version), so the run records
// the exact version that scored.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveModelVersionOnce } from './model-registry.mjs';
import { metric, tag } from './step-io.mjs';
import { loadModelFolder, predictProbabilities } from './tabular-model.mjs';

let model;
let threshold;
let idColumn;
let rowsPerMiniBatch;
let checkedColumns = false;

export async function init() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      'model-store': { type: 'string' },
      'model-name': { type: 'string', default: '' },
      'model-version': { type: 'string', default: 'latest' },
      threshold: { type: 'string', default: '' },
      'id-column': { type: 'string', default: '' },
      'rows-per-mini-batch': { type: 'string', default: '0' },
    },
  });
  if (values['model-store'] === undefined) throw new Error('--model-store is required.');
  // The workers' working folder is the step attempt's own: the first worker pins the version
  // there for the others.
  const found = await resolveModelVersionOnce(
    join(process.cwd(), '.scoring-model.json'),
    values['model-store'],
    values['model-name'],
    values['model-version'],
  );
  model = await loadModelFolder(found.folder);
  threshold = values.threshold === '' ? model.saved.threshold : Number(values.threshold);
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new Error(
      `--threshold must be a probability between 0 and 1, not "${values.threshold}".`,
    );
  }
  idColumn = values['id-column'] || model.saved.idColumn || '';
  rowsPerMiniBatch = Number(values['rows-per-mini-batch']);
  if (idColumn === '' && !(Number.isInteger(rowsPerMiniBatch) && rowsPerMiniBatch > 0)) {
    throw new Error('Without an id column, --rows-per-mini-batch must give the mini-batch size.');
  }
  metric('model_name', found.name);
  metric('model_version', found.version);
  metric('model_algorithm', model.saved.algorithm);
  metric('model_threshold', model.saved.threshold);
  tag('model', `${found.name}:${found.version}`);
  console.log(
    `scoring with model ${found.name || '(unnamed)'} version ${found.version || '(unversioned)'} from ${found.folder}: ${model.saved.algorithm}, label ${model.saved.label.column}=${model.saved.label.positiveClass}, threshold ${threshold}`,
  );
}

export function run(miniBatch, context) {
  if (!checkedColumns && miniBatch.length > 0) {
    const needed = [...model.encoder.features.map((feature) => feature.name)];
    if (idColumn !== '') needed.push(idColumn);
    const missing = needed.filter((name) => !(name in miniBatch[0]));
    if (missing.length > 0) {
      throw new Error(
        `The data lacks column(s) the model needs: ${missing.join(', ')}. Its columns: ${Object.keys(miniBatch[0]).join(', ')}.`,
      );
    }
    checkedColumns = true;
  }
  const probabilities = predictProbabilities(model, miniBatch, (row, name) => row[name]);
  const positive = csvField(model.saved.label.positiveClass);
  const negative = csvField(model.saved.label.negativeClass);
  const firstRow = context.miniBatchIndex * rowsPerMiniBatch + 1;
  return miniBatch.map((row, index) => {
    const id = idColumn === '' ? String(firstRow + index) : csvField(row[idColumn]);
    const probability = probabilities[index];
    return `${id},${probability.toFixed(6)},${probability >= threshold ? positive : negative}`;
  });
}

function csvField(value) {
  const text = String(value ?? '');
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
