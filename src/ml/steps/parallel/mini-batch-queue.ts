/**
 * The mini-batches waiting for a worker: retries first, then fresh ones from the partitioner. The
 * partitioner is kept only a few mini-batches ahead (`lookahead`), which is what bounds memory
 * for a large input. Pure apart from promises.
 */
import type { MiniBatch } from './mini-batch.js';

export interface QueuedMiniBatch {
  readonly miniBatch: MiniBatch;
  /** The try this is: 1 the first time. */
  readonly attempt: number;
}

export class MiniBatchQueue {
  private readonly fresh: MiniBatch[] = [];
  private readonly retries: QueuedMiniBatch[] = [];
  private inFlight = 0;
  private inputEnded = false;
  private closed = false;
  private waiters: (() => void)[] = [];

  /** @param lookahead fresh mini-batches held before the partitioner waits. */
  constructor(private readonly lookahead: number) {}

  /** A fresh mini-batch from the partitioner. */
  push(miniBatch: MiniBatch): void {
    this.fresh.push(miniBatch);
    this.notify();
  }

  /** The try failed and another is allowed. */
  retry(queued: QueuedMiniBatch): void {
    this.retries.push({ miniBatch: queued.miniBatch, attempt: queued.attempt + 1 });
    this.notify();
  }

  /**
   * The try never started (it waited behind another on a worker that was lost): it is handed
   * out again first, as the same try.
   */
  putBack(queued: QueuedMiniBatch): void {
    this.retries.unshift(queued);
    this.notify();
  }

  /** The partitioner has cut its last mini-batch. */
  endInput(): void {
    this.inputEnded = true;
    this.notify();
  }

  /** The step is stopping: nothing more is handed out and every waiter wakes. */
  close(): void {
    this.closed = true;
    this.notify();
  }

  /** The next mini-batch to try, if any; it is in flight until `settle`. */
  take(): QueuedMiniBatch | undefined {
    if (this.closed) return undefined;
    const retry = this.retries.shift();
    const fresh = retry === undefined ? this.fresh.shift() : undefined;
    const queued = retry ?? (fresh === undefined ? undefined : { miniBatch: fresh, attempt: 1 });
    if (queued === undefined) return undefined;
    this.inFlight += 1;
    this.notify();
    return queued;
  }

  /** A try taken with `take` has ended (after any `retry` or `putBack` for it). */
  settle(): void {
    this.inFlight -= 1;
    this.notify();
  }

  /** Every mini-batch has been cut and has ended. */
  get drained(): boolean {
    return (
      this.inputEnded && this.fresh.length === 0 && this.retries.length === 0 && this.inFlight === 0
    );
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Mini-batches waiting to be taken. */
  get available(): number {
    return this.closed ? 0 : this.fresh.length + this.retries.length;
  }

  /**
   * Resolves when at least `count` mini-batches wait to be taken (Default: 1), or the queue is
   * drained or closed.
   */
  async whenAvailable(count = 1): Promise<void> {
    while (!this.closed && !this.drained && this.fresh.length + this.retries.length < count)
      await this.change();
  }

  /** Resolves when the partitioner may push again, or the queue is closed. */
  async whenSpace(): Promise<void> {
    while (!this.closed && this.fresh.length >= this.lookahead) await this.change();
  }

  private change(): Promise<void> {
    return new Promise((wake) => this.waiters.push(wake));
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
