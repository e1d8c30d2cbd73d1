/**
 * What `millrace ml …` prints for people: compact aligned tables and the run report (each step
 * with its status, reuse or rerun reason, duration and last metric values, then the errors).
 */
import type { MlRunDetails } from '../ml/workspace/ml-workspace.js';
import type {
  MlPipelineEndpointRecord,
  MlPublishedPipelineRecord,
  MlRunRecord,
  MlStepRunRecord,
} from '../store/ml-store.js';
import { lastMetricValues, runDurationMs } from './ml-views.js';

/** Columns padded to their widest cell, two spaces apart, trailing spaces trimmed. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  return [headers, ...rows].map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

/** `850 ms`, `12.3 s`, `4 min 05 s`; `-` when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** `2026-01-31 08:15:02` (UTC, the store's instants without the noise). */
export function formatInstant(instant: string | null): string {
  return instant === null ? '-' : instant.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
}

export function pipelineTable(pipelines: readonly MlPublishedPipelineRecord[]): string[] {
  if (pipelines.length === 0) return ['No published pipelines.'];
  return formatTable(
    ['ID', 'NAME', 'VERSION', 'STATUS', 'CREATED'],
    pipelines.map((p) => [p.id, p.name, p.version, p.status, formatInstant(p.createdAt)]),
  );
}

export function endpointTable(endpoints: readonly MlPipelineEndpointRecord[]): string[] {
  if (endpoints.length === 0) return ['No pipeline endpoints.'];
  return formatTable(
    ['ID', 'NAME', 'STATUS', 'DEFAULT', 'VERSIONS', 'CREATED'],
    endpoints.map((e) => [
      e.id,
      e.name,
      e.status,
      e.defaultVersion,
      String(e.versions.length),
      formatInstant(e.createdAt),
    ]),
  );
}

export function endpointReport(endpoint: MlPipelineEndpointRecord): string[] {
  return [
    `Endpoint ${endpoint.name} (${endpoint.id})  ${endpoint.status}  default version ${endpoint.defaultVersion}`,
    ...(endpoint.description ? [`  ${endpoint.description}`] : []),
    ...formatTable(
      ['VERSION', 'PIPELINE', 'ADDED', ''],
      endpoint.versions.map((v) => [
        v.version,
        v.pipelineId,
        formatInstant(v.addedAt),
        v.version === endpoint.defaultVersion ? 'default' : '',
      ]),
    ),
  ];
}

export function pipelineReport(pipeline: MlPublishedPipelineRecord): string[] {
  const { parameters, dataPathParameters } = pipeline.interface;
  return [
    `Pipeline ${pipeline.name} version ${pipeline.version} (${pipeline.id})  ${pipeline.status}`,
    ...(pipeline.description ? [`  ${pipeline.description}`] : []),
    `  created ${formatInstant(pipeline.createdAt)}  snapshot ${pipeline.snapshotHash.slice(0, 12)}  continue on step failure: ${pipeline.continueOnStepFailure ? 'yes' : 'no'}`,
    ...(parameters.length + dataPathParameters.length === 0
      ? ['  no parameters']
      : formatTable(
          ['PARAMETER', 'TYPE', 'DEFAULT'],
          [
            ...parameters.map((p) => [p.name, p.type, p.defaultValue ?? '(required)']),
            ...dataPathParameters.map((p) => [
              p.name,
              p.dataType,
              p.defaultValue === null
                ? '(required)'
                : `${p.defaultValue.datastore}/${p.defaultValue.path}`,
            ]),
          ],
        ).map((line) => `  ${line}`)),
  ];
}

export function runTable(runs: readonly MlRunRecord[]): string[] {
  if (runs.length === 0) return ['No ML runs.'];
  return formatTable(
    ['ID', 'EXPERIMENT', 'PIPELINE', 'STATUS', 'CREATED', 'DURATION'],
    runs.map((run) => [
      run.id,
      run.experimentName,
      run.pipelineName,
      run.status,
      formatInstant(run.createdAt),
      formatDuration(runDurationMs(run)),
    ]),
  );
}

/** `reused from <run>`, `rerun: <reason>`, or '' for a step that has not run. */
export function reuseNote(step: MlStepRunRecord): string {
  if (step.reused) return `reused from ${step.reusedFromRunId ?? '?'}`;
  return step.rerunReason === null ? '' : `rerun: ${step.rerunReason}`;
}

export function metricsNote(step: MlStepRunRecord): string {
  return Object.entries(lastMetricValues(step.metrics))
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(' ');
}

export function runReport({ run, steps }: MlRunDetails): string[] {
  const parameters = Object.entries(run.parameters)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join('  ');
  const dataPaths = Object.entries(run.dataPaths)
    .map(([name, value]) => `${name}=${value.datastore}/${value.path}`)
    .join('  ');
  const failedSteps = steps.filter((step) => step.error !== null);
  return [
    `Run ${run.id}  ${run.status}`,
    `  pipeline ${run.pipelineName} (${run.pipelineId})${run.pipelineEndpointId === null ? '' : `  endpoint version ${run.endpointVersion ?? '?'}`}`,
    `  experiment ${run.experimentName}  created ${formatInstant(run.createdAt)}  duration ${formatDuration(runDurationMs(run))}`,
    ...(parameters ? [`  parameters ${parameters}`] : []),
    ...(dataPaths ? [`  data paths ${dataPaths}`] : []),
    ...formatTable(
      ['STEP', 'STATUS', 'DURATION', 'REUSE', 'METRICS'],
      steps.map((step) => [
        step.stepName,
        step.status,
        step.reused ? '-' : formatDuration(step.durationMs),
        reuseNote(step),
        metricsNote(step),
      ]),
    ).map((line) => `  ${line}`),
    ...failedSteps.map((step) => `  ${step.stepName}: ${step.error?.code}: ${step.error?.message}`),
    ...(run.error === null ? [] : [`  error ${run.error.code}: ${run.error.message}`]),
  ];
}
