/**
 * The factory's live run events (`…/pipelineruns/events`, `…/pipelineruns/{runId}/events`),
 * checked on receipt, and merged into what the pages already hold: a run or activity run replaces
 * the one with its id unless it is older news (a lower status rank), so an event that arrives
 * after a fresher fetch never turns a finished run back into a running one. Pure.
 */
import type { ActivityRun, Page, PipelineRun } from '../api/factory-api.js';
import type { ServerSentEvent } from './server-sent-events.js';
import { statusRank } from './run-statuses.js';

export const RunEventKinds = ['pipelineRun', 'activityRun', 'end'] as const;

export type RunEvent =
  | { readonly kind: 'pipelineRun'; readonly run: PipelineRun }
  | { readonly kind: 'activityRun'; readonly activityRun: ActivityRun }
  | { readonly kind: 'end'; readonly runId?: string; readonly status?: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasStrings(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return keys.every((key) => typeof value[key] === 'string');
}

/** The run event a server-sent event carries, or undefined for anything malformed or unknown. */
export function runEventOf(message: ServerSentEvent): RunEvent | undefined {
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return undefined;
  }
  if (!isRecord(data)) return undefined;
  switch (message.event) {
    case 'pipelineRun':
      return hasStrings(data, ['runId', 'pipelineName', 'status'])
        ? { kind: 'pipelineRun', run: data as unknown as PipelineRun }
        : undefined;
    case 'activityRun':
      return hasStrings(data, ['activityRunId', 'pipelineRunId', 'activityName', 'status'])
        ? { kind: 'activityRun', activityRun: data as unknown as ActivityRun }
        : undefined;
    case 'end':
      return {
        kind: 'end',
        ...(typeof data['runId'] === 'string' ? { runId: data['runId'] } : {}),
        ...(typeof data['status'] === 'string' ? { status: data['status'] } : {}),
      };
    default:
      return undefined;
  }
}

/** Whether `incoming` is at least as new as `current` (same id). */
function isNewer(
  current: { status: string; lastUpdated?: string | undefined },
  incoming: { status: string; lastUpdated?: string | undefined },
): boolean {
  const byRank = statusRank(incoming.status) - statusRank(current.status);
  if (byRank !== 0) return byRank > 0;
  if (current.lastUpdated !== undefined && incoming.lastUpdated !== undefined)
    return incoming.lastUpdated >= current.lastUpdated;
  return true;
}

/** The pipeline run to show after `incoming` arrives (for the same run id). */
export function mergePipelineRun(current: PipelineRun | undefined, incoming: PipelineRun) {
  return current === undefined || isNewer(current, incoming) ? incoming : current;
}

/** A run's activity runs after one arrives: replaced by id when newer, else added in start order. */
export function mergeActivityRun(
  current: readonly ActivityRun[],
  incoming: ActivityRun,
): readonly ActivityRun[] {
  const index = current.findIndex((run) => run.activityRunId === incoming.activityRunId);
  if (index >= 0) {
    const existing = current[index];
    if (existing !== undefined && !isNewer(existing, incoming)) return current;
    return current.map((run, at) => (at === index ? incoming : run));
  }
  const start = incoming.activityRunStart ?? '';
  const after = current.findIndex((run) => (run.activityRunStart ?? '') > start);
  return after < 0
    ? [...current, incoming]
    : [...current.slice(0, after), incoming, ...current.slice(after)];
}

/**
 * The runs list's pages after a run event: the run replaces its row wherever it is; a run the list
 * does not hold joins it, in RunStart DESC order, when `belongs` (it matches the filter) and it
 * falls among the runs loaded so far (older ones come with "Load more"). A held run that no
 * longer matches the filter (a status filter it left) leaves the list.
 */
export function applyRunToPages(
  pages: readonly Page<PipelineRun>[],
  incoming: PipelineRun,
  belongs: (run: PipelineRun) => boolean,
): readonly Page<PipelineRun>[] {
  const held = pages.some((page) => page.value.some((run) => run.runId === incoming.runId));
  if (held) {
    return pages.map((page) => {
      if (!page.value.some((run) => run.runId === incoming.runId)) return page;
      const value = page.value.flatMap((run) => {
        if (run.runId !== incoming.runId) return [run];
        const merged = mergePipelineRun(run, incoming);
        return belongs(merged) ? [merged] : [];
      });
      return { ...page, value };
    });
  }
  if (!belongs(incoming) || pages.length === 0) return pages;
  const start = incoming.runStart ?? '';
  const lastPage = pages.length - 1;
  for (const [pageIndex, page] of pages.entries()) {
    const at = page.value.findIndex((run) => (run.runStart ?? '') < start);
    const isEnd = pageIndex === lastPage;
    // At the end of the last page only when nothing more is left to load.
    if (at >= 0 || (isEnd && page.continuationToken === undefined)) {
      const position = at >= 0 ? at : page.value.length;
      const value = [...page.value.slice(0, position), incoming, ...page.value.slice(position)];
      return pages.map((candidate, index) =>
        index === pageIndex ? { ...page, value } : candidate,
      );
    }
  }
  return pages;
}
