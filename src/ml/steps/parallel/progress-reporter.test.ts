import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParallelProgress } from '../step-launch.js';
import { StepLogFile } from '../step-log-file.js';
import { ProgressReporter } from './progress-reporter.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'millrace-progress-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const progressAfter = (succeeded: number): ParallelProgress => ({
  miniBatches: { total: 10, succeeded, failed: 0 },
  items: { total: 100, succeeded: succeeded * 10, failed: 0 },
  rowsAppended: succeeded * 10,
});

describe('ProgressReporter', () => {
  it('reports the first change at once, gathers a burst, and always reports at the end', async () => {
    const log = await StepLogFile.open(join(folder, 'progress.jsonl'));
    let succeeded = 0;
    const reported: ParallelProgress[] = [];
    const reporter = new ProgressReporter(
      () => progressAfter(succeeded),
      log,
      (progress) => reported.push(progress),
      () => {},
    );
    for (succeeded = 1; succeeded <= 5; succeeded += 1) reporter.changed();
    succeeded = 5;
    expect(reporter.finish()).toEqual(progressAfter(5));
    reporter.changed(); // nothing after the end
    await log.close();

    expect(reported).toEqual([progressAfter(1), progressAfter(5)]);
    const lines = (await readFile(join(folder, 'progress.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as ParallelProgress & { at: string })).toEqual([
      { at: expect.any(String), ...progressAfter(1) },
      { at: expect.any(String), ...progressAfter(5) },
    ]);
  });

  it('keeps going when onProgress throws, handing the error over', async () => {
    const log = await StepLogFile.open(join(folder, 'progress.jsonl'));
    const errors: unknown[] = [];
    const reporter = new ProgressReporter(
      () => progressAfter(0),
      log,
      () => {
        throw new Error('callback broke');
      },
      (error) => errors.push(error),
    );
    reporter.changed();
    expect(reporter.finish()).toEqual(progressAfter(0));
    await log.close();
    expect(errors.map((error) => (error as Error).message)).toEqual([
      'callback broke',
      'callback broke',
    ]);
  });
});
