// Reads labelled sentences: UCI's "text<TAB>label" lines (no header), or a CSV with a header
// whose text and label columns are parameters. Labels become 1 (the positive label) or 0.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';

export async function readLabelledSentences(file, { textColumn, labelColumn, positiveLabel }) {
  const content = await readFile(file, 'utf8');
  const raw =
    extname(file).toLowerCase() === '.csv'
      ? csvRows(content, file, textColumn, labelColumn)
      : tabRows(content);
  const rows = [];
  let skipped = 0;
  for (const { text, label } of raw) {
    if (text.trim() === '' || label.trim() === '') skipped++;
    else rows.push({ id: rows.length + 1, text, label: label.trim() === positiveLabel ? 1 : 0 });
  }
  return { rows, skipped };
}

function tabRows(content) {
  return content
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      // The label is after the last tab: a sentence may hold tabs of its own.
      const cut = line.lastIndexOf('\t');
      return cut < 0
        ? { text: line, label: '' }
        : { text: line.slice(0, cut), label: line.slice(cut + 1) };
    });
}

function csvRows(content, file, textColumn, labelColumn) {
  const records = parse(content, { columns: true, bom: true, skip_empty_lines: true });
  const columns = Object.keys(records[0] ?? {});
  for (const column of [textColumn, labelColumn]) {
    if (records.length > 0 && !columns.includes(column))
      throw new Error(`${file} has no column "${column}"; its columns: ${columns.join(', ')}.`);
  }
  return records.map((record) => ({ text: record[textColumn], label: record[labelColumn] }));
}
