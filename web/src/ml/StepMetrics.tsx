/**
 * A step's metrics: a line chart for each metric logged several times (over the order its values
 * were logged in), a table of the ones logged once with a sparkline of each across the
 * experiment's recent runs, and a full chart of one of them across runs: how a value logged once
 * per run (a run's AUC) moves from run to run.
 */
import { useId, useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type DotItemDotProps,
} from 'recharts';
import { ErrorMessage } from '../ui/ErrorMessage.js';
import { formatInstant } from '../ui/format.js';
import { useStepMetricsAcrossRuns } from './ml-queries.js';
import type { MlRun, StepRun } from './ml-workspace-api.js';
import {
  formatMetricValue,
  metricTrend,
  shapeMetrics,
  type MetricSeries,
  type TrendPoint,
} from './metric-series.js';
import { shortId } from './run-facts.js';

const LINE_COLOUR = '#1a62c7';
const CURRENT_COLOUR = '#b3261e';

function SeriesChart({ series }: { readonly series: MetricSeries }) {
  return (
    <figure className="ml-chart" aria-label={`${series.name} over ${series.points.length} values`}>
      <figcaption>
        <strong>{series.name}</strong>{' '}
        <span className="muted small">
          last {formatMetricValue(series.last)} · min {formatMetricValue(series.min)} · max{' '}
          {formatMetricValue(series.max)} · {series.points.length} values
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={series.points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
          <XAxis dataKey="index" tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} width={56} tickFormatter={formatMetricValue} />
          <Tooltip
            formatter={(value) => [formatMetricValue(Number(value)), series.name]}
            labelFormatter={(index) => `Value #${String(index)}`}
          />
          <Line
            type="monotone"
            dataKey="value"
            stroke={LINE_COLOUR}
            strokeWidth={2}
            dot={series.points.length <= 50}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

function TrendDot(props: DotItemDotProps) {
  const point = props.payload as TrendPoint;
  if (props.cx === undefined || props.cy === undefined) return null;
  return (
    <circle
      cx={props.cx}
      cy={props.cy}
      r={point.current ? 6 : 4}
      fill={point.current ? CURRENT_COLOUR : '#fff'}
      stroke={point.current ? CURRENT_COLOUR : LINE_COLOUR}
      strokeWidth={2}
    />
  );
}

function Sparkline({
  metric,
  points,
}: {
  readonly metric: string;
  readonly points: readonly TrendPoint[];
}) {
  if (points.length < 2) return <span className="muted small">only this run</span>;
  return (
    <span
      className="ml-sparkline"
      role="img"
      aria-label={`${metric} in the last ${points.length} runs: ${points.map((point) => formatMetricValue(point.value)).join(', ')}`}
    >
      <LineChart
        width={120}
        height={28}
        data={[...points]}
        margin={{ top: 7, right: 7, bottom: 7, left: 7 }}
      >
        <YAxis hide domain={['auto', 'auto']} />
        <Line
          type="monotone"
          dataKey="value"
          stroke={LINE_COLOUR}
          strokeWidth={1.5}
          dot={TrendDot}
          isAnimationActive={false}
        />
      </LineChart>
    </span>
  );
}

function TrendChart({
  metric,
  points,
  experiment,
}: {
  readonly metric: string;
  readonly points: readonly TrendPoint[];
  readonly experiment: string;
}) {
  return (
    <figure className="ml-chart" aria-label={`${metric} across runs`}>
      <figcaption>
        <strong>{metric}</strong>{' '}
        <span className="muted small">
          in the last {points.length} runs of experiment {experiment}; this run in red
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={190}>
        <LineChart data={[...points]} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
          <XAxis
            dataKey="order"
            tick={{ fontSize: 11 }}
            tickFormatter={(order: number) => shortId(points[order - 1]?.runId ?? '')}
          />
          <YAxis
            tick={{ fontSize: 11 }}
            width={56}
            domain={['auto', 'auto']}
            tickFormatter={formatMetricValue}
          />
          <Tooltip
            formatter={(value) => [formatMetricValue(Number(value)), metric]}
            labelFormatter={(order) => {
              const point = points[Number(order) - 1];
              return point === undefined
                ? ''
                : `Run ${shortId(point.runId)}${point.current ? ' (this run)' : ''} · ${formatInstant(point.createdAt)}${point.reused ? ' · reused' : ''}`;
            }}
          />
          <Line
            type="monotone"
            dataKey="value"
            stroke={LINE_COLOUR}
            strokeWidth={2}
            dot={TrendDot}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function StepMetrics({ run, step }: { readonly run: MlRun; readonly step: StepRun }) {
  const shaped = shapeMetrics(step.Metrics);
  const across = useStepMetricsAcrossRuns(
    run.RunHistoryExperimentName,
    step.Name,
    run.PipelineName,
    run.Status.Status,
  );
  const numericSingles = shaped.singles.filter((single) => typeof single.value === 'number');
  const [chosen, setChosen] = useState<string>();
  const chosenMetric = chosen ?? numericSingles[0]?.name;
  const selectId = useId();
  const trendOf = (metric: string): readonly TrendPoint[] =>
    across.data === undefined ? [] : metricTrend(metric, across.data, run.Id);

  if (shaped.series.length === 0 && shaped.singles.length === 0) {
    return (
      <p className="muted">
        This step logged no metrics. A step logs one by printing{' '}
        <code>{'##millrace {"metric": "auc", "value": 0.9}'}</code>.
      </p>
    );
  }
  return (
    <div className="ml-metrics">
      {shaped.series.map((series) => (
        <SeriesChart key={series.name} series={series} />
      ))}
      {shaped.singles.length === 0 ? null : (
        <table className="data">
          <caption className="visually-hidden">Metrics logged once</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Value</th>
              <th scope="col">Across runs</th>
            </tr>
          </thead>
          <tbody>
            {shaped.singles.map((single) => (
              <tr key={single.name}>
                <th scope="row">{single.name}</th>
                <td title={`Logged ${formatInstant(single.loggedAt)}`}>
                  <span className="mono">{formatMetricValue(single.value)}</span>
                  {single.count > 1 ? (
                    <span className="muted small"> (last of {single.count})</span>
                  ) : null}
                </td>
                <td>
                  {typeof single.value === 'number' ? (
                    <Sparkline metric={single.name} points={trendOf(single.name)} />
                  ) : (
                    <span className="muted small">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {across.error ? <ErrorMessage error={across.error} title="Metrics across runs" /> : null}
      {chosenMetric === undefined || across.data === undefined ? null : trendOf(chosenMetric)
          .length < 2 ? (
        <p className="muted small">
          Run the pipeline again in experiment {run.RunHistoryExperimentName} to chart these values
          across runs.
        </p>
      ) : (
        <div className="ml-trend">
          <label htmlFor={selectId} className="ml-inline-label">
            Chart across runs
            <select
              id={selectId}
              value={chosenMetric}
              onChange={(event) => setChosen(event.target.value)}
            >
              {numericSingles.map((single) => (
                <option key={single.name} value={single.name}>
                  {single.name}
                </option>
              ))}
            </select>
          </label>
          <TrendChart
            metric={chosenMetric}
            points={trendOf(chosenMetric)}
            experiment={run.RunHistoryExperimentName}
          />
        </div>
      )}
    </div>
  );
}
