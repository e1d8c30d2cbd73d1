/**
 * A mini-batch as the partitioner cuts it and the parent sends it to a worker: a list of files, or
 * a line-aligned byte range of one table file that the worker reads and parses itself (rows never
 * pass through the parent).
 */

export const TABLE_FORMATS = ['csv', 'tsv', 'jsonl'] as const;
/** `csv` and `tsv` have a header row; `jsonl` (also `.json`) holds one JSON value per line. */
export type TableFormat = (typeof TABLE_FORMATS)[number];

export interface FileMiniBatch {
  readonly kind: 'files';
  /** Position in partition order, from 0; append_row output follows it. */
  readonly index: number;
  /** Absolute paths, in the input's sorted order. */
  readonly paths: readonly string[];
}

export interface TableMiniBatch {
  readonly kind: 'table';
  readonly index: number;
  /** Absolute path of the data file. */
  readonly file: string;
  readonly format: TableFormat;
  /** First byte of the slice: the start of a row. */
  readonly start: number;
  /** Byte after the slice: the end of a row (after its newline) or the end of the file. */
  readonly end: number;
  /** Rows in the slice, empty lines not counted. */
  readonly rowCount: number;
  /** The header's column names (csv, tsv); null for JSON Lines. */
  readonly columns: readonly string[] | null;
}

export type MiniBatch = FileMiniBatch | TableMiniBatch;

/** Items are files (file input) or rows (table input). */
export function miniBatchItemCount(miniBatch: MiniBatch): number {
  return miniBatch.kind === 'files' ? miniBatch.paths.length : miniBatch.rowCount;
}
