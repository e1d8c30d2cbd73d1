import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MlMiniBatchSize } from '../../ml-pipeline-definition.js';
import type { ParallelInput } from '../step-launch.js';
import type { MiniBatch, TableMiniBatch } from './mini-batch.js';
import {
  planMiniBatches,
  READ_CHUNK_BYTES,
  type MiniBatchPlan,
  type PartitionProblem,
} from './mini-batch-partitioner.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'millrace-partition-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function write(files: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(folder, name, '..'), { recursive: true });
    await writeFile(join(folder, name), content);
  }
}

async function collect(
  input: ParallelInput,
  size: MlMiniBatchSize,
): Promise<(MiniBatch | PartitionProblem)[] | PartitionProblem> {
  const plan = await planMiniBatches(input, size);
  if (plan.kind === 'problem') return plan;
  const items: (MiniBatch | PartitionProblem)[] = [];
  for await (const item of (plan as MiniBatchPlan).miniBatches) items.push(item);
  return items;
}

async function tableBatches(path: string, size: MlMiniBatchSize): Promise<TableMiniBatch[]> {
  const items = await collect({ kind: 'table', path }, size);
  if (!Array.isArray(items)) throw new Error(items.message);
  return items as TableMiniBatch[];
}

const rows = (size: number): MlMiniBatchSize => ({ unit: 'rows', value: size });

describe('file input', () => {
  it('lists every file under the folder sorted by relative path, in batches of N files', async () => {
    await write({ 'b.txt': '', 'a/z.txt': '', 'a-b.txt': '', 'a/b/c.txt': '', '.hidden': '' });
    await symlink(join(folder, 'a', 'b'), join(folder, 'linked'));
    const items = await collect({ kind: 'files', path: folder }, { unit: 'files', value: 3 });
    const names = (items as MiniBatch[]).map((batch) =>
      batch.kind === 'files' ? batch.paths.map((path) => path.slice(folder.length + 1)) : [],
    );
    expect(names).toEqual([
      ['.hidden', 'a-b.txt', 'a/b/c.txt'],
      ['a/z.txt', 'b.txt', 'linked/c.txt'],
    ]);
    expect((items as MiniBatch[]).map((batch) => batch.index)).toEqual([0, 1]);
  });

  it('takes a single file as a one-file input and knows the totals at once', async () => {
    await write({ 'only.bin': 'x' });
    const plan = await planMiniBatches(
      { kind: 'files', path: join(folder, 'only.bin') },
      { unit: 'files', value: 10 },
    );
    expect(plan).toMatchObject({ kind: 'plan', totals: { miniBatches: 1, items: 1 } });
  });

  it.each([
    ['rows on a file input', { kind: 'files', path: '.' }, rows(5), /counts files, not rows/],
    [
      'files on a table input',
      { kind: 'table', path: 't.csv' },
      { unit: 'files', value: 2 },
      /rows or bytes/,
    ],
    ['a size of 0', { kind: 'files', path: '.' }, { unit: 'files', value: 0 }, /positive integer/],
  ] as const)('refuses %s', async (_case, input, size, message) => {
    await write({ 't.csv': 'a\n1\n' });
    const problem = await planMiniBatches({ ...input, path: join(folder, input.path) }, size);
    expect(problem).toMatchObject({ kind: 'problem', code: 'PARALLEL_INPUT_INVALID', message });
  });

  it('says when the input does not exist', async () => {
    expect(
      await planMiniBatches(
        { kind: 'files', path: join(folder, 'gone') },
        { unit: 'files', value: 1 },
      ),
    ).toMatchObject({ kind: 'problem', code: 'STEP_INPUT_MISSING' });
  });
});

describe('table input', () => {
  it('cuts a CSV file by rows after its header, giving the columns to every mini-batch', async () => {
    await write({ 't.csv': 'id,name\r\n1,a\r\n2,b\r\n3,c\r\n' });
    const batches = await tableBatches(join(folder, 't.csv'), rows(2));
    expect(batches).toEqual([
      {
        kind: 'table',
        index: 0,
        file: join(folder, 't.csv'),
        format: 'csv',
        start: 9,
        end: 19,
        rowCount: 2,
        columns: ['id', 'name'],
      },
      {
        kind: 'table',
        index: 1,
        file: join(folder, 't.csv'),
        format: 'csv',
        start: 19,
        end: 24,
        rowCount: 1,
        columns: ['id', 'name'],
      },
    ]);
  });

  it('skips a byte order mark: in the header of a CSV, before the data of JSON Lines', async () => {
    await write({ 't.csv': '\uFEFFid\n1\n', 't.jsonl': '\uFEFF{"id":1}\n' });
    expect((await tableBatches(join(folder, 't.csv'), rows(9)))[0]?.columns).toEqual(['id']);
    expect(await tableBatches(join(folder, 't.jsonl'), rows(9))).toMatchObject([
      { format: 'jsonl', start: 3, rowCount: 1, columns: null },
    ]);
  });

  it('gives no mini-batch for a header-only or empty file', async () => {
    await write({ 'h.csv': 'id,name', 'h2.tsv': 'id\tname\n', 'e.jsonl': '' });
    for (const name of ['h.csv', 'h2.tsv', 'e.jsonl'])
      expect(await tableBatches(join(folder, name), rows(1))).toEqual([]);
  });

  it('finds row ends across read chunks when cutting by bytes', async () => {
    const line = `${'x'.repeat(99)}\n`;
    const lineCount = Math.ceil((READ_CHUNK_BYTES * 2.5) / line.length);
    await write({ 'big.jsonl': line.repeat(lineCount) });
    const batches = await tableBatches(join(folder, 'big.jsonl'), {
      unit: 'bytes',
      value: 250_000,
    });
    expect(batches.reduce((sum, batch) => sum + batch.rowCount, 0)).toBe(lineCount);
    for (const [index, batch] of batches.entries()) {
      expect(batch.start % line.length).toBe(0);
      if (index < batches.length - 1) expect(batch.end - batch.start).toBe(250_000);
    }
    expect(batches.at(-1)?.end).toBe(lineCount * line.length);
  });

  it('numbers mini-batches across the files of a folder, never spanning two files', async () => {
    await write({
      'data/b.csv': 'id\n3\n',
      'data/a.csv': 'id\n1\n2\n',
      'data/_SUCCESS': '',
      'data/.crc': '',
    });
    const batches = await tableBatches(join(folder, 'data'), rows(5));
    expect(batches.map((batch) => [batch.index, batch.file.slice(-5), batch.rowCount])).toEqual([
      [0, 'a.csv', 2],
      [1, 'b.csv', 1],
    ]);
  });

  it('reads the files an MLTable lists, in its order', async () => {
    await write({
      'data/MLTable': 'paths:\n  - file: ./second.tsv\n  - folder: ./parts\n',
      'data/second.tsv': 'id\n1\n',
      'data/parts/p.jsonl': '{"id":2}\n',
      'data/ignored.csv': 'id\n9\n',
    });
    const batches = await tableBatches(join(folder, 'data'), rows(5));
    expect(batches.map((batch) => [batch.format, batch.rowCount])).toEqual([
      ['tsv', 1],
      ['jsonl', 1],
    ]);
  });

  it.each([
    [
      'an unsupported file in the folder',
      { 'data/a.csv': 'id\n1\n', 'data/b.parquet': '' },
      /\.parquet is not supported/,
    ],
    [
      'an MLTable pattern',
      { 'data/MLTable': 'paths:\n  - pattern: ./*.csv\n' },
      /"pattern" is not supported/,
    ],
    [
      'an MLTable listing a missing file',
      { 'data/MLTable': 'paths:\n  - file: ./nope.csv\n' },
      /does not exist/,
    ],
    ['an MLTable that is not YAML', { 'data/MLTable': 'paths: [\n' }, /is not YAML/],
  ])('refuses %s', async (_case, files, message) => {
    await write(files);
    expect(await collect({ kind: 'table', path: join(folder, 'data') }, rows(1))).toMatchObject({
      kind: 'problem',
      code: 'PARALLEL_INPUT_INVALID',
      message,
    });
  });

  it('ends with a problem when a header row is not valid', async () => {
    await write({ 'bad.csv': '"id,name\n1,2\n', 'blank.csv': '\n1,2\n' });
    for (const [name, message] of [
      ['bad.csv', /header row is not valid/],
      ['blank.csv', /must be a header row/],
    ] as const)
      expect(await collect({ kind: 'table', path: join(folder, name) }, rows(1))).toEqual([
        expect.objectContaining({
          kind: 'problem',
          code: 'PARALLEL_INPUT_INVALID',
          message: expect.stringMatching(message),
        }),
      ]);
  });
});
