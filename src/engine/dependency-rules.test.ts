import { describe, expect, it } from 'vitest';
import type { Activity, DependencyCondition } from '../factory/resources.js';
import type { ActivityRunStatus } from '../store/store.js';
import {
  conditionMet,
  containerBranchFailed,
  pipelineOutcome,
  readiness,
} from './dependency-rules.js';

function activity(name: string, dependsOn: Record<string, DependencyCondition[]> = {}): Activity {
  return {
    name,
    type: 'NoOp',
    dependsOn: Object.entries(dependsOn).map(([on, dependencyConditions]) => ({
      activity: on,
      dependencyConditions,
    })),
    state: 'Active',
    onInactiveMarkAs: 'Succeeded',
    policy: {},
    userProperties: [],
    typeProperties: {},
    branches: [],
    json: {},
    source: { file: 'test', pointer: '' },
  };
}

const statuses = (map: Record<string, ActivityRunStatus>) => (name: string) => map[name];

describe('conditionMet', () => {
  it.each<[DependencyCondition, ActivityRunStatus, boolean]>([
    ['Succeeded', 'Succeeded', true],
    ['Succeeded', 'Failed', false],
    ['Failed', 'Failed', true],
    ['Skipped', 'Skipped', true],
    ['Skipped', 'Succeeded', false],
    ['Completed', 'Succeeded', true],
    ['Completed', 'Failed', true],
    ['Completed', 'Skipped', false],
    ['Completed', 'Cancelled', false],
  ])('%s on %s → %s', (condition, status, met) => {
    expect(conditionMet(condition, status)).toBe(met);
  });
});

describe('readiness', () => {
  const c = activity('C', { A: ['Succeeded'], B: ['Failed', 'Skipped'] });
  it.each<[Record<string, ActivityRunStatus>, string]>([
    [{}, 'waiting'],
    [{ A: 'Succeeded' }, 'waiting'],
    [{ A: 'Failed' }, 'skip'],
    [{ A: 'Succeeded', B: 'Failed' }, 'ready'],
    [{ A: 'Succeeded', B: 'Skipped' }, 'ready'],
    [{ A: 'Succeeded', B: 'Succeeded' }, 'skip'],
  ])('%j → %s', (map, expected) => {
    expect(readiness(c, statuses(map))).toBe(expected);
  });
  it('runs an activity without dependencies at once', () => {
    expect(readiness(activity('A'), () => undefined)).toBe('ready');
  });
});

describe('pipelineOutcome (ADF leaf rule)', () => {
  it('succeeds on try/catch: A fails, B upon failure succeeds', () => {
    const activities = [activity('A'), activity('B', { A: ['Failed'] })];
    expect(pipelineOutcome(activities, statuses({ A: 'Failed', B: 'Succeeded' }))).toEqual({
      status: 'Succeeded',
      failed: [],
    });
  });
  it('fails on do-if-else: the skipped success branch looks through to the failed parent', () => {
    const activities = [
      activity('A'),
      activity('B', { A: ['Succeeded'] }),
      activity('C', { A: ['Failed'] }),
    ];
    expect(
      pipelineOutcome(activities, statuses({ A: 'Failed', B: 'Skipped', C: 'Succeeded' })),
    ).toEqual({ status: 'Failed', failed: ['A'] });
  });
  it('looks through chains of skipped leaves', () => {
    const activities = [
      activity('A'),
      activity('B', { A: ['Succeeded'] }),
      activity('C', { B: ['Succeeded'] }),
    ];
    expect(
      pipelineOutcome(activities, statuses({ A: 'Failed', B: 'Skipped', C: 'Skipped' })).failed,
    ).toEqual(['A']);
  });
  it('fails when a leaf was cancelled', () => {
    expect(pipelineOutcome([activity('A')], statuses({ A: 'Cancelled' })).status).toBe('Failed');
  });
});

describe('containerBranchFailed', () => {
  it('names every failed activity, handled or not', () => {
    const activities = [activity('A'), activity('B', { A: ['Failed'] })];
    expect(containerBranchFailed(activities, statuses({ A: 'Failed', B: 'Succeeded' }))).toEqual([
      'A',
    ]);
  });
});
