// Step "score" (parallel): each worker loads the model once in init(); run() scores a mini-batch
// of `{ id, text }` rows and returns one `{ id, score, label }` per text, which the runner appends
// to the predictions file in input order.
//   program arguments: --model <folder> [--version latest|<n>] [--threshold <0…1>]
// --model is a folder holding model.json, or a model registry with --version (Default: latest);
// a negative or missing --threshold uses the threshold saved with the model.
import { parseArgs } from 'node:util';
import { readModel, resolveModel } from './model-registry.mjs';
import { scorerFor } from './sentiment-models.mjs';

let score;
let threshold;

export async function init() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      model: { type: 'string' },
      version: { type: 'string', default: 'latest' },
      threshold: { type: 'string', default: '-1' },
    },
  });
  const { folder, version } = await resolveModel(values.model, values.version);
  const model = await readModel(folder);
  score = scorerFor(model);
  const requested = Number(values.threshold);
  threshold = requested >= 0 ? requested : model.threshold;
  console.log(
    `scoring with the ${model.kind} model ${version === null ? `in ${folder}` : `version ${version}`}, positive above ${threshold}`,
  );
}

export function run(miniBatch) {
  return miniBatch.map(({ id, text }) => {
    const value = Number(score(text).toFixed(6));
    return { id, score: value, label: value > threshold ? 'positive' : 'negative' };
  });
}
