/**
 * The geometry of a run's Gantt chart, framework-free: one row per activity run (each attempt its
 * own row, activity runs inside a container indented under it), a time scale from the run's start
 * to its end (or now, while it runs), bars as fractions of that scale so that any width can draw
 * them, and ticks at round steps. Pure.
 *
 * Glossary:
 * - Scope: where an activity run sits in its pipeline run: '' (the pipeline's own activities), or
 *   a path of segments such as `ForEach1[3]` (an iteration) and `If1:true` (a branch) joined by
 *   `/` (activity names cannot hold `/`, `[` or `:`).
 * - Owner: the container activity run (ForEach, Until, If, Switch) whose scope a nested run is in.
 */

export interface GanttActivityRun {
  readonly activityRunId: string;
  readonly activityName: string;
  readonly activityType?: string;
  readonly status: string;
  /** (Default: '', the pipeline's own activities) */
  readonly scope?: string;
  /** From 1. (Default: 1) */
  readonly attempt?: number;
  readonly activityRunStart?: string;
  readonly activityRunEnd?: string | null;
}

export interface GanttRow {
  readonly activityRunId: string;
  readonly activityName: string;
  readonly activityType?: string;
  readonly status: string;
  /** Where the run sits in its container: 'iteration 3', 'true', 'case gold' (empty at top level). */
  readonly detail: string;
  readonly attempt: number;
  /** 0 at top level, 1 inside a container … */
  readonly depth: number;
  readonly startMs: number;
  readonly endMs: number;
  /** The bar grows to "now": the activity run has not ended. */
  readonly running: boolean;
  /** Bar start and width as fractions of the chart's width (0 … 1). */
  readonly left: number;
  readonly width: number;
}

export interface GanttTick {
  readonly ms: number;
  readonly left: number;
  /** The offset from the chart's start: '0s', '30s', '1m 30s', '2h'. */
  readonly label: string;
}

export interface GanttLayout {
  readonly startMs: number;
  readonly endMs: number;
  readonly rows: readonly GanttRow[];
  readonly ticks: readonly GanttTick[];
}

export interface GanttOptions {
  /** Epoch ms; where bars of runs still going end. */
  readonly now: number;
  /** The pipeline run's start and end (Default: the activity runs' earliest start and latest end). */
  readonly runStart?: string | undefined;
  readonly runEnd?: string | null | undefined;
  /** At most this many ticks. (Default: 8) */
  readonly maxTicks?: number;
}

/** The shortest span the chart shows, so that a run of a few milliseconds still has bars. */
const MIN_SPAN_MS = 1000;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TICK_STEPS = [
  100,
  200,
  500,
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

export function ganttLayout(runs: readonly GanttActivityRun[], options: GanttOptions): GanttLayout {
  const timed = runs.map((run) => timesOf(run, options.now));
  const starts = timed.map((times) => times.startMs).filter(Number.isFinite);
  const ends = timed.map((times) => times.endMs).filter(Number.isFinite);
  const runStart = parseInstant(options.runStart);
  const runEnd = parseInstant(options.runEnd ?? undefined);
  const startMs = Math.min(
    ...(Number.isFinite(runStart) ? [runStart] : []),
    ...starts,
    ...(starts.length === 0 && !Number.isFinite(runStart) ? [options.now] : []),
  );
  const lastEnd = Math.max(
    ...(Number.isFinite(runEnd) ? [runEnd] : [options.now]),
    ...ends,
    startMs,
  );
  const endMs = Math.max(lastEnd, startMs + MIN_SPAN_MS);
  const span = endMs - startMs;
  const fraction = (ms: number) => clamp((ms - startMs) / span);

  const rows = orderAsTree(runs).map(({ run, depth }) => {
    const times = timesOf(run, options.now);
    const barStart = Number.isFinite(times.startMs) ? times.startMs : startMs;
    const barEnd = Number.isFinite(times.endMs) ? Math.max(times.endMs, barStart) : barStart;
    const left = fraction(barStart);
    return {
      activityRunId: run.activityRunId,
      activityName: run.activityName,
      ...(run.activityType === undefined ? {} : { activityType: run.activityType }),
      status: run.status,
      detail: scopeDetail(run.scope ?? ''),
      attempt: run.attempt ?? 1,
      depth,
      startMs: barStart,
      endMs: barEnd,
      running: times.running,
      left,
      width: Math.max(0, fraction(barEnd) - left),
    };
  });
  return { startMs, endMs, rows, ticks: ticksFor(startMs, endMs, options.maxTicks ?? 8) };
}

function parseInstant(iso: string | undefined): number {
  if (iso === undefined || iso === '') return Number.NaN;
  return Date.parse(iso);
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function timesOf(run: GanttActivityRun, now: number) {
  const startMs = parseInstant(run.activityRunStart);
  const end = parseInstant(run.activityRunEnd ?? undefined);
  const running = !Number.isFinite(end);
  return { startMs, endMs: running ? (Number.isFinite(startMs) ? now : Number.NaN) : end, running };
}

/** The segments of a scope path: `ForEach1[3]/If1:true` → ['ForEach1[3]', 'If1:true']. */
function segmentsOf(scope: string): string[] {
  return scope === '' ? [] : scope.split('/');
}

/** The container activity a scope segment belongs to: `ForEach1[3]` and `If1:true` → the name. */
function ownerNameOf(segment: string): string {
  const end = segment.search(/[[:]/);
  return end < 0 ? segment : segment.slice(0, end);
}

/** How a row says where in its container it ran. */
export function scopeDetail(scope: string): string {
  const last = segmentsOf(scope).at(-1);
  if (last === undefined) return '';
  const iteration = /\[(\d+)\]$/.exec(last);
  if (iteration !== null) return `iteration ${iteration[1]}`;
  const branch = last.slice(last.indexOf(':') + 1);
  return branch.replace(':', ' ');
}

function iterationIndex(scope: string): number {
  const match = /\[(\d+)\]$/.exec(segmentsOf(scope).at(-1) ?? '');
  return match === null ? -1 : Number(match[1]);
}

function startOf(run: GanttActivityRun): string {
  return run.activityRunStart ?? '';
}

function compareRuns(a: GanttActivityRun, b: GanttActivityRun): number {
  return (
    iterationIndex(a.scope ?? '') - iterationIndex(b.scope ?? '') ||
    startOf(a).localeCompare(startOf(b)) ||
    (a.attempt ?? 1) - (b.attempt ?? 1) ||
    a.activityName.localeCompare(b.activityName)
  );
}

/**
 * The owner of each nested run: among the container's runs in the parent scope, the latest attempt
 * that started no later than the nested run (a retried container's children belong to the attempt
 * that ran them).
 */
function ownerOf(
  run: GanttActivityRun,
  byNameAndScope: ReadonlyMap<string, readonly GanttActivityRun[]>,
): GanttActivityRun | undefined {
  const segments = segmentsOf(run.scope ?? '');
  const last = segments.at(-1);
  if (last === undefined) return undefined;
  const candidates = byNameAndScope.get(key(ownerNameOf(last), segments.slice(0, -1).join('/')));
  if (candidates === undefined || candidates.length === 0) return undefined;
  const started = candidates.filter((candidate) => startOf(candidate) <= startOf(run));
  return (started.length > 0 ? started : candidates).at(-1);
}

function key(name: string, scope: string): string {
  return `${scope}\u0000${name}`;
}

/** Depth-first: each run, then the runs inside it, siblings in start order. */
function orderAsTree(
  runs: readonly GanttActivityRun[],
): { readonly run: GanttActivityRun; readonly depth: number }[] {
  const byNameAndScope = new Map<string, GanttActivityRun[]>();
  for (const run of [...runs].sort(compareRuns)) {
    const runKey = key(run.activityName, run.scope ?? '');
    byNameAndScope.set(runKey, [...(byNameAndScope.get(runKey) ?? []), run]);
  }
  const children = new Map<string, GanttActivityRun[]>();
  const roots: GanttActivityRun[] = [];
  for (const run of runs) {
    const owner = ownerOf(run, byNameAndScope);
    if (owner === undefined || owner.activityRunId === run.activityRunId) roots.push(run);
    else children.set(owner.activityRunId, [...(children.get(owner.activityRunId) ?? []), run]);
  }
  const ordered: { run: GanttActivityRun; depth: number }[] = [];
  const visit = (run: GanttActivityRun, depth: number) => {
    ordered.push({ run, depth });
    for (const child of [...(children.get(run.activityRunId) ?? [])].sort(compareRuns))
      visit(child, depth + 1);
  };
  for (const root of roots.sort(compareRuns))
    // A run whose owner is missing (not loaded yet) keeps its nesting depth.
    visit(root, segmentsOf(root.scope ?? '').length);
  return ordered;
}

/** Ticks at the smallest round step that keeps their number at most `maxTicks`, from 0. */
export function ticksFor(startMs: number, endMs: number, maxTicks: number): GanttTick[] {
  const span = endMs - startMs;
  if (!(span > 0) || maxTicks < 1) return [];
  const step =
    TICK_STEPS.find((candidate) => Math.floor(span / candidate) + 1 <= maxTicks) ??
    Math.ceil(span / Math.max(1, maxTicks - 1) / DAY) * DAY;
  const ticks: GanttTick[] = [];
  for (let offset = 0; offset <= span; offset += step) {
    ticks.push({ ms: startMs + offset, left: offset / span, label: formatOffset(offset) });
  }
  return ticks;
}

/** An offset from the chart's start, short: '0s', '500ms', '1.5s', '45s', '1m 30s', '2h 15m', '1d 6h'. */
export function formatOffset(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < SECOND) return `${Math.round(ms)}ms`;
  if (ms < MINUTE) return `${Number((ms / SECOND).toFixed(ms < 10 * SECOND ? 1 : 0))}s`;
  const parts: [number, string][] = [
    [Math.floor(ms / DAY), 'd'],
    [Math.floor((ms % DAY) / HOUR), 'h'],
    [Math.floor((ms % HOUR) / MINUTE), 'm'],
    [Math.round((ms % MINUTE) / SECOND), 's'],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  return parts
    .slice(first, first + 2)
    .filter(([value]) => value > 0)
    .map(([value, unit]) => `${value}${unit}`)
    .join(' ');
}
