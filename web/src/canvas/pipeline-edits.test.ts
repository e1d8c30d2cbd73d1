import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/factory-api.js';
import { collectNames, findActivity, getList, ROOT_LIST } from './activity-tree.js';
import { activity, deepFreeze, nestedPipeline } from './canvas-test-fixtures.js';
import {
  activityNameProblem,
  addActivity,
  connect,
  connectionProblem,
  deleteActivity,
  EditErrorCode,
  moveActivity,
  removeDependency,
  renameActivity,
  setConditions,
  uniqueActivityName,
  type EditResult,
} from './pipeline-edits.js';

/** A frozen pipeline (edits that mutate throw) and its JSON, to check it did not change. */
function frozen(activities: JsonObject[] = nestedPipeline()) {
  const before = JSON.stringify(activities);
  return {
    activities: deepFreeze(activities),
    unchanged: () => JSON.stringify(activities) === before,
  };
}

function ok(
  result: EditResult | { ok: true; activities: JsonObject[] } | { ok: false },
): JsonObject[] {
  if (!result.ok) throw new Error(`edit refused: ${JSON.stringify(result)}`);
  return result.activities;
}

function dependsOn(activities: readonly JsonObject[], name: string) {
  return findActivity(activities, name)?.activity['dependsOn'];
}

function errorCode(result: EditResult): string | undefined {
  return result.ok ? undefined : result.error.code;
}

describe('names', () => {
  it('numbers new names from 1 like Studio, across the whole tree, ignoring case', () => {
    expect(uniqueActivityName([], 'Copy data')).toBe('Copy data1');
    const pipeline = [
      activity('copy data1', 'Copy'),
      activity('F', 'ForEach', {}, { activities: [activity('Copy data2', 'Copy')] }),
    ];
    expect(uniqueActivityName(pipeline, 'Copy data')).toBe('Copy data3');
  });

  it('checks names as ADF does', () => {
    expect(activityNameProblem('Copy data1')).toBeUndefined();
    expect(activityNameProblem('  ')).toMatch(/needs a name/);
    expect(activityNameProblem('a'.repeat(56))).toMatch(/at most 55/);
    expect(activityNameProblem('a.b:c')).toMatch(/"\."/);
  });
});

describe('addActivity', () => {
  it('adds at the end of the root list with a Studio name and starting JSON', () => {
    const { activities, unchanged } = frozen();
    const result = addActivity(activities, 'Copy');
    expect(result.ok && result.name).toBe('Copy data1');
    const added = ok(result).at(-1);
    expect(added).toMatchObject({ name: 'Copy data1', type: 'Copy', dependsOn: [] });
    expect(added?.['policy']).toMatchObject({ timeout: '0.12:00:00', retry: 0 });
    expect(unchanged()).toBe(true);
  });

  it('adds inside a container branch', () => {
    const { activities, unchanged } = frozen();
    const location = { container: 'Check', list: 'ifFalseActivities' } as const;
    const result = addActivity(activities, 'Wait', location);
    expect(result.ok && result.name).toBe('Wait1');
    expect(getList(ok(result), location)?.map((a) => a['name'])).toEqual(['Wait1']);
    expect(findActivity(ok(result), 'Wait1')?.activity['typeProperties']).toEqual({
      waitTimeInSeconds: 1,
    });
    expect(unchanged()).toBe(true);
  });

  it('gives containers empty lists so that they open', () => {
    const result = addActivity([], 'IfCondition');
    expect(ok(result)[0]?.['typeProperties']).toMatchObject({
      ifTrueActivities: [],
      ifFalseActivities: [],
    });
    expect(result.ok && result.name).toBe('If Condition1');
  });

  it('names the ML activity as Studio does', () => {
    const result = addActivity([], 'AzureMLExecutePipeline');
    expect(result.ok && result.name).toBe('Machine Learning Execute Pipeline1');
  });

  it('refuses a taken or invalid name and a missing list', () => {
    const { activities } = frozen();
    expect(errorCode(addActivity(activities, 'Wait', ROOT_LIST, 'lookup'))).toBe(
      EditErrorCode.NameTaken,
    );
    expect(errorCode(addActivity(activities, 'Wait', ROOT_LIST, 'a/b'))).toBe(
      EditErrorCode.InvalidName,
    );
    expect(
      errorCode(addActivity(activities, 'Wait', { container: 'Lookup', list: 'activities' })),
    ).toBe(EditErrorCode.ListNotFound);
    expect(
      errorCode(addActivity(activities, 'Wait', { container: 'Ghost', list: 'activities' })),
    ).toBe(EditErrorCode.ListNotFound);
  });
});

describe('connect', () => {
  it('adds a Succeeded dependency by default, another condition when asked', () => {
    const { activities, unchanged } = frozen();
    const result = connect(activities, 'Lookup', 'Retry');
    expect(dependsOn(ok(result), 'Retry')).toEqual([
      { activity: 'Lookup', dependencyConditions: ['Succeeded'] },
    ]);
    const inner = connect(activities, 'Set', 'Check', 'Completed');
    expect(dependsOn(ok(inner), 'Check')).toEqual([
      { activity: 'Copy', dependencyConditions: ['Failed', 'Skipped'] },
      { activity: 'Set', dependencyConditions: ['Completed'] },
    ]);
    expect(unchanged()).toBe(true);
  });

  it('refuses a self dependency, different containers, duplicates and cycles', () => {
    const { activities, unchanged } = frozen();
    expect(errorCode(connect(activities, 'Lookup', 'Lookup'))).toBe(EditErrorCode.SelfDependency);
    expect(errorCode(connect(activities, 'Lookup', 'Copy'))).toBe(
      EditErrorCode.DifferentContainers,
    );
    expect(errorCode(connect(activities, 'Pause', 'Call'))).toBe(EditErrorCode.DifferentContainers);
    expect(errorCode(connect(activities, 'Lookup', 'Each'))).toBe(
      EditErrorCode.DuplicateDependency,
    );
    expect(errorCode(connect(activities, 'Route', 'Lookup'))).toBe(EditErrorCode.DependencyCycle);
    expect(errorCode(connect(activities, 'Each', 'Lookup'))).toBe(EditErrorCode.DependencyCycle);
    expect(errorCode(connect(activities, 'Ghost', 'Lookup'))).toBe(EditErrorCode.ActivityNotFound);
    const refused = connect(activities, 'Route', 'Lookup');
    expect(refused.ok ? '' : refused.error.message).toMatch(/cycle/);
    expect(unchanged()).toBe(true);
  });

  it('tells the same through connectionProblem, for the canvas to check while dragging', () => {
    const { activities } = frozen();
    expect(connectionProblem(activities, 'Alert', 'Retry')).toBeUndefined();
    expect(connectionProblem(activities, 'Nap', 'Poll')?.code).toBe(EditErrorCode.DependencyCycle);
  });
});

describe('conditions and dependency removal', () => {
  it('sets conditions in the canonical order without duplicates', () => {
    const { activities, unchanged } = frozen();
    const result = setConditions(activities, { from: 'Lookup', to: 'Each' }, [
      'Skipped',
      'Succeeded',
      'Skipped',
    ]);
    expect(dependsOn(ok(result), 'Each')).toEqual([
      { activity: 'Lookup', dependencyConditions: ['Succeeded', 'Skipped'] },
    ]);
    expect(unchanged()).toBe(true);
  });

  it('refuses no conditions and a dependency that does not exist', () => {
    const { activities } = frozen();
    expect(errorCode(setConditions(activities, { from: 'Lookup', to: 'Each' }, []))).toBe(
      EditErrorCode.NoConditions,
    );
    expect(errorCode(setConditions(activities, { from: 'Alert', to: 'Each' }, ['Failed']))).toBe(
      EditErrorCode.DependencyNotFound,
    );
  });

  it('removes one dependency and keeps the others', () => {
    const { activities, unchanged } = frozen();
    const withTwo = ok(connect(activities, 'Set', 'Check'));
    const result = removeDependency(withTwo, { from: 'Copy', to: 'Check' });
    expect(dependsOn(ok(result), 'Check')).toEqual([
      { activity: 'Set', dependencyConditions: ['Succeeded'] },
    ]);
    expect(errorCode(removeDependency(activities, { from: 'Copy', to: 'Lookup' }))).toBe(
      EditErrorCode.DependencyNotFound,
    );
    expect(unchanged()).toBe(true);
  });
});

describe('deleteActivity', () => {
  it('removes the activity and the dependencies on it', () => {
    const { activities, unchanged } = frozen();
    const result = ok(deleteActivity(activities, 'Lookup'));
    expect(collectNames(result)).not.toContain('Lookup');
    expect(dependsOn(result, 'Each')).toEqual([]);
    expect(dependsOn(result, 'Alert')).toEqual([]);
    expect(result.find((a) => a['name'] === 'Retry')).toBe(activities[4]);
    expect(unchanged()).toBe(true);
  });

  it('removes a container with everything inside it', () => {
    const { activities } = frozen();
    const result = ok(deleteActivity(activities, 'Each'));
    for (const gone of ['Each', 'Copy', 'Set', 'Check', 'Pause']) {
      expect(collectNames(result)).not.toContain(gone);
    }
    expect(dependsOn(result, 'Route')).toEqual([]);
  });

  it('removes an inner activity and the inner dependencies on it', () => {
    const { activities } = frozen();
    const result = ok(deleteActivity(activities, 'Copy'));
    expect(dependsOn(result, 'Set')).toEqual([]);
    expect(dependsOn(result, 'Check')).toEqual([]);
    expect(errorCode(deleteActivity(activities, 'Ghost'))).toBe(EditErrorCode.ActivityNotFound);
  });
});

describe('renameActivity', () => {
  it('renames and updates dependsOn and activity() references in expressions', () => {
    const pipeline = nestedPipeline();
    pipeline.push(
      activity(
        'Report',
        'WebActivity',
        { Lookup: ['Succeeded'] },
        {
          body: "@{activity('Lookup').output.count} rows; @{activity('Other').output}",
          url: "@concat('x', ACTIVITY( 'Lookup' ).output.firstRow.id)",
          literal: "activity('Lookup') is only text",
        },
      ),
    );
    const { activities, unchanged } = frozen(pipeline);
    const result = ok(renameActivity(activities, 'Lookup', "Read 'em"));
    expect(collectNames(result)).toContain("Read 'em");
    expect(dependsOn(result, 'Each')).toEqual([
      { activity: "Read 'em", dependencyConditions: ['Succeeded'] },
    ]);
    expect(dependsOn(result, 'Alert')).toEqual([
      { activity: "Read 'em", dependencyConditions: ['Failed'] },
    ]);
    expect(findActivity(result, 'Each')?.activity['typeProperties']).toMatchObject({
      items: { value: "@activity('Read ''em').output.value" },
    });
    expect(findActivity(result, 'Report')?.activity['typeProperties']).toEqual({
      body: "@{activity('Read ''em').output.count} rows; @{activity('Other').output}",
      url: "@concat('x', activity('Read ''em').output.firstRow.id)",
      literal: "activity('Lookup') is only text",
    });
    expect(result.find((a) => a['name'] === 'Retry')).toBe(activities[4]);
    expect(unchanged()).toBe(true);
  });

  it('renames a nested activity and its sibling references', () => {
    const result = ok(renameActivity(frozen().activities, 'Copy', 'Copy rows'));
    expect(dependsOn(result, 'Set')).toEqual([
      { activity: 'Copy rows', dependencyConditions: ['Succeeded'] },
    ]);
  });

  it('refuses a taken or invalid name, allows changing the case of its own', () => {
    const { activities } = frozen();
    expect(errorCode(renameActivity(activities, 'Copy', 'alert'))).toBe(EditErrorCode.NameTaken);
    expect(errorCode(renameActivity(activities, 'Copy', 'a*b'))).toBe(EditErrorCode.InvalidName);
    expect(errorCode(renameActivity(activities, 'Ghost', 'x'))).toBe(
      EditErrorCode.ActivityNotFound,
    );
    expect(collectNames(ok(renameActivity(activities, 'Copy', 'COPY')))).toContain('COPY');
  });
});

describe('moveActivity', () => {
  it('moves into another list, dropping the dependencies that crossed lists', () => {
    const { activities, unchanged } = frozen();
    const target = { container: 'Route', list: 'defaultActivities' } as const;
    const result = ok(moveActivity(activities, 'Copy', target));
    expect(getList(result, target)?.map((a) => a['name'])).toEqual(['Stop', 'Copy']);
    expect(dependsOn(result, 'Set')).toEqual([]);
    expect(dependsOn(result, 'Copy')).toEqual([]);
    expect(unchanged()).toBe(true);
  });

  it('refuses moving a container into itself or its own branches', () => {
    const { activities } = frozen();
    expect(
      errorCode(moveActivity(activities, 'Each', { container: 'Each', list: 'activities' })),
    ).toBe(EditErrorCode.MoveIntoItself);
    expect(
      errorCode(moveActivity(activities, 'Each', { container: 'Check', list: 'ifTrueActivities' })),
    ).toBe(EditErrorCode.MoveIntoItself);
    expect(
      errorCode(moveActivity(activities, 'Lookup', { container: 'Alert', list: 'activities' })),
    ).toBe(EditErrorCode.ListNotFound);
  });
});
