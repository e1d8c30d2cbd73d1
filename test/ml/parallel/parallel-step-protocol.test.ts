/**
 * The step protocol in a parallel step: what the workers' entry scripts print as
 * `##millrace {...}` lines becomes the attempt's metrics and tags, from every worker, while their
 * whole stdout still lands in worker-<n>.txt.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runParallelStep } from '../../../src/ml/steps/parallel/parallel-step-runner.js';
import { createSandbox, runningChildrenOf, type Sandbox } from './parallel-sandbox.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await createSandbox();
  await sandbox.writeInput({ 'a.txt': '', 'b.txt': '', 'c.txt': '' });
});
afterEach(async () => {
  expect(runningChildrenOf(process.pid)).toEqual([]);
  await sandbox.remove();
});

const valuesOf = (metrics: readonly { name: string; value: unknown }[], name: string) =>
  metrics.filter((metric) => metric.name === name).map((metric) => metric.value);

describe('step protocol lines printed by parallel workers', () => {
  it('become metrics and tags of the attempt, and stay in the worker log', async () => {
    const result = await runParallelStep(
      sandbox.launch({
        entryScript: 'logs-metrics.mjs',
        miniBatchSize: { unit: 'files', value: 1 },
      }),
    );

    expect(result.outcome).toBe('succeeded');
    expect(result.tags).toEqual({ model: 'm:7' });
    expect(valuesOf(result.metrics, 'model_version')).toEqual(['7']);
    expect(valuesOf(result.metrics, 'scored')).toEqual([1, 1, 1]);
    // The last line, printed at exit without a line end, counts too.
    expect(valuesOf(result.metrics, 'exits')).toEqual([1]);
    // The runner's own counts come first.
    expect(result.metrics[0]?.name).toBe('mini_batches_total');
    const log = await sandbox.readLog('worker-0.txt');
    expect(log).toContain('##millrace {"metric":"scored","value":1}\n');
    expect(log).toContain('logs-metrics: mini-batch 2\n');
    expect(await sandbox.readLog('stderr.txt')).toMatch(
      /^worker 0: \[millrace\] ignored protocol line 3: not valid JSON/m,
    );
  });

  it('collects what every worker logs, in Node and in Python', async () => {
    for (const entryScript of ['logs-metrics.mjs', 'logs_metrics.py']) {
      const result = await runParallelStep(
        sandbox.launch({
          entryScript,
          workerCount: 2,
          miniBatchSize: { unit: 'files', value: 1 },
        }),
      );

      expect(result.outcome, entryScript).toBe('succeeded');
      expect(valuesOf(result.metrics, 'model_version'), entryScript).toEqual(['7', '7']);
      expect(valuesOf(result.metrics, 'scored'), entryScript).toEqual([1, 1, 1]);
      expect(result.tags, entryScript).toEqual({ model: 'm:7' });
    }
  });
});
