/**
 * The step protocol (`##millrace {"metric": …}` lines, `../step-protocol.ts`) for a parallel
 * step: every worker's stdout is read for protocol lines as a command step's is, and the metrics
 * and tags of all the workers of an attempt are kept together (a metric logged by two workers has
 * two values; for a tag the last one read wins).
 */
import { StdoutLineSplitter, StepProtocolRecorder } from '../step-protocol.js';
import type { StepMetric } from '../step-launch.js';

export class WorkerStepProtocol {
  private readonly recorder = new StepProtocolRecorder();

  /** @param warn gets a line for the step's stderr log for each ignored protocol line. */
  constructor(private readonly warn: (line: string) => void) {}

  get metrics(): readonly StepMetric[] {
    return this.recorder.metrics;
  }

  get tags(): Readonly<Record<string, string>> {
    return this.recorder.tags;
  }

  /**
   * Reads one worker process's stdout (`WorkerProcessOptions.onStdout`): a new reader for each
   * process, since a line never continues into another process's output.
   */
  readerFor(workerIndex: number): (chunk: Buffer | null) => void {
    const splitter = new StdoutLineSplitter();
    return (chunk) => {
      for (const line of chunk === null ? splitter.end() : splitter.push(chunk)) {
        const warning = this.recorder.record(line);
        if (warning !== undefined) this.warn(`worker ${workerIndex}: ${warning}\n`);
      }
    };
  }
}
