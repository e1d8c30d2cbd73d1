/**
 * Appends the results of mini-batches to the append_row file in mini-batch order, whatever order
 * workers finish in: a mini-batch that ends before an earlier one waits in memory, or in a spill
 * file once the waiting text passes a budget, so a slow or retried early mini-batch cannot make
 * memory grow with the input. Writes happen one at a time, in order, off the caller's path; the
 * results that are ready by the time a write starts go out together in one `writev`, as the
 * pieces they arrived in, so the parent neither copies result bytes nor makes a system call per
 * mini-batch when workers are quicker than the disk.
 */
import { mkdir, open, readFile, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes of out-of-order results kept in memory before spilling to disk. (Default: 32 MiB.) */
export const DEFAULT_MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

type Waiting =
  | { readonly kind: 'memory'; readonly lines: readonly Buffer[]; readonly rows: number }
  | { readonly kind: 'spilled'; readonly path: string; readonly rows: number };

/** Results ready to append, in order. */
interface Ready {
  readonly lines: readonly Buffer[];
  readonly rows: number;
}

/** Pieces one `writev` takes at most (Linux's IOV_MAX is 1024). */
const MAX_PIECES_PER_WRITE = 1024;

export class OrderedRowWriter {
  private nextIndex = 0;
  private readonly waiting = new Map<number, Waiting>();
  private bufferedBytes = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Results in order whose write is queued and has not started: later ones join it. */
  private openBatch: Ready[] | undefined;
  private firstError: unknown;
  private written = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly handle: FileHandle,
    private readonly spillFolder: string,
    private readonly maxBufferedBytes: number,
  ) {}

  /** Opens `path` for appending (creating it); spill files go to `spillFolder`, made on demand. */
  static async open(
    path: string,
    spillFolder: string,
    maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES,
  ): Promise<OrderedRowWriter> {
    return new OrderedRowWriter(await open(path, 'a'), spillFolder, maxBufferedBytes);
  }

  /** The first write error, if any (writing stops at it). */
  get failure(): unknown {
    return this.firstError;
  }

  /** Lines written to the file so far. */
  get rowsWritten(): number {
    return this.written;
  }

  /**
   * Mini-batch `index` is done: `lines` holds the lines of its `rows` results in UTF-8, each
   * ending with `\n` (`formatResultLines`), in pieces written one after the other; empty and 0
   * when it failed. The pieces must not change afterwards. Never throws.
   */
  accept(index: number, lines: readonly Buffer[], rows: number): void {
    if (index !== this.nextIndex) {
      this.hold(index, lines, rows);
      return;
    }
    this.append(lines, rows);
    this.nextIndex += 1;
    for (
      let next = this.waiting.get(this.nextIndex);
      next;
      next = this.waiting.get(this.nextIndex)
    ) {
      this.waiting.delete(this.nextIndex);
      this.release(next);
      this.nextIndex += 1;
    }
  }

  /** Resolves once every write queued so far has been done. */
  async settled(): Promise<void> {
    await this.queue;
  }

  /**
   * Waits for every write and closes the file; results still waiting for an earlier mini-batch
   * (the step stopped early) are dropped. Throws the first write error, if any. Closing again
   * gives the same outcome.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.waiting.clear();
      await this.queue;
      await this.handle.close();
      await rm(this.spillFolder, { recursive: true, force: true });
      if (this.firstError !== undefined) throw this.firstError;
    })();
    return this.closing;
  }

  private hold(index: number, lines: readonly Buffer[], rows: number): void {
    const bytes = byteLength(lines);
    if (this.bufferedBytes + bytes <= this.maxBufferedBytes) {
      this.bufferedBytes += bytes;
      this.waiting.set(index, { kind: 'memory', lines, rows });
      return;
    }
    const path = join(this.spillFolder, `mini-batch-${index}.txt`);
    this.waiting.set(index, { kind: 'spilled', path, rows });
    this.enqueue(async () => {
      await mkdir(this.spillFolder, { recursive: true });
      await writeFile(path, Buffer.concat(lines));
    });
  }

  private release(waiting: Waiting): void {
    if (waiting.kind === 'memory') {
      this.bufferedBytes -= byteLength(waiting.lines);
      this.append(waiting.lines, waiting.rows);
      return;
    }
    // Lines accepted after this must wait for it, so they go to a write queued after it.
    this.openBatch = undefined;
    this.enqueue(async () => {
      await this.writeAll([await readFile(waiting.path)], waiting.rows);
      await rm(waiting.path, { force: true });
    });
  }

  /** Queues the lines: they join the write queued last, if it has not started yet. */
  private append(lines: readonly Buffer[], rows: number): void {
    if (this.openBatch === undefined) {
      const batch: Ready[] = [];
      this.openBatch = batch;
      this.enqueue(() => {
        if (this.openBatch === batch) this.openBatch = undefined;
        return this.writeBatch(batch);
      });
    }
    this.openBatch.push({ lines, rows });
  }

  private async writeBatch(batch: readonly Ready[]): Promise<void> {
    let pieces: Buffer[] = [];
    let rows = 0;
    for (const { lines, rows: count } of batch) {
      for (const piece of lines) {
        if (pieces.length === MAX_PIECES_PER_WRITE) {
          await this.writeAll(pieces, rows);
          [pieces, rows] = [[], 0];
        }
        pieces.push(piece);
      }
      rows += count;
    }
    await this.writeAll(pieces, rows);
  }

  /** Writes every byte of `pieces` (a `writev` may write less than asked), then counts the rows. */
  private async writeAll(pieces: readonly Buffer[], rows: number): Promise<void> {
    let left = pieces.filter((piece) => piece.length > 0);
    while (left.length > 0) {
      let { bytesWritten } = await this.handle.writev(left);
      while (left.length > 0 && bytesWritten >= (left[0] as Buffer).length) {
        bytesWritten -= (left[0] as Buffer).length;
        left = left.slice(1);
      }
      if (bytesWritten > 0) left = [(left[0] as Buffer).subarray(bytesWritten), ...left.slice(1)];
    }
    this.written += rows;
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.firstError !== undefined) return;
      try {
        await work();
      } catch (error) {
        this.firstError = error;
      }
    });
  }
}

function byteLength(pieces: readonly Buffer[]): number {
  let bytes = 0;
  for (const piece of pieces) bytes += piece.length;
  return bytes;
}
