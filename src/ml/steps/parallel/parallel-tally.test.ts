import { describe, expect, it } from 'vitest';
import type { MiniBatch } from './mini-batch.js';
import { MAX_RECORDED_ERRORS, ParallelTally, type TallyLimits } from './parallel-tally.js';

const NO_LIMITS: TallyLimits = {
  runMaxTry: 3,
  errorThreshold: -1,
  allowedFailedCount: -1,
  allowedFailedPercent: 100,
};

const batch = (index: number, items = 4): MiniBatch => ({
  kind: 'files',
  index,
  paths: Array.from({ length: items }, (_, item) => `/in/${index}-${item}`),
});

describe('ParallelTally', () => {
  it('counts returned results as successful items, capped at the mini-batch size', () => {
    const tally = new ParallelTally(NO_LIMITS);
    for (const index of [0, 1, 2]) tally.discovered(batch(index));
    tally.succeeded(batch(0), 4);
    tally.succeeded(batch(1), 1);
    tally.succeeded(batch(2), 9);
    expect(tally.progress(7)).toEqual({
      miniBatches: { total: 3, succeeded: 3, failed: 0 },
      items: { total: 12, succeeded: 9, failed: 3 },
      rowsAppended: 7,
    });
  });

  it('retries until runMaxTry tries, then fails the mini-batch and all its items', () => {
    const tally = new ParallelTally({ ...NO_LIMITS, runMaxTry: 2 });
    tally.discovered(batch(5));
    expect(tally.failedTry(batch(5), 1, 'first')).toBe('retry');
    expect(tally.failedTry(batch(5), 2, 'second')).toBe('mini-batch-failed');
    expect(tally.errors).toEqual([
      { miniBatch: 5, attempt: 1, message: 'first' },
      { miniBatch: 5, attempt: 2, message: 'second' },
    ]);
    expect(tally.progress(0).items).toEqual({ total: 4, succeeded: 0, failed: 4 });
    expect(tally.failedTries).toBe(2);
  });

  it('keeps only the first errors and cuts long messages', () => {
    const tally = new ParallelTally({ ...NO_LIMITS, runMaxTry: 1000 });
    for (let attempt = 1; attempt <= MAX_RECORDED_ERRORS + 5; attempt += 1)
      tally.failedTry(batch(0), attempt, 'x'.repeat(5000));
    expect(tally.errors).toHaveLength(MAX_RECORDED_ERRORS);
    expect(tally.errors[0]?.message.length).toBeLessThan(2100);
  });

  it('breaches allowedFailedCount when more mini-batches fail, -1 never', () => {
    const limited = new ParallelTally({ ...NO_LIMITS, runMaxTry: 1, allowedFailedCount: 1 });
    const unlimited = new ParallelTally({ ...NO_LIMITS, runMaxTry: 1 });
    for (const tally of [limited, unlimited]) tally.failedTry(batch(0), 1, 'x');
    expect(limited.earlyBreach()).toBeNull();
    for (const tally of [limited, unlimited]) tally.failedTry(batch(1), 1, 'x');
    expect(limited.earlyBreach()).toMatchObject({ code: 'PARALLEL_FAILED_BATCHES_EXCEEDED' });
    expect(unlimited.earlyBreach()).toBeNull();
  });

  it('breaches errorThreshold when more items fail', () => {
    const tally = new ParallelTally({ ...NO_LIMITS, errorThreshold: 3 });
    tally.succeeded(batch(0), 1);
    expect(tally.earlyBreach()).toBeNull();
    tally.succeeded(batch(1), 3);
    expect(tally.earlyBreach()).toMatchObject({
      code: 'PARALLEL_ERROR_THRESHOLD_EXCEEDED',
      failureType: 'UserError',
    });
  });

  it('checks allowedFailedPercent against all mini-batches: above fails, equal passes', () => {
    const run = (percent: number) => {
      const tally = new ParallelTally({
        ...NO_LIMITS,
        runMaxTry: 1,
        allowedFailedPercent: percent,
      });
      for (const index of [0, 1, 2, 3]) tally.discovered(batch(index));
      tally.failedTry(batch(0), 1, 'x');
      return tally.finalBreach();
    };
    expect(run(25)).toBeNull();
    expect(run(20)).toMatchObject({
      code: 'PARALLEL_FAILED_PERCENT_EXCEEDED',
      message: expect.stringContaining('1 of 4 mini-batches failed (25%)'),
    });
    expect(new ParallelTally({ ...NO_LIMITS, allowedFailedPercent: 0 }).finalBreach()).toBeNull();
  });

  it('keeps fixed totals when mini-batches are discovered', () => {
    const tally = new ParallelTally(NO_LIMITS);
    tally.fixTotals({ miniBatches: 2, items: 7 });
    tally.discovered(batch(0));
    expect(tally.progress(0)).toMatchObject({ miniBatches: { total: 2 }, items: { total: 7 } });
  });
});
