/** The benchmark data synthesizer keeps a real table's class balance and distributions. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvTable, synthesizeCsv } from '../../bench/synthesize/synthesize-csv.js';
import { synthesizeRows, type SourceTable } from '../../bench/synthesize/table-synthesizer.js';

const LOANS = new URL(
  '../../examples/loan-scoring/ml/datastores/workspaceblobstore/examples/loan-scoring/loans.csv',
  import.meta.url,
).pathname;

let real: SourceTable;
let folder: string;
beforeAll(async () => {
  real = await readCsvTable(LOANS);
  folder = await mkdtemp(join(tmpdir(), 'millrace-synthesize-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function column(table: SourceTable, name: string): string[] {
  const index = table.header.indexOf(name);
  return table.rows.map((row) => row[index] ?? '');
}

function share(cells: readonly string[], value: string): number {
  return cells.filter((cell) => cell === value).length / cells.length;
}

function mean(cells: readonly string[]): number {
  const numbers = cells.filter((cell) => cell !== '').map(Number);
  return numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
}

describe('synthesizeRows', () => {
  let grown: SourceTable;
  beforeAll(() => {
    grown = {
      header: real.header,
      rows: [...synthesizeRows(real, { label: 'Class', rows: 60_000 })],
    };
  });

  it('keeps the class balance', () => {
    expect(share(column(grown, 'Class'), 'bad')).toBeCloseTo(
      share(column(real, 'Class'), 'bad'),
      2,
    );
  });

  it('keeps numeric columns in range, with their decimals and their mean per class', () => {
    for (const name of ['int_rate', 'annual_inc', 'revol_util']) {
      const realCells = column(real, name);
      const grownCells = column(grown, name);
      const realNumbers = realCells.filter((cell) => cell !== '').map(Number);
      for (const cell of grownCells.filter((value) => value !== '')) {
        expect(Number(cell)).toBeGreaterThanOrEqual(Math.min(...realNumbers));
        expect(Number(cell)).toBeLessThanOrEqual(Math.max(...realNumbers));
      }
      expect(mean(grownCells) / mean(realCells)).toBeCloseTo(1, 1);
    }
    expect(column(grown, 'int_rate').every((cell) => /^\d+\.\d{2}$/.test(cell))).toBe(true);
  });

  it('keeps categorical frequencies and varies the rows', () => {
    for (const value of ['term_36', 'term_60'])
      expect(share(column(grown, 'term'), value)).toBeCloseTo(
        share(column(real, 'term'), value),
        1,
      );
    const realRows = new Set(real.rows.map((row) => row.join(',')));
    const copies = grown.rows.filter((row) => realRows.has(row.join(','))).length;
    expect(copies / grown.rows.length).toBeLessThan(0.05);
  });

  it('gives the same rows for the same seed and others for another seed', () => {
    const first = [...synthesizeRows(real, { label: 'Class', rows: 50, seed: 7 })];
    expect([...synthesizeRows(real, { label: 'Class', rows: 50, seed: 7 })]).toEqual(first);
    expect([...synthesizeRows(real, { label: 'Class', rows: 50, seed: 8 })]).not.toEqual(first);
  });

  it('refuses a label the table does not have', () => {
    expect(() => [...synthesizeRows(real, { label: 'outcome', rows: 1 })]).toThrow(
      /label column 'outcome' is not in the table/,
    );
  });
});

describe('synthesizeCsv', () => {
  it('streams the asked number of rows under the real header', async () => {
    const output = join(folder, 'grown.csv');
    const written = await synthesizeCsv(LOANS, output, { label: 'Class', rows: 12_345, seed: 3 });
    const lines = (await readFile(output, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(12_346);
    expect(lines[0]?.split(',')).toEqual(real.header);
    expect(written).toEqual({ rows: 12_345, bytes: expect.any(Number) });
    const table = await readCsvTable(output);
    expect(table.rows).toHaveLength(12_345);
  });
});
