/** Writes the generated reference documents (`npm run docs`). */
import { writeFile } from 'node:fs/promises';
import { renderFunctionReference } from '../src/expressions/function-reference.js';

const target = new URL('../docs/expressions.md', import.meta.url);
await writeFile(target, renderFunctionReference());
process.stdout.write(`wrote ${target.pathname}\n`);
