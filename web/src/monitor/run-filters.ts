/**
 * The runs list's filters: what the user chose (time window, statuses, pipelines, debug or
 * triggered runs), kept in the page's URL query so that a filtered list can be shared and the
 * back button restores it, and turned into Data Factory's RunFilterParameters for
 * `queryPipelineRuns`. A live run event is matched against the same filter. Pure.
 */
import type { PipelineRun, RunQueryFilter } from '../api/factory-api.js';
import { debugRunQueryFilter, isDebugRun } from './debug-runs.js';
import { isPipelineRunStatus, type PipelineRunStatus } from './run-statuses.js';

const HOUR_MS = 3_600_000;

/** The relative windows, by their URL value. */
export const RelativeWindows = {
  '1h': { label: 'Last hour', ms: HOUR_MS },
  '24h': { label: 'Last 24 hours', ms: 24 * HOUR_MS },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * HOUR_MS },
  '30d': { label: 'Last 30 days', ms: 30 * 24 * HOUR_MS },
} as const;
export type RelativeWindow = keyof typeof RelativeWindows;
export type TimeWindow = RelativeWindow | 'custom';

export const TIME_WINDOWS: readonly TimeWindow[] = ['1h', '24h', '7d', '30d', 'custom'];

export interface RunListFilter {
  readonly window: TimeWindow;
  /** ISO 8601; with window 'custom' only. (Default: the custom range is open at that end.) */
  readonly from?: string;
  readonly to?: string;
  /** Any of these (Default: every status). */
  readonly statuses: readonly PipelineRunStatus[];
  /** Any of these (Default: every pipeline). */
  readonly pipelines: readonly string[];
  /** Debug runs (of unsaved pipelines) instead of triggered ones. (Default: false) */
  readonly debug: boolean;
}

export const DEFAULT_FILTER: RunListFilter = {
  window: '24h',
  statuses: [],
  pipelines: [],
  debug: false,
};

const QueryKeys = {
  window: 'window',
  from: 'from',
  to: 'to',
  status: 'status',
  pipeline: 'pipeline',
  debug: 'debug',
} as const;

function isTimeWindow(value: string | null): value is TimeWindow {
  return value !== null && (TIME_WINDOWS as readonly string[]).includes(value);
}

function isoOrUndefined(value: string | null): string | undefined {
  if (value === null || value === '') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** The filter a URL query says; anything unknown or malformed falls back to the default. */
export function filterFromSearch(search: URLSearchParams): RunListFilter {
  const window = search.get(QueryKeys.window);
  const from = isoOrUndefined(search.get(QueryKeys.from));
  const to = isoOrUndefined(search.get(QueryKeys.to));
  const statuses = unique(search.getAll(QueryKeys.status).filter(isPipelineRunStatus));
  const pipelines = unique(search.getAll(QueryKeys.pipeline).filter((name) => name !== ''));
  const custom = window === 'custom';
  return {
    window: isTimeWindow(window) ? window : DEFAULT_FILTER.window,
    ...(custom && from !== undefined ? { from } : {}),
    ...(custom && to !== undefined ? { to } : {}),
    statuses,
    pipelines,
    debug: search.get(QueryKeys.debug) === 'true',
  };
}

/** The URL query for a filter; defaults are left out so that the plain address means them. */
export function filterToSearch(filter: RunListFilter): URLSearchParams {
  const search = new URLSearchParams();
  if (filter.window !== DEFAULT_FILTER.window) search.set(QueryKeys.window, filter.window);
  if (filter.window === 'custom') {
    if (filter.from !== undefined) search.set(QueryKeys.from, filter.from);
    if (filter.to !== undefined) search.set(QueryKeys.to, filter.to);
  }
  for (const status of filter.statuses) search.append(QueryKeys.status, status);
  for (const pipeline of filter.pipelines) search.append(QueryKeys.pipeline, pipeline);
  if (filter.debug) search.set(QueryKeys.debug, 'true');
  return search;
}

/** A stable text for a filter, for cache keys. */
export function filterKey(filter: RunListFilter): string {
  return filterToSearch(filter).toString();
}

export interface TimeRange {
  readonly after?: string;
  readonly before?: string;
}

/** The lastUpdated window a filter means at `now`. */
export function timeRangeOf(filter: RunListFilter, now: Date): TimeRange {
  if (filter.window === 'custom') {
    return {
      ...(filter.from === undefined ? {} : { after: filter.from }),
      ...(filter.to === undefined ? {} : { before: filter.to }),
    };
  }
  return { after: new Date(now.getTime() - RelativeWindows[filter.window].ms).toISOString() };
}

/** Data Factory's RunFilterParameters, as `queryPipelineRuns` takes them. */
export interface PipelineRunQuery {
  readonly lastUpdatedAfter?: string;
  readonly lastUpdatedBefore?: string;
  readonly filters: readonly RunQueryFilter[];
  readonly orderBy: readonly { readonly orderBy: 'RunStart'; readonly order: 'DESC' }[];
  readonly continuationToken?: string;
}

export function runQueryOf(
  filter: RunListFilter,
  now: Date,
  continuationToken?: string,
): PipelineRunQuery {
  const range = timeRangeOf(filter, now);
  const filters: RunQueryFilter[] = [];
  if (filter.statuses.length > 0)
    filters.push({ operand: 'Status', operator: 'In', values: filter.statuses });
  if (filter.pipelines.length > 0)
    filters.push({ operand: 'PipelineName', operator: 'In', values: filter.pipelines });
  filters.push(debugRunQueryFilter(filter.debug));
  return {
    ...(range.after === undefined ? {} : { lastUpdatedAfter: range.after }),
    ...(range.before === undefined ? {} : { lastUpdatedBefore: range.before }),
    filters,
    orderBy: [{ orderBy: 'RunStart', order: 'DESC' }],
    ...(continuationToken === undefined ? {} : { continuationToken }),
  };
}

/** Whether a run (say, from a live event) belongs in the list the filter shows at `now`. */
export function runMatchesFilter(run: PipelineRun, filter: RunListFilter, now: Date): boolean {
  if (filter.statuses.length > 0 && !(filter.statuses as readonly string[]).includes(run.status))
    return false;
  if (
    filter.pipelines.length > 0 &&
    !filter.pipelines.some((name) => name.toLowerCase() === run.pipelineName.toLowerCase())
  )
    return false;
  if (isDebugRun(run) !== filter.debug) return false;
  const range = timeRangeOf(filter, now);
  const updated = run.lastUpdated ?? run.runEnd ?? run.runStart;
  if (updated === undefined) return true;
  if (range.after !== undefined && updated < range.after) return false;
  if (range.before !== undefined && updated >= range.before) return false;
  return true;
}

/** `2024-05-01T10:30` in the browser's time zone, for a datetime-local input. */
export function localInputValue(iso: string | undefined): string {
  if (iso === undefined) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant a datetime-local input's value means (the browser's time zone), or undefined. */
export function isoFromLocalInput(value: string): string | undefined {
  if (value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
