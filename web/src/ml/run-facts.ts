/**
 * What the ML pages say about a run beyond its fields: whether it is still going (and so worth
 * refreshing), how long it took or has taken, which factory run started it, the tail of a log.
 * Pure.
 */
import { TERMINAL_ML_RUN_STATUSES, type MlRunStatus } from './ml-workspace-api.js';

/** The tags the AzureMLExecutePipeline activity puts on the ML runs it submits. */
export const FACTORY_RUN_TAGS = {
  pipelineRunId: 'adfPipelineRunId',
  activityRunId: 'adfActivityRunId',
} as const;

/** Not Completed, Failed or Canceled yet. */
export function isActive(status: MlRunStatus): boolean {
  return !TERMINAL_ML_RUN_STATUSES.includes(status);
}

/** End − start; while it runs, now − start; undefined before it starts. */
export function elapsedMs(
  start: string | null | undefined,
  end: string | null | undefined,
  now: number,
): number | undefined {
  if (start === null || start === undefined) return undefined;
  const from = Date.parse(start);
  const to = end === null || end === undefined ? now : Date.parse(end);
  return Number.isNaN(from) || Number.isNaN(to) ? undefined : Math.max(0, to - from);
}

export interface FactoryRunReference {
  readonly pipelineRunId: string;
  readonly activityRunId?: string;
}

/** The factory run that started an ML run, from its tags; undefined when no factory did. */
export function factoryRunOf(
  tags: Readonly<Record<string, string>>,
): FactoryRunReference | undefined {
  const pipelineRunId = tags[FACTORY_RUN_TAGS.pipelineRunId];
  if (pipelineRunId === undefined || pipelineRunId === '') return undefined;
  const activityRunId = tags[FACTORY_RUN_TAGS.activityRunId];
  return {
    pipelineRunId,
    ...(activityRunId === undefined || activityRunId === '' ? {} : { activityRunId }),
  };
}

export function factoryRunPath(factory: string, pipelineRunId: string): string {
  return `/factories/${encodeURIComponent(factory)}/runs/${encodeURIComponent(pipelineRunId)}`;
}

export function mlRunPath(runId: string): string {
  return `/ml/runs/${encodeURIComponent(runId)}`;
}

/** The first 8 characters of a GUID, as lists show ids; the full id goes in a title. */
export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}

export interface LogTail {
  readonly text: string;
  /** Lines before the tail, not shown. */
  readonly hiddenLines: number;
  readonly totalLines: number;
}

/** The last `maxLines` lines of a log (a trailing newline does not count as a line). */
export function tailLines(text: string, maxLines: number): LogTail {
  if (text === '') return { text, hiddenLines: 0, totalLines: 0 };
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const lines = body.split('\n');
  if (lines.length <= maxLines) return { text, hiddenLines: 0, totalLines: lines.length };
  const kept = lines.slice(lines.length - maxLines);
  return {
    text: `${kept.join('\n')}${text.endsWith('\n') ? '\n' : ''}`,
    hiddenLines: lines.length - maxLines,
    totalLines: lines.length,
  };
}
