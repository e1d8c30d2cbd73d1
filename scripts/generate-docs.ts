/** Writes the generated reference documents (`npm run docs`). */
import { writeFile } from 'node:fs/promises';
import { renderFunctionReference } from '../src/expressions/function-reference.js';
import { renderErrorsDoc } from './render-errors-doc.js';
import { renderPermissionsDoc } from './render-permissions-doc.js';
import { renderWebFunctionCatalogue } from './render-web-function-catalogue.js';

const documents: Record<string, () => string | Promise<string>> = {
  'docs/expressions.md': renderFunctionReference,
  'docs/errors.md': renderErrorsDoc,
  'docs/permissions.md': renderPermissionsDoc,
  'web/src/expression-editor/function-catalogue.json': renderWebFunctionCatalogue,
};

for (const [path, render] of Object.entries(documents)) {
  await writeFile(new URL(`../${path}`, import.meta.url), await render());
  process.stdout.write(`wrote ${path}\n`);
}
