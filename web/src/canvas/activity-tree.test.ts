import { describe, expect, it } from 'vitest';
import {
  collectNames,
  findActivity,
  getList,
  listsOf,
  mapActivities,
  namedLists,
  replaceActivity,
  ROOT_LIST,
  updateList,
  withList,
} from './activity-tree.js';
import { activity, deepFreeze, nestedPipeline } from './canvas-test-fixtures.js';

describe('activity tree', () => {
  it('reads the lists of each container type, labelled as the canvas shows them', () => {
    const pipeline = nestedPipeline();
    const labels = (name: string) =>
      listsOf(findActivity(pipeline, name)!.activity).map((list) => [list.key, list.label]);
    expect(labels('Each')).toEqual([['activities', 'Activities']]);
    expect(labels('Check')).toEqual([
      ['ifTrueActivities', 'True'],
      ['ifFalseActivities', 'False'],
    ]);
    expect(labels('Route')).toEqual([
      ['cases/0', 'a'],
      ['defaultActivities', 'Default'],
    ]);
    expect(labels('Retry')).toEqual([['activities', 'Activities']]);
    expect(labels('Lookup')).toEqual([]);
  });

  it('treats container types without regard to case, and tolerates missing lists', () => {
    const lists = listsOf({ name: 'x', type: 'ifcondition', typeProperties: {} });
    expect(lists.map((list) => [list.key, list.activities.length])).toEqual([
      ['ifTrueActivities', 0],
      ['ifFalseActivities', 0],
    ]);
    expect(listsOf({ name: 's', type: 'Switch', typeProperties: { cases: [{}] } })[0]?.label).toBe(
      'Case 1',
    );
  });

  it('finds activities at any depth with their location', () => {
    const found = findActivity(nestedPipeline(), 'Pause');
    expect(found?.location).toEqual({ container: 'Check', list: 'ifTrueActivities' });
    expect(found?.index).toBe(0);
    expect(findActivity(nestedPipeline(), 'Nobody')).toBeUndefined();
    expect(collectNames(nestedPipeline())).toEqual([
      'Lookup',
      'Each',
      'Copy',
      'Set',
      'Check',
      'Pause',
      'Route',
      'Call',
      'Stop',
      'Alert',
      'Retry',
      'Poll',
      'Nap',
    ]);
  });

  it('updates a nested list copying only the path to it', () => {
    const pipeline = deepFreeze(nestedPipeline());
    const updated = updateList(pipeline, { container: 'Route', list: 'cases/0' }, (list) => [
      ...list,
      activity('Extra', 'Wait'),
    ]);
    expect(updated).toBeDefined();
    expect(
      getList(updated!, { container: 'Route', list: 'cases/0' })?.map((a) => a['name']),
    ).toEqual(['Call', 'Extra']);
    expect(updated![0]).toBe(pipeline[0]);
    expect(updated![1]).toBe(pipeline[1]);
    expect(updated![2]).not.toBe(pipeline[2]);
    expect(
      updateList(pipeline, { container: 'Lookup', list: 'activities' }, (l) => [...l]),
    ).toBeUndefined();
    expect(
      updateList(pipeline, { container: 'Route', list: 'cases/5' }, (l) => [...l]),
    ).toBeUndefined();
  });

  it('keeps other case properties when it replaces a case list', () => {
    const route = findActivity(nestedPipeline(), 'Route')!.activity;
    const replaced = withList(route, 'cases/0', []);
    expect(replaced['typeProperties']).toMatchObject({ cases: [{ value: 'a', activities: [] }] });
  });

  it('replaces a deep activity and maps every activity bottom-up', () => {
    const pipeline = deepFreeze(nestedPipeline());
    const replaced = replaceActivity(pipeline, 'Nap', (a) => ({ ...a, description: 'zz' }));
    expect(findActivity(replaced!, 'Nap')?.activity['description']).toBe('zz');
    expect(replaceActivity(pipeline, 'Nobody', (a) => a)).toBeUndefined();
    const visited: string[] = [];
    const same = mapActivities(pipeline, (a) => {
      visited.push(String(a['name']));
      return a;
    });
    expect(same.every((entry, index) => entry === pipeline[index])).toBe(true);
    expect(visited.indexOf('Pause')).toBeLessThan(visited.indexOf('Check'));
    expect(visited.indexOf('Check')).toBeLessThan(visited.indexOf('Each'));
  });

  it('names every list for people', () => {
    expect(namedLists(nestedPipeline()).map((list) => list.label)).toEqual([
      'Pipeline',
      'Each › Activities',
      'Check › True',
      'Check › False',
      'Route › a',
      'Route › Default',
      'Retry › Activities',
    ]);
    expect(namedLists([])[0]?.location).toEqual(ROOT_LIST);
  });
});
