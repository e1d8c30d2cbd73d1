/**
 * A log file appended to while a step runs, so that a reader (the UI, `tail -f`) sees progress
 * before the step ends. Writes keep their order without blocking the event loop.
 */
import { open, type FileHandle } from 'node:fs/promises';

export class StepLogFile {
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown;

  private constructor(private readonly handle: FileHandle) {}

  /** Opens (creating or appending to) `path`; throws when its folder does not exist. */
  static async open(path: string): Promise<StepLogFile> {
    return new StepLogFile(await open(path, 'a'));
  }

  /** Never throws: a failed write is kept and thrown by `close`. */
  append(data: Buffer | string): void {
    this.queue = this.queue.then(async () => {
      if (this.failure !== undefined) return;
      try {
        await this.handle.appendFile(data);
      } catch (error) {
        this.failure = error;
      }
    });
  }

  /** Waits for every write, closes the file and throws the first write error, if any. */
  async close(): Promise<void> {
    await this.queue;
    await this.handle.close();
    if (this.failure !== undefined) throw this.failure;
  }
}
