/**
 * `synthesizeCsv(input, output, options)`: reads a real CSV (small: it is held in memory) and
 * streams `options.rows` synthetic rows to `output` (see `table-synthesizer.ts`), waiting for the
 * file to drain so memory stays flat at any size.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { parseDelimitedRecords } from '../../src/ml/steps/parallel/table-slice-parser.js';
import { synthesizeRows, type SynthesisOptions } from './table-synthesizer.js';

const BATCH_ROWS = 2_000;

function csvCell(cell: string): string {
  return /[",\n\r]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export async function readCsvTable(path: string) {
  const [header = [], ...rows] = parseDelimitedRecords(await readFile(path, 'utf8'), 'csv');
  return { header, rows: rows.filter((row) => row.length === header.length) };
}

export async function synthesizeCsv(
  input: string,
  output: string,
  options: SynthesisOptions,
): Promise<{ readonly rows: number; readonly bytes: number }> {
  const table = await readCsvTable(input);
  const file = createWriteStream(output);
  const write = async (text: string) => {
    if (!file.write(text)) await once(file, 'drain');
  };
  try {
    await write(`${table.header.map(csvCell).join(',')}\n`);
    let batch: string[] = [];
    for (const row of synthesizeRows(table, options)) {
      batch.push(row.map(csvCell).join(','));
      if (batch.length === BATCH_ROWS) {
        await write(`${batch.join('\n')}\n`);
        batch = [];
      }
    }
    if (batch.length > 0) await write(`${batch.join('\n')}\n`);
  } finally {
    file.end();
    await once(file, 'close');
  }
  return { rows: options.rows, bytes: file.bytesWritten };
}
