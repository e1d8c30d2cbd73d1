/** Writes the generated reference documents (`npm run docs`). */
import { writeFile } from 'node:fs/promises';
import { renderFunctionReference } from '../src/expressions/function-reference.js';
import { renderErrorsDoc } from './render-errors-doc.js';

const documents: Record<string, () => string> = {
  'docs/expressions.md': renderFunctionReference,
  'docs/errors.md': renderErrorsDoc,
};

for (const [path, render] of Object.entries(documents)) {
  await writeFile(new URL(`../${path}`, import.meta.url), render());
  process.stdout.write(`wrote ${path}\n`);
}
