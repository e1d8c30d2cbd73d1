/**
 * Grows a real labelled table to any number of rows for benchmarks, keeping what makes it real:
 * each synthetic row starts from a real row of a class drawn with the table's class balance, then
 * numeric cells move by a little noise (a fraction of the column's spread within that class,
 * rounded to the column's decimals, kept within its range) and categorical cells are redrawn from
 * the class's own frequencies now and then. Joint structure, class balance and per-class feature
 * distributions survive; no synthetic row repeats a real one exactly by design of the noise.
 * Seeded and lazy: rows come one at a time, so any size streams in constant memory.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface SourceTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface SynthesisOptions {
  /** The label column: its class balance is kept exactly in expectation. */
  readonly label: string;
  readonly rows: number;
  /** (Default: 1) */
  readonly seed?: number;
  /** Numeric noise as a fraction of the column's standard deviation within the class. (Default: 0.1) */
  readonly numericNoise?: number;
  /** Chance that a categorical cell is redrawn from its class's frequencies. (Default: 0.05) */
  readonly categoricalRedraw?: number;
}

interface NumericColumn {
  readonly kind: 'numeric';
  readonly decimals: number;
  readonly min: number;
  readonly max: number;
  /** Per class: the standard deviation of the column. */
  readonly spread: ReadonlyMap<string, number>;
}

interface CategoricalColumn {
  readonly kind: 'categorical';
  /** Per class: the values seen, one entry per occurrence (drawing one keeps frequencies). */
  readonly values: ReadonlyMap<string, readonly string[]>;
}

type ColumnModel = NumericColumn | CategoricalColumn | { readonly kind: 'label' };

const NUMBER = /^-?\d+(\.\d+)?$/;

function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
}

function modelColumns(table: SourceTable, labelIndex: number): ColumnModel[] {
  return table.header.map((_name, column): ColumnModel => {
    if (column === labelIndex) return { kind: 'label' };
    const cells = table.rows.map((row) => row[column] ?? '');
    const present = cells.filter((cell) => cell !== '');
    if (present.length > 0 && present.every((cell) => NUMBER.test(cell))) {
      const numbers = present.map(Number);
      const byClass = new Map<string, number[]>();
      table.rows.forEach((row) => {
        const cell = row[column] ?? '';
        if (cell === '') return;
        const label = row[labelIndex] ?? '';
        byClass.set(label, [...(byClass.get(label) ?? []), Number(cell)]);
      });
      return {
        kind: 'numeric',
        decimals: Math.max(...present.map(decimalsOf)),
        min: Math.min(...numbers),
        max: Math.max(...numbers),
        spread: new Map([...byClass].map(([label, values]) => [label, standardDeviation(values)])),
      };
    }
    const values = new Map<string, string[]>();
    table.rows.forEach((row) => {
      const label = row[labelIndex] ?? '';
      const list = values.get(label) ?? [];
      list.push(row[column] ?? '');
      values.set(label, list);
    });
    return { kind: 'categorical', values };
  });
}

export function* synthesizeRows(
  table: SourceTable,
  options: SynthesisOptions,
): Generator<readonly string[]> {
  const labelIndex = table.header.indexOf(options.label);
  if (labelIndex < 0)
    throw new Error(
      `The label column '${options.label}' is not in the table (columns: ${table.header.join(', ')}).`,
    );
  if (table.rows.length === 0) throw new Error('The table has no rows to grow from.');
  const columns = modelColumns(table, labelIndex);
  const rng = xoroshiro128plus(options.seed ?? 1);
  const random = () => uniformFloat64(rng);
  // Standard normal noise (Box–Muller), from the seeded generator.
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const noise = options.numericNoise ?? 0.1;
  const redraw = options.categoricalRedraw ?? 0.05;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

  for (let produced = 0; produced < options.rows; produced++) {
    // A real row drawn uniformly keeps the class balance; its label decides the class models.
    const base = pick(table.rows);
    const label = base[labelIndex] ?? '';
    yield columns.map((model, column) => {
      const cell = base[column] ?? '';
      switch (model.kind) {
        case 'label':
          return cell;
        case 'numeric': {
          if (cell === '') return cell;
          const moved = Number(cell) + gaussian() * noise * (model.spread.get(label) ?? 0);
          const kept = Math.min(model.max, Math.max(model.min, moved));
          return kept.toFixed(model.decimals);
        }
        case 'categorical':
          return random() < redraw ? pick(model.values.get(label) ?? [cell]) : cell;
      }
    });
  }
}
