import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OrderedRowWriter } from './ordered-row-writer.js';

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
    writer.accept(2, ['c']);
    writer.accept(1, []); // a failed mini-batch
    writer.accept(3, ['d', 4]);
    writer.accept(0, ['a', 'b']);
    await writer.close();
    expect(await readFile(join(folder, 'out.txt'), 'utf8')).toBe('a\nb\nc\nd\n4\n');
    expect(writer.rowsWritten).toBe(5);
  });

  it('spills waiting results to disk past its budget, and removes the spill files', async () => {
    const writer = await OrderedRowWriter.open(join(folder, 'out.txt'), join(folder, 'spill'), 4);
    writer.accept(3, ['three']);
    writer.accept(1, ['one']);
    writer.accept(2, ['two']);
    await writer.settled();
    expect((await readdir(join(folder, 'spill'))).sort()).toEqual([
      'mini-batch-2.txt',
      'mini-batch-3.txt',
    ]);
    writer.accept(0, ['zero']);
    await writer.close();
    expect(await readFile(join(folder, 'out.txt'), 'utf8')).toBe('zero\none\ntwo\nthree\n');
    await expect(readdir(join(folder, 'spill'))).rejects.toThrow(/ENOENT/);
  });

  it('appends to an existing file and drops results still waiting at close', async () => {
    const path = join(folder, 'out.txt');
    const first = await OrderedRowWriter.open(path, join(folder, 'spill'));
    first.accept(0, ['kept']);
    first.accept(2, ['never written: mini-batch 1 did not end']);
    await first.close();
    const second = await OrderedRowWriter.open(path, join(folder, 'spill'));
    second.accept(0, [['x', 'y']]);
    await second.close();
    expect(await readFile(path, 'utf8')).toBe('kept\nx,y\n');
  });
});
