/**
 * A step's metrics shaped for drawing: a metric logged several times with numbers is a series
 * (a line over the order it was logged in); one logged once, or with text values, is a single
 * value for the table. And a metric across an experiment's runs, oldest first, as a trend. Pure.
 */
import type { ExperimentStepMetrics, MetricValues } from './ml-workspace-api.js';

export interface SeriesPoint {
  /** 1 for the first value logged. */
  readonly index: number;
  readonly value: number;
  readonly loggedAt: string;
}

export interface MetricSeries {
  readonly name: string;
  readonly points: readonly SeriesPoint[];
  readonly last: number;
  readonly min: number;
  readonly max: number;
}

export interface SingleMetric {
  readonly name: string;
  /** The last value logged. */
  readonly value: number | string | boolean;
  readonly loggedAt: string;
  /** How many values were logged (text metrics may have several). */
  readonly count: number;
}

export interface ShapedMetrics {
  readonly series: readonly MetricSeries[];
  readonly singles: readonly SingleMetric[];
}

export function shapeMetrics(metrics: MetricValues): ShapedMetrics {
  const series: MetricSeries[] = [];
  const singles: SingleMetric[] = [];
  for (const name of Object.keys(metrics).sort((a, b) => a.localeCompare(b))) {
    const values = metrics[name] ?? [];
    const last = values.at(-1);
    if (last === undefined) continue;
    const numeric = values.every((value) => typeof value.Value === 'number');
    if (numeric && values.length > 1) {
      const numbers = values.map((value) => value.Value as number);
      series.push({
        name,
        points: values.map((value, index) => ({
          index: index + 1,
          value: value.Value as number,
          loggedAt: value.LoggedAt,
        })),
        last: numbers.at(-1) ?? 0,
        min: Math.min(...numbers),
        max: Math.max(...numbers),
      });
    } else {
      singles.push({ name, value: last.Value, loggedAt: last.LoggedAt, count: values.length });
    }
  }
  return { series, singles };
}

export interface TrendPoint {
  readonly runId: string;
  /** 1 for the oldest run shown. */
  readonly order: number;
  readonly createdAt: string;
  readonly value: number;
  /** The run the page shows. */
  readonly current: boolean;
  readonly reused: boolean;
}

/**
 * A metric's last numeric value in each run, oldest first; runs where the step logged no number
 * for it are left out.
 */
export function metricTrend(
  metric: string,
  across: ExperimentStepMetrics,
  currentRunId: string,
): readonly TrendPoint[] {
  const points: Omit<TrendPoint, 'order'>[] = [];
  for (const run of [...across.Runs].reverse()) {
    const value = run.Metrics[metric]?.at(-1)?.Value;
    if (typeof value !== 'number') continue;
    points.push({
      runId: run.RunId,
      createdAt: run.CreatedDate,
      value,
      current: run.RunId === currentRunId,
      reused: run.Reused,
    });
  }
  return points.map((point, index) => ({ ...point, order: index + 1 }));
}

/** Numbers as a metric table shows them: up to 6 significant digits, no trailing zeros. */
export function formatMetricValue(value: number | string | boolean): string {
  if (typeof value !== 'number') return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US').replace(/,/g, ' ');
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return value.toExponential(3);
  return String(Number(value.toPrecision(6)));
}
