import { describe, expect, it } from 'vitest';
import type { MiniBatch } from './mini-batch.js';
import { MiniBatchQueue } from './mini-batch-queue.js';

const batch = (index: number): MiniBatch => ({ kind: 'files', index, paths: [`/in/${index}`] });

describe('MiniBatchQueue', () => {
  it('hands out retries before fresh mini-batches, counting the try', () => {
    const queue = new MiniBatchQueue(4);
    queue.push(batch(0));
    queue.push(batch(1));
    const first = queue.take();
    expect(first).toEqual({ miniBatch: batch(0), attempt: 1 });
    queue.retry(first!);
    queue.settle();
    expect(queue.take()).toEqual({ miniBatch: batch(0), attempt: 2 });
    expect(queue.take()).toEqual({ miniBatch: batch(1), attempt: 1 });
    expect(queue.take()).toBeUndefined();
  });

  it('hands out a try put back (it never started) first, as the same try', () => {
    const queue = new MiniBatchQueue(4);
    queue.push(batch(0));
    queue.push(batch(1));
    queue.push(batch(2));
    const first = queue.take()!;
    const second = queue.take()!;
    queue.retry(first);
    queue.putBack(second);
    queue.settle();
    queue.settle();
    expect(queue.take()).toEqual({ miniBatch: batch(1), attempt: 1 });
    expect(queue.take()).toEqual({ miniBatch: batch(0), attempt: 2 });
    expect(queue.take()).toEqual({ miniBatch: batch(2), attempt: 1 });
  });

  it('is drained only once the input ended and no try is in flight', async () => {
    const queue = new MiniBatchQueue(4);
    queue.push(batch(0));
    queue.endInput();
    queue.take();
    expect(queue.drained).toBe(false);
    const waiting = queue.whenAvailable();
    queue.settle();
    await waiting;
    expect(queue.drained).toBe(true);
  });

  it('makes the partitioner wait while the lookahead is full, until a take or close', async () => {
    const queue = new MiniBatchQueue(1);
    queue.push(batch(0));
    let released = false;
    const space = queue.whenSpace().then(() => (released = true));
    await Promise.resolve();
    expect(released).toBe(false);
    queue.take();
    await space;
    expect(released).toBe(true);
    queue.push(batch(1));
    const closing = queue.whenSpace();
    queue.close();
    await closing;
    expect(queue.take()).toBeUndefined();
  });
});
