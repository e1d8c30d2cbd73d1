/**
 * Appends the results of mini-batches to the append_row file in mini-batch order, whatever order
 * workers finish in: a mini-batch that ends before an earlier one waits in memory, or in a spill
 * file once the waiting text passes a budget, so a slow or retried early mini-batch cannot make
 * memory grow with the input. Writes happen one at a time, in order, off the caller's path.
 */
import { mkdir, open, readFile, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes of out-of-order results kept in memory before spilling to disk. (Default: 32 MiB.) */
export const DEFAULT_MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

type Waiting =
  | { readonly kind: 'memory'; readonly lines: Buffer; readonly rows: number }
  | { readonly kind: 'spilled'; readonly path: string; readonly rows: number };

export class OrderedRowWriter {
  private nextIndex = 0;
  private readonly waiting = new Map<number, Waiting>();
  private bufferedBytes = 0;
  private queue: Promise<void> = Promise.resolve();
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
   * ending with `\n` (`formatResultLines`); empty and 0 when it failed. Never throws.
   */
  accept(index: number, lines: Buffer, rows: number): void {
    if (index !== this.nextIndex) {
      this.hold(index, lines, rows);
      return;
    }
    this.enqueue(() => this.append(lines, rows));
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

  private hold(index: number, lines: Buffer, rows: number): void {
    if (this.bufferedBytes + lines.length <= this.maxBufferedBytes) {
      this.bufferedBytes += lines.length;
      this.waiting.set(index, { kind: 'memory', lines, rows });
      return;
    }
    const path = join(this.spillFolder, `mini-batch-${index}.txt`);
    this.waiting.set(index, { kind: 'spilled', path, rows });
    this.enqueue(async () => {
      await mkdir(this.spillFolder, { recursive: true });
      await writeFile(path, lines);
    });
  }

  private release(waiting: Waiting): void {
    if (waiting.kind === 'memory') {
      this.bufferedBytes -= waiting.lines.length;
      this.enqueue(() => this.append(waiting.lines, waiting.rows));
      return;
    }
    this.enqueue(async () => {
      await this.append(await readFile(waiting.path), waiting.rows);
      await rm(waiting.path, { force: true });
    });
  }

  private async append(lines: Buffer, rows: number): Promise<void> {
    if (lines.length > 0) await this.handle.appendFile(lines);
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
