/**
 * Reports a parallel step's progress to `onProgress` and to `progress.jsonl`: at most once per
 * interval while mini-batches end (the first change at once, later ones gathered into one report
 * at the end of the interval), and always once at the end.
 */
import type { ParallelProgress } from '../step-launch.js';
import type { StepLogFile } from '../step-log-file.js';

/** The shortest time between two reports. (Default: 500 ms.) */
export const PROGRESS_INTERVAL_MS = 500;

export class ProgressReporter {
  private lastReportAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private finished = false;
  private lastReported = '';

  constructor(
    private readonly read: () => ParallelProgress,
    private readonly log: StepLogFile,
    private readonly onProgress: ((progress: ParallelProgress) => void) | undefined,
    private readonly onCallbackError: (error: unknown) => void,
  ) {}

  /** Something counted changed. */
  changed(): void {
    if (this.finished || this.timer !== undefined) return;
    const wait = this.lastReportAt + PROGRESS_INTERVAL_MS - performance.now();
    if (wait <= 0) {
      this.report(false);
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.report(false);
    }, wait);
  }

  /** The last report; nothing is reported after it. */
  finish(): ParallelProgress {
    clearTimeout(this.timer);
    this.timer = undefined;
    const progress = this.report(true);
    this.finished = true;
    return progress;
  }

  /** Reports unless nothing changed since the last report (the last one is always made). */
  private report(last: boolean): ParallelProgress {
    const progress = this.read();
    const text = JSON.stringify(progress);
    if (!last && text === this.lastReported) return progress;
    this.lastReported = text;
    this.lastReportAt = performance.now();
    this.log.append(`${JSON.stringify({ at: new Date().toISOString(), ...progress })}\n`);
    try {
      this.onProgress?.(progress);
    } catch (error) {
      this.onCallbackError(error);
    }
    return progress;
  }
}
