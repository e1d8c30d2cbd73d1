import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OrderedRowWriter } from './ordered-row-writer.js';
import { formatResultLines } from './result-row-format.js';

/** Mini-batch `index` ended with these results, their lines arriving in pieces of 3 bytes. */
function accept(writer: OrderedRowWriter, index: number, results: readonly unknown[]): void {
  const lines = Buffer.from(formatResultLines(results));
  const pieces: Buffer[] = [];
  for (let start = 0; start < lines.length; start += 3)
    pieces.push(lines.subarray(start, start + 3));
  writer.accept(index, pieces, results.length);
}

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'millrace-rows-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('OrderedRowWriter', () => {
  it('writes mini-batches in index order whatever order they end in', async () => {
    const writer = await OrderedRowWriter.open(join(folder, 'out.txt'), join(folder, 'spill'));
    accept(writer, 2, ['c']);
    accept(writer, 1, []); // a failed mini-batch
    accept(writer, 3, ['d', 4]);
    accept(writer, 0, ['a', 'b']);
    await writer.close();
    expect(await readFile(join(folder, 'out.txt'), 'utf8')).toBe('a\nb\nc\nd\n4\n');
    expect(writer.rowsWritten).toBe(5);
  });

  it('spills waiting results to disk past its budget, and removes the spill files', async () => {
    const writer = await OrderedRowWriter.open(join(folder, 'out.txt'), join(folder, 'spill'), 4);
    accept(writer, 3, ['three']);
    accept(writer, 1, ['one']);
    accept(writer, 2, ['two']);
    await writer.settled();
    expect((await readdir(join(folder, 'spill'))).sort()).toEqual([
      'mini-batch-2.txt',
      'mini-batch-3.txt',
    ]);
    accept(writer, 0, ['zero']);
    // Accepted while the spilled ones wait to be written: it must still come after them.
    accept(writer, 4, ['four']);
    await writer.close();
    expect(await readFile(join(folder, 'out.txt'), 'utf8')).toBe('zero\none\ntwo\nthree\nfour\n');
    expect(writer.rowsWritten).toBe(5);
    await expect(readdir(join(folder, 'spill'))).rejects.toThrow(/ENOENT/);
  });

  it('writes many mini-batches ready at once in order, past the pieces one write takes', async () => {
    const writer = await OrderedRowWriter.open(join(folder, 'out.txt'), join(folder, 'spill'));
    const expected: string[] = [];
    // Backwards: each waits for the one before it, then all go out together.
    for (let index = 1499; index >= 0; index--) accept(writer, index, [`row ${index}`]);
    for (let index = 0; index < 1500; index++) expected.push(`row ${index}\n`);
    await writer.close();
    expect(await readFile(join(folder, 'out.txt'), 'utf8')).toBe(expected.join(''));
    expect(writer.rowsWritten).toBe(1500);
  });

  it('appends to an existing file and drops results still waiting at close', async () => {
    const path = join(folder, 'out.txt');
    const first = await OrderedRowWriter.open(path, join(folder, 'spill'));
    accept(first, 0, ['kept']);
    accept(first, 2, ['never written: mini-batch 1 did not end']);
    await first.close();
    const second = await OrderedRowWriter.open(path, join(folder, 'spill'));
    accept(second, 0, [['x', 'y']]);
    await second.close();
    expect(await readFile(path, 'utf8')).toBe('kept\nx,y\n');
  });
});
