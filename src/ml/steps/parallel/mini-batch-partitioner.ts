/**
 * Turns a parallel step's input into mini-batches, lazily: the runner pulls them as workers free
 * up, so memory holds the file list (file input) or a few slices (table input), never the rows.
 *
 * - File input: every file under the folder (or the one file), sorted by path (code unit order
 *   of the path relative to the folder); `miniBatchSize` must be in files.
 * - Table input: a `.csv`, `.tsv`, `.jsonl` or `.json` (JSON Lines) file, or a folder of them.
 *   A folder's `MLTable` file, if present, may list `paths:` entries `- file: ./x.csv` or
 *   `- folder: ./part`; without one, every data file under the folder is used, sorted, skipping
 *   names starting with `.` or `_` (`_SUCCESS` markers). `miniBatchSize` is in rows or bytes; a
 *   mini-batch never spans two files. See `table-slice-cutter.ts` for how rows are found.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { MlMiniBatchSize } from '../../ml-pipeline-definition.js';
import type { ParallelInput } from '../step-launch.js';
import type { FileMiniBatch, MiniBatch, TableFormat, TableMiniBatch } from './mini-batch.js';
import { TableSliceCutter, type SliceRule } from './table-slice-cutter.js';
import { parseHeaderColumns } from './table-slice-parser.js';

export interface PartitionProblem {
  readonly kind: 'problem';
  readonly code: 'PARALLEL_INPUT_INVALID' | 'STEP_INPUT_MISSING';
  readonly message: string;
}

export interface MiniBatchPlan {
  readonly kind: 'plan';
  /** Known at once for a file input; null for a table (rows are counted as they stream). */
  readonly totals: { readonly miniBatches: number; readonly items: number } | null;
  /** In index order; a problem found while reading ends the sequence. */
  readonly miniBatches: AsyncGenerator<MiniBatch | PartitionProblem, void, undefined>;
}

export interface TableFile {
  readonly path: string;
  readonly format: TableFormat;
}

/** Bytes read from a table file at a time. (Default: 1 MiB.) */
export const READ_CHUNK_BYTES = 1024 * 1024;
/** A header row longer than this is taken for a file without line ends. */
export const MAX_HEADER_BYTES = 1024 * 1024;
export const MLTABLE_FILE_NAME = 'MLTable';

const TABLE_EXTENSIONS: Readonly<Record<string, TableFormat>> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.jsonl': 'jsonl',
  '.json': 'jsonl',
};

const invalid = (message: string): PartitionProblem => ({
  kind: 'problem',
  code: 'PARALLEL_INPUT_INVALID',
  message,
});

export async function planMiniBatches(
  input: ParallelInput,
  size: MlMiniBatchSize,
): Promise<MiniBatchPlan | PartitionProblem> {
  if (!(Number.isSafeInteger(size.value) && size.value >= 1))
    return invalid(`mini_batch_size must be a positive integer, not ${size.value}`);
  const inputStat = await stat(input.path).catch(() => null);
  if (inputStat === null)
    return { kind: 'problem', code: 'STEP_INPUT_MISSING', message: `${input.path} does not exist` };
  if (input.kind === 'files') {
    if (size.unit !== 'files')
      return invalid(`mini_batch_size for a file input counts files, not ${size.unit}`);
    const paths = inputStat.isDirectory() ? await listFilesSorted(input.path) : [input.path];
    return {
      kind: 'plan',
      totals: { miniBatches: Math.ceil(paths.length / size.value), items: paths.length },
      miniBatches: fileMiniBatches(paths, size.value),
    };
  }
  if (size.unit === 'files')
    return invalid('mini_batch_size for a table input counts rows or bytes, not files');
  const files = inputStat.isDirectory()
    ? await resolveTableFolder(input.path)
    : tableFileOf(input.path);
  if (!Array.isArray(files)) return files;
  return { kind: 'plan', totals: null, miniBatches: tableMiniBatches(files, size as SliceRule) };
}

/** Every file under `root`, following symbolic links, sorted by relative path. */
export async function listFilesSorted(root: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const isFolder = entry.isSymbolicLink()
        ? (await stat(path)).isDirectory()
        : entry.isDirectory();
      if (isFolder) await visit(path);
      else found.push(path);
    }
  };
  await visit(root);
  const key = (path: string): string => relative(root, path).split(sep).join('/');
  return found
    .map((path) => ({ path, key: key(path) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ path }) => path);
}

async function* fileMiniBatches(
  paths: readonly string[],
  filesPerBatch: number,
): AsyncGenerator<FileMiniBatch, void, undefined> {
  for (let index = 0; index * filesPerBatch < paths.length; index += 1)
    yield {
      kind: 'files',
      index,
      paths: paths.slice(index * filesPerBatch, (index + 1) * filesPerBatch),
    };
}

function tableFileOf(path: string): TableFile[] | PartitionProblem {
  const format = TABLE_EXTENSIONS[extname(path).toLowerCase()];
  return format === undefined
    ? invalid(
        `${path}: a table input must be .csv, .tsv, .jsonl or .json (JSON Lines); ` +
          `${extname(path) || 'no extension'} is not supported`,
      )
    : [{ path, format }];
}

/** The data files of a table folder: those its MLTable lists, or all of them. */
export async function resolveTableFolder(folder: string): Promise<TableFile[] | PartitionProblem> {
  const mlTablePath = join(folder, MLTABLE_FILE_NAME);
  const mlTableText = await readFile(mlTablePath, 'utf8').catch(() => null);
  const listed = mlTableText === null ? null : mlTablePaths(mlTableText, mlTablePath);
  if (listed !== null && !Array.isArray(listed)) return listed;
  const files: TableFile[] = [];
  for (const entry of listed ?? [{ folder: '.' }]) {
    const path = resolve(folder, 'file' in entry ? entry.file : entry.folder);
    const entryStat = await stat(path).catch(() => null);
    if (entryStat === null) return invalid(`${mlTablePath} lists ${path}, which does not exist`);
    const candidates = entryStat.isDirectory()
      ? (await listFilesSorted(path)).filter((file) => isDataFileName(basename(file)))
      : [path];
    for (const candidate of candidates) {
      const table = tableFileOf(candidate);
      if (!Array.isArray(table)) return table;
      files.push(...table);
    }
  }
  return files;
}

const isDataFileName = (name: string): boolean =>
  name !== MLTABLE_FILE_NAME && !name.startsWith('.') && !name.startsWith('_');

type MlTablePath = { readonly file: string } | { readonly folder: string };

function mlTablePaths(text: string, source: string): MlTablePath[] | PartitionProblem | null {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    return invalid(`${source} is not YAML: ${(error as Error).message}`);
  }
  const paths = (document as { paths?: unknown } | null)?.paths;
  if (paths === undefined) return null;
  if (!Array.isArray(paths)) return invalid(`${source}: "paths" must be a list`);
  const entries: MlTablePath[] = [];
  for (const entry of paths as unknown[]) {
    const fields = (entry ?? {}) as Record<string, unknown>;
    if (typeof fields.file === 'string') entries.push({ file: fields.file });
    else if (typeof fields.folder === 'string') entries.push({ folder: fields.folder });
    else
      return invalid(
        `${source}: each "paths" entry needs "file" or "folder" ("pattern" is not supported)`,
      );
  }
  return entries;
}

async function* tableMiniBatches(
  files: readonly TableFile[],
  rule: SliceRule,
): AsyncGenerator<TableMiniBatch | PartitionProblem, void, undefined> {
  let index = 0;
  for (const file of files) {
    for await (const miniBatch of sliceTableFile(file, rule, index)) {
      yield miniBatch;
      if (miniBatch.kind === 'problem') return;
      index += 1;
    }
  }
}

const LF = 0x0a;
const hasByteOrderMark = (chunk: Buffer): boolean =>
  chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;

async function* sliceTableFile(
  file: TableFile,
  rule: SliceRule,
  firstIndex: number,
): AsyncGenerator<TableMiniBatch | PartitionProblem, void, undefined> {
  let index = firstIndex;
  let cutter: TableSliceCutter | undefined;
  let columns: string[] | null = null;
  const headerChunks: Buffer[] = [];
  let headerBytes = 0;
  let offset = 0;
  const toMiniBatch = (slice: { start: number; end: number; rowCount: number }) => {
    const miniBatch: TableMiniBatch = {
      kind: 'table',
      index,
      file: file.path,
      format: file.format,
      ...slice,
      columns,
    };
    index += 1;
    return miniBatch;
  };

  // One buffer for every read: the cutter keeps no reference to a chunk, and a fresh 1 MiB
  // buffer per read (as a read stream gives) stays in memory until the next garbage collection,
  // which let the coordinator grow by tens of MB on a large file.
  const handle = await open(file.path, 'r');
  try {
    const readBuffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(readBuffer, 0, READ_CHUNK_BYTES, offset);
      if (bytesRead === 0) break;
      for (const item of cutChunk(readBuffer.subarray(0, bytesRead))) {
        yield item;
        if (item.kind === 'problem') return;
      }
    }
  } finally {
    await handle.close();
  }
  // A CSV or TSV file without a line end has a header at most: no rows.
  if (cutter === undefined) return;
  for (const slice of cutter.finish()) yield toMiniBatch(slice);

  /** The mini-batches (or a header problem) that one chunk read at `offset` completes. */
  function cutChunk(buffer: Buffer): (TableMiniBatch | PartitionProblem)[] {
    const chunkOffset = offset;
    offset += buffer.length;
    let data = buffer;
    let dataOffset = chunkOffset;
    if (cutter === undefined) {
      if (file.format === 'jsonl') {
        const skip = chunkOffset === 0 && hasByteOrderMark(buffer) ? 3 : 0;
        cutter = new TableSliceCutter(rule, skip, false);
        data = buffer.subarray(skip);
        dataOffset = skip;
      } else {
        const newline = buffer.indexOf(LF);
        // A copy: the read buffer is reused.
        headerChunks.push(Buffer.from(newline === -1 ? buffer : buffer.subarray(0, newline)));
        headerBytes += newline === -1 ? buffer.length : newline;
        if (headerBytes > MAX_HEADER_BYTES)
          return [invalid(`${file.path}: no line end in the first ${MAX_HEADER_BYTES} bytes`)];
        if (newline === -1) return [];
        const header = readHeader(Buffer.concat(headerChunks).toString('utf8'), file);
        if (!Array.isArray(header)) return [header];
        columns = header;
        dataOffset = chunkOffset + newline + 1;
        cutter = new TableSliceCutter(rule, dataOffset, file.format === 'csv');
        data = buffer.subarray(newline + 1);
      }
    }
    return cutter.push(data, dataOffset).map(toMiniBatch);
  }
}

function readHeader(line: string, file: TableFile): string[] | PartitionProblem {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  let columns: string[];
  try {
    columns = parseHeaderColumns(text, file.format === 'tsv' ? 'tsv' : 'csv');
  } catch (error) {
    return invalid(`${file.path}: the header row is not valid: ${(error as Error).message}`);
  }
  if (columns.length === 0 || (columns.length === 1 && columns[0] === ''))
    return invalid(`${file.path}: the first line must be a header row with column names`);
  return columns;
}
