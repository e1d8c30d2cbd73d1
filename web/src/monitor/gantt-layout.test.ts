import { describe, expect, it } from 'vitest';
import {
  formatOffset,
  ganttLayout,
  scopeDetail,
  ticksFor,
  type GanttActivityRun,
} from './gantt-layout.js';

const T0 = Date.parse('2024-05-10T12:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function activityRun(
  id: string,
  start: number,
  end: number | null,
  extra: Partial<GanttActivityRun> = {},
): GanttActivityRun {
  return {
    activityRunId: id,
    activityName: id,
    status: end === null ? 'InProgress' : 'Succeeded',
    activityRunStart: at(start),
    activityRunEnd: end === null ? null : at(end),
    ...extra,
  };
}

describe('the Gantt scale', () => {
  it('spans the run and places bars as fractions of it', () => {
    const layout = ganttLayout([activityRun('A', 0, 25), activityRun('B', 25, 100)], {
      now: T0 + 500_000,
      runStart: at(0),
      runEnd: at(100),
    });
    expect(layout.startMs).toBe(T0);
    expect(layout.endMs).toBe(T0 + 100_000);
    expect(layout.rows.map((row) => [row.activityName, row.left, row.width])).toEqual([
      ['A', 0, 0.25],
      ['B', 0.25, 0.75],
    ]);
  });

  it('grows a running bar, and the chart, to now', () => {
    const layout = ganttLayout([activityRun('A', 0, 10), activityRun('B', 10, null)], {
      now: T0 + 40_000,
      runStart: at(0),
    });
    expect(layout.endMs).toBe(T0 + 40_000);
    const running = layout.rows[1];
    expect(running?.running).toBe(true);
    expect(running?.endMs).toBe(T0 + 40_000);
    expect(running?.left).toBe(0.25);
    expect(running?.width).toBe(0.75);
  });

  it('shows at least a second, so instant runs still have a scale', () => {
    const layout = ganttLayout([activityRun('A', 0, 0)], { now: T0 + 99_000, runEnd: at(0) });
    expect(layout.endMs - layout.startMs).toBe(1000);
    expect(layout.rows[0]?.width).toBe(0);
  });

  it('starts at now with no activity runs and no run start', () => {
    const layout = ganttLayout([], { now: T0 });
    expect(layout.startMs).toBe(T0);
    expect(layout.rows).toEqual([]);
  });
});

describe('Gantt rows', () => {
  it('gives each attempt its own row, in start order', () => {
    const layout = ganttLayout(
      [
        activityRun('Call#2', 30, 40, { activityName: 'Call', attempt: 2 }),
        activityRun('Call#1', 0, 20, { activityName: 'Call', attempt: 1, status: 'Failed' }),
      ],
      { now: T0 + 40_000 },
    );
    expect(layout.rows.map((row) => [row.activityRunId, row.attempt, row.status])).toEqual([
      ['Call#1', 1, 'Failed'],
      ['Call#2', 2, 'Succeeded'],
    ]);
  });

  it('indents nested runs under their container, iterations in order, branches nested deeper', () => {
    const layout = ganttLayout(
      [
        activityRun('After', 50, 60),
        activityRun('Loop', 0, 50, { activityType: 'ForEach' }),
        activityRun('Step-1', 5, 9, { activityName: 'Step', scope: 'Loop[1]' }),
        activityRun('Step-0', 6, 8, { activityName: 'Step', scope: 'Loop[0]' }),
        activityRun('If-0', 10, 20, { activityName: 'Check', scope: 'Loop[0]' }),
        activityRun('Deep', 11, 12, { activityName: 'Deep', scope: 'Loop[0]/Check:true' }),
      ],
      { now: T0 + 60_000 },
    );
    expect(layout.rows.map((row) => [row.activityRunId, row.depth, row.detail])).toEqual([
      ['Loop', 0, ''],
      ['Step-0', 1, 'iteration 0'],
      ['If-0', 1, 'iteration 0'],
      ['Deep', 2, 'true'],
      ['Step-1', 1, 'iteration 1'],
      ['After', 0, ''],
    ]);
  });

  it('puts the children of a retried container under the attempt that ran them', () => {
    const layout = ganttLayout(
      [
        activityRun('Loop#1', 0, 10, { activityName: 'Loop', attempt: 1, status: 'Failed' }),
        activityRun('Loop#2', 20, 30, { activityName: 'Loop', attempt: 2 }),
        activityRun('Inner-a', 1, 2, { activityName: 'Inner', scope: 'Loop[0]' }),
        activityRun('Inner-b', 21, 22, { activityName: 'Inner', scope: 'Loop[0]' }),
      ],
      { now: T0 + 30_000 },
    );
    expect(layout.rows.map((row) => row.activityRunId)).toEqual([
      'Loop#1',
      'Inner-a',
      'Loop#2',
      'Inner-b',
    ]);
  });

  it('keeps the depth of a nested run whose container has not arrived yet', () => {
    const layout = ganttLayout([activityRun('Inner', 1, 2, { scope: 'Sw:case:gold' })], {
      now: T0,
    });
    expect(layout.rows[0]?.depth).toBe(1);
    expect(layout.rows[0]?.detail).toBe('case gold');
  });
});

describe('ticks', () => {
  it('uses the smallest round step that fits the count, from the start', () => {
    const ticks = ticksFor(T0, T0 + 100_000, 8);
    expect(ticks.map((tick) => tick.label)).toEqual([
      '0s',
      '15s',
      '30s',
      '45s',
      '1m',
      '1m 15s',
      '1m 30s',
    ]);
    expect(ticks[1]?.left).toBeCloseTo(0.15);
    expect(ticks.every((tick) => tick.left >= 0 && tick.left <= 1)).toBe(true);
  });

  it('steps in hours and days over long runs, and gives none for an empty span', () => {
    expect(ticksFor(T0, T0 + 5 * 3_600_000, 6).map((tick) => tick.label)).toEqual([
      '0s',
      '1h',
      '2h',
      '3h',
      '4h',
      '5h',
    ]);
    expect(ticksFor(T0, T0 + 30 * 86_400_000, 8).length).toBeLessThanOrEqual(8);
    expect(ticksFor(T0, T0, 8)).toEqual([]);
  });

  it('formats offsets briefly', () => {
    expect(formatOffset(0)).toBe('0s');
    expect(formatOffset(500)).toBe('500ms');
    expect(formatOffset(1500)).toBe('1.5s');
    expect(formatOffset(2000)).toBe('2s');
    expect(formatOffset(45_000)).toBe('45s');
    expect(formatOffset(90_000)).toBe('1m 30s');
    expect(formatOffset(3_600_000 + 15 * 60_000)).toBe('1h 15m');
    expect(formatOffset(86_400_000 + 6 * 3_600_000)).toBe('1d 6h');
    expect(formatOffset(3_600_000 + 5_000)).toBe('1h');
  });

  it('names where a nested run sits', () => {
    expect(scopeDetail('')).toBe('');
    expect(scopeDetail('Loop[3]')).toBe('iteration 3');
    expect(scopeDetail('Loop[3]/If1:false')).toBe('false');
    expect(scopeDetail('Sw:default')).toBe('default');
  });
});
