// Step "prepare_texts": turns the texts to score into one JSON Lines table of `{ id, text }` for
// the parallel scoring step. A CSV file (by its .csv extension) gives the text column and,
// optionally, an id column; any other file holds one text per line, its id the line number.
// Blank lines and empty texts are not scored.
import { mkdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { fail, metric, writeJsonLines } from './step-io.mjs';

const { values } = parseArgs({
  options: {
    texts: { type: 'string' },
    'text-column': { type: 'string', default: 'text' },
    'id-column': { type: 'string', default: '' },
    out: { type: 'string' },
  },
});
const content = await readFile(values.texts, 'utf8');
const texts =
  extname(values.texts).toLowerCase() === '.csv' ? fromCsv(content) : fromLines(content);

const seen = new Set();
for (const { id } of texts) {
  if (seen.has(id)) fail(`Id "${id}" occurs twice in ${values.texts}: ids must be unique.`);
  seen.add(id);
}
await mkdir(values.out, { recursive: true });
await writeJsonLines(join(values.out, 'texts.jsonl'), texts);
metric('texts', texts.length);
console.log(`${texts.length} texts to score from ${values.texts}`);

function fromLines(text) {
  const lines = text.split(/\r?\n/);
  return lines.flatMap((line, index) =>
    line.trim() === '' ? [] : [{ id: index + 1, text: line }],
  );
}

function fromCsv(text) {
  const records = parse(text, { columns: true, bom: true, skip_empty_lines: true });
  const columns = Object.keys(records[0] ?? {});
  for (const column of [values['text-column'], values['id-column']]) {
    if (column !== '' && records.length > 0 && !columns.includes(column))
      fail(`${values.texts} has no column "${column}"; its columns: ${columns.join(', ')}.`);
  }
  return records.flatMap((record, index) => {
    const textValue = record[values['text-column']];
    if (textValue.trim() === '') return [];
    return [
      { id: values['id-column'] === '' ? index + 1 : record[values['id-column']], text: textValue },
    ];
  });
}
