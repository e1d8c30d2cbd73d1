/**
 * The counts of a parallel step and the Azure ParallelRunStep rules that decide from them. Pure.
 *
 * - A try of a mini-batch succeeds when run() returns: its successful items are the results
 *   returned (at most the mini-batch's items), the rest are failed items.
 * - A try fails when run() throws, times out or its worker dies; the mini-batch is tried again
 *   until `runMaxTry` tries, then it is a failed mini-batch and all its items failed.
 * - `errorThreshold` (failed items) and `allowedFailedCount` (failed mini-batches) stop the step
 *   as soon as they are exceeded; -1 ignores them. `allowedFailedPercent` is checked at the end.
 */
import type { MiniBatchError, ParallelProgress, StepFailure } from '../step-launch.js';
import { StepErrorCodes, type StepErrorCode } from '../step-errors.js';
import { miniBatchItemCount, type MiniBatch } from './mini-batch.js';

export interface TallyLimits {
  readonly runMaxTry: number;
  readonly errorThreshold: number;
  readonly allowedFailedCount: number;
  readonly allowedFailedPercent: number;
}

/** Errors kept in the step result; every error is also in the stderr log. */
export const MAX_RECORDED_ERRORS = 100;
/** An error message longer than this is cut. */
export const MAX_ERROR_MESSAGE_CHARS = 2000;

export type TryVerdict = 'retry' | 'mini-batch-failed';

export function stepFailure(code: StepErrorCode, message: string): StepFailure {
  return { code, message, failureType: StepErrorCodes[code].failureType };
}

export class ParallelTally {
  private batchesTotal = 0;
  private itemsTotal = 0;
  private totalsFixed = false;
  private batchesSucceeded = 0;
  private batchesFailed = 0;
  private itemsSucceeded = 0;
  private itemsFailed = 0;
  private triesFailed = 0;
  private readonly recorded: MiniBatchError[] = [];

  constructor(private readonly limits: TallyLimits) {}

  /** For a file input the totals are known before any mini-batch is cut. */
  fixTotals(totals: { readonly miniBatches: number; readonly items: number }): void {
    this.totalsFixed = true;
    this.batchesTotal = totals.miniBatches;
    this.itemsTotal = totals.items;
  }

  /** The partitioner cut another mini-batch: the totals grow unless they were fixed. */
  discovered(miniBatch: MiniBatch): void {
    if (this.totalsFixed) return;
    this.batchesTotal += 1;
    this.itemsTotal += miniBatchItemCount(miniBatch);
  }

  succeeded(miniBatch: MiniBatch, resultCount: number): void {
    const items = miniBatchItemCount(miniBatch);
    const succeeded = Math.min(resultCount, items);
    this.batchesSucceeded += 1;
    this.itemsSucceeded += succeeded;
    this.itemsFailed += items - succeeded;
  }

  failedTry(miniBatch: MiniBatch, attempt: number, message: string): TryVerdict {
    this.triesFailed += 1;
    if (this.recorded.length < MAX_RECORDED_ERRORS)
      this.recorded.push({
        miniBatch: miniBatch.index,
        attempt,
        message: trimMessage(message),
      });
    if (attempt < this.limits.runMaxTry) return 'retry';
    this.batchesFailed += 1;
    this.itemsFailed += miniBatchItemCount(miniBatch);
    return 'mini-batch-failed';
  }

  /** A limit that stops the step at once, if exceeded. */
  earlyBreach(): StepFailure | null {
    const { errorThreshold, allowedFailedCount } = this.limits;
    if (allowedFailedCount !== -1 && this.batchesFailed > allowedFailedCount)
      return stepFailure(
        'PARALLEL_FAILED_BATCHES_EXCEEDED',
        `${this.batchesFailed} mini-batches failed, more than allowed_failed_count ` +
          `(${allowedFailedCount}); the step stopped early. The errors say why they failed.`,
      );
    if (errorThreshold !== -1 && this.itemsFailed > errorThreshold)
      return stepFailure(
        'PARALLEL_ERROR_THRESHOLD_EXCEEDED',
        `${this.itemsFailed} items failed, more than error_threshold (${errorThreshold}); the ` +
          'step stopped early. run() must return one result per successful item.',
      );
    return null;
  }

  /** The limit checked once every mini-batch is done. */
  finalBreach(): StepFailure | null {
    const { allowedFailedPercent } = this.limits;
    if (this.batchesTotal === 0) return null;
    const percent = (this.batchesFailed / this.batchesTotal) * 100;
    if (percent <= allowedFailedPercent) return null;
    return stepFailure(
      'PARALLEL_FAILED_PERCENT_EXCEEDED',
      `${this.batchesFailed} of ${this.batchesTotal} mini-batches failed ` +
        `(${formatPercent(percent)}%), more than allowed_failed_percent (${allowedFailedPercent}%).`,
    );
  }

  progress(rowsAppended: number): ParallelProgress {
    return {
      miniBatches: {
        total: this.batchesTotal,
        succeeded: this.batchesSucceeded,
        failed: this.batchesFailed,
      },
      items: { total: this.itemsTotal, succeeded: this.itemsSucceeded, failed: this.itemsFailed },
      rowsAppended,
    };
  }

  get failedTries(): number {
    return this.triesFailed;
  }

  get errors(): readonly MiniBatchError[] {
    return this.recorded;
  }
}

export function trimMessage(message: string): string {
  return message.length > MAX_ERROR_MESSAGE_CHARS
    ? `${message.slice(0, MAX_ERROR_MESSAGE_CHARS)}…`
    : message;
}

function formatPercent(percent: number): string {
  return Number.isInteger(percent) ? String(percent) : percent.toFixed(2);
}
