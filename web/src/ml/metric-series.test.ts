import { describe, expect, it } from 'vitest';
import { formatMetricValue, metricTrend, shapeMetrics } from './metric-series.js';
import type { ExperimentStepMetrics } from './ml-workspace-api.js';

const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;

describe('shapeMetrics', () => {
  it('makes numbers logged several times a series and everything else a single value', () => {
    const shaped = shapeMetrics({
      loss: [
        { Value: 0.9, LoggedAt: at(1) },
        { Value: 0.5, LoggedAt: at(2) },
        { Value: 0.7, LoggedAt: at(3) },
      ],
      roc_auc: [{ Value: 0.71, LoggedAt: at(4) }],
      phase: [
        { Value: 'warm-up', LoggedAt: at(1) },
        { Value: 'done', LoggedAt: at(5) },
      ],
      converged: [{ Value: true, LoggedAt: at(6) }],
      empty: [],
    });
    expect(shaped.series).toEqual([
      {
        name: 'loss',
        points: [
          { index: 1, value: 0.9, loggedAt: at(1) },
          { index: 2, value: 0.5, loggedAt: at(2) },
          { index: 3, value: 0.7, loggedAt: at(3) },
        ],
        last: 0.7,
        min: 0.5,
        max: 0.9,
      },
    ]);
    // By name; a text metric shows its last value and how many it logged.
    expect(shaped.singles).toEqual([
      { name: 'converged', value: true, loggedAt: at(6), count: 1 },
      { name: 'phase', value: 'done', loggedAt: at(5), count: 2 },
      { name: 'roc_auc', value: 0.71, loggedAt: at(4), count: 1 },
    ]);
  });

  it('keeps a metric mixing numbers and text out of the charts', () => {
    const shaped = shapeMetrics({
      mixed: [
        { Value: 1, LoggedAt: at(1) },
        { Value: 'n/a', LoggedAt: at(2) },
      ],
    });
    expect(shaped.series).toEqual([]);
    expect(shaped.singles).toEqual([{ name: 'mixed', value: 'n/a', loggedAt: at(2), count: 2 }]);
  });
});

describe('metricTrend', () => {
  const across: ExperimentStepMetrics = {
    ExperimentName: 'e2e',
    StepName: 'score',
    Runs: [
      {
        RunId: 'run-3',
        PipelineName: 'p',
        Status: 'Completed',
        CreatedDate: at(30),
        Reused: true,
        StepRunId: 's3',
        Metrics: { roc_auc: [{ Value: 0.73, LoggedAt: at(31) }] },
      },
      {
        RunId: 'run-2',
        PipelineName: 'p',
        Status: 'Failed',
        CreatedDate: at(20),
        Reused: false,
        StepRunId: 's2',
        Metrics: {},
      },
      {
        RunId: 'run-1',
        PipelineName: 'p',
        Status: 'Completed',
        CreatedDate: at(10),
        Reused: false,
        StepRunId: 's1',
        Metrics: {
          roc_auc: [
            { Value: 0.6, LoggedAt: at(11) },
            { Value: 0.7, LoggedAt: at(12) },
          ],
        },
      },
    ],
  };

  it("takes each run's last value, oldest first, leaving out runs without one", () => {
    expect(metricTrend('roc_auc', across, 'run-3')).toEqual([
      { runId: 'run-1', order: 1, createdAt: at(10), value: 0.7, current: false, reused: false },
      { runId: 'run-3', order: 2, createdAt: at(30), value: 0.73, current: true, reused: true },
    ]);
    expect(metricTrend('unknown', across, 'run-3')).toEqual([]);
  });
});

describe('formatMetricValue', () => {
  it('shows integers whole, fractions to six significant digits, extremes in exponent form', () => {
    expect(formatMetricValue(1234567)).toBe('1 234 567');
    expect(formatMetricValue(0.04666666666666667)).toBe('0.0466667');
    expect(formatMetricValue(0.5)).toBe('0.5');
    expect(formatMetricValue(0.00001234)).toBe('1.234e-5');
    expect(formatMetricValue(true)).toBe('true');
    expect(formatMetricValue('done')).toBe('done');
  });
});
