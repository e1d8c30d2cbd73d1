// What `pretrained` and `train` both leave for `compare`: a folder with the candidate's model
// document and its score for every held-out sentence.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_FILE, scorerFor } from './sentiment-models.mjs';
import { readJsonLines, writeJsonLines } from './step-io.mjs';

const SCORES_FILE = 'heldout-scores.jsonl';

/** Scores the held-out sentences with `model` and writes both into `folder`. */
export async function writeCandidate(folder, model, splitFolder) {
  const heldout = await readJsonLines(join(splitFolder, 'heldout.jsonl'));
  const score = scorerFor(model);
  const scored = heldout.map(({ id, label, text }) => ({ id, label, score: score(text) }));
  await writeFile(join(folder, MODEL_FILE), `${JSON.stringify(model)}\n`);
  await writeJsonLines(join(folder, SCORES_FILE), scored);
  return scored;
}

export async function readCandidate(folder) {
  return {
    model: JSON.parse(await readFile(join(folder, MODEL_FILE), 'utf8')),
    scored: await readJsonLines(join(folder, SCORES_FILE)),
  };
}
