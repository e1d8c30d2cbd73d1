import { describe, expect, it } from 'vitest';
import { activity, nestedPipeline } from './canvas-test-fixtures.js';
import {
  buildPipelineGraph,
  PipelineGraphCache,
  type GraphActivityNode,
  type GraphBranchNode,
} from './pipeline-graph.js';

describe('buildPipelineGraph', () => {
  it('makes one node per activity, with branch nodes for each opened list', () => {
    const graph = buildPipelineGraph(nestedPipeline());
    expect(graph.nodes.map((node) => [node.kind, node.id, node.parentId ?? null])).toEqual([
      ['activity', 'Lookup', null],
      ['activity', 'Each', null],
      ['branch', 'Each:activities', 'Each'],
      ['activity', 'Copy', 'Each:activities'],
      ['activity', 'Set', 'Each:activities'],
      ['activity', 'Check', 'Each:activities'],
      ['branch', 'Check:ifTrueActivities', 'Check'],
      ['activity', 'Pause', 'Check:ifTrueActivities'],
      ['branch', 'Check:ifFalseActivities', 'Check'],
      ['activity', 'Route', null],
      ['branch', 'Route:cases/0', 'Route'],
      ['activity', 'Call', 'Route:cases/0'],
      ['branch', 'Route:defaultActivities', 'Route'],
      ['activity', 'Stop', 'Route:defaultActivities'],
      ['activity', 'Alert', null],
      ['activity', 'Retry', null],
      ['branch', 'Retry:activities', 'Retry'],
      ['activity', 'Poll', 'Retry:activities'],
      ['activity', 'Nap', 'Retry:activities'],
    ]);
  });

  it('puts every parent before its children', () => {
    const graph = buildPipelineGraph(nestedPipeline());
    const seen = new Set<string>();
    for (const node of graph.nodes) {
      if (node.parentId !== undefined) expect(seen.has(node.parentId)).toBe(true);
      seen.add(node.id);
    }
  });

  it('labels branches True, False, case values and Default', () => {
    const branches = buildPipelineGraph(nestedPipeline()).nodes.filter(
      (node): node is GraphBranchNode => node.kind === 'branch',
    );
    expect(branches.map((branch) => branch.label)).toEqual([
      'Activities',
      'True',
      'False',
      'a',
      'Default',
      'Activities',
    ]);
    expect(branches[1]?.location).toEqual({ container: 'Check', list: 'ifTrueActivities' });
  });

  it('makes one edge per dependency with all its conditions, inside containers too', () => {
    const graph = buildPipelineGraph(nestedPipeline());
    expect(graph.edges.map((edge) => [edge.id, edge.conditions])).toEqual([
      ['Lookup->Each', ['Succeeded']],
      ['Each->Route', ['Completed']],
      ['Lookup->Alert', ['Failed']],
      ['Copy->Set', ['Succeeded']],
      ['Copy->Check', ['Failed', 'Skipped']],
      ['Poll->Nap', ['Succeeded']],
    ]);
    expect(graph.lists.find((list) => list.id === 'Each:activities')?.edgeIds).toEqual([
      'Copy->Set',
      'Copy->Check',
    ]);
  });

  it('normalises conditions and merges a dependency listed twice', () => {
    const graph = buildPipelineGraph([
      activity('A', 'Wait'),
      {
        ...activity('B', 'Wait'),
        dependsOn: [
          { activity: 'A', dependencyConditions: ['failed', 'Bogus'] },
          { activity: 'A', dependencyConditions: ['Succeeded'] },
        ],
      },
    ]);
    expect(graph.edges).toEqual([
      { id: 'A->B', source: 'A', target: 'B', conditions: ['Succeeded', 'Failed'] },
    ]);
  });

  it('draws closed containers without their inside', () => {
    const graph = buildPipelineGraph(nestedPipeline(), { collapsed: new Set(['Each']) });
    const each = graph.nodes.find((node) => node.id === 'Each') as GraphActivityNode;
    expect(each.container).toEqual({
      collapsed: true,
      branchIds: [],
      innerCount: 4,
      innerNames: ['Copy', 'Set', 'Check', 'Pause'],
    });
    expect(graph.nodes.some((node) => node.id === 'Copy' || node.id === 'Each:activities')).toBe(
      false,
    );
    expect(graph.edges.some((edge) => edge.id === 'Copy->Set')).toBe(false);
  });

  it('reports what it cannot draw instead of failing', () => {
    const graph = buildPipelineGraph([
      activity('A', 'Wait', { Ghost: ['Succeeded'], A: ['Succeeded'] }),
      activity('A', 'Wait'),
      { type: 'Wait' },
      activity(
        'F',
        'ForEach',
        {},
        { activities: [activity('Inner', 'Wait', { A: ['Succeeded'] })] },
      ),
    ]);
    expect(graph.nodes.filter((node) => node.kind === 'activity').map((node) => node.id)).toEqual([
      'A',
      'F',
      'Inner',
    ]);
    expect(graph.skipped.map((skip) => [skip.reason, skip.name])).toEqual([
      ['DuplicateName', 'A'],
      ['NoName', undefined],
    ]);
    expect(graph.unresolved).toEqual([
      { from: 'Ghost', to: 'A' },
      { from: 'A', to: 'A' },
      { from: 'A', to: 'Inner' },
    ]);
    expect(graph.edges).toEqual([]);
  });

  it('has keys that change with the structure, and with what is drawn', () => {
    const base = buildPipelineGraph(nestedPipeline());
    const described = nestedPipeline().map((a) => ({ ...a, description: 'changed' }));
    expect(buildPipelineGraph(described).contentKey).toBe(base.contentKey);
    const retyped = nestedPipeline().map((a) =>
      a['name'] === 'Alert' ? { ...a, type: 'Wait' } : a,
    );
    expect(buildPipelineGraph(retyped).structureKey).toBe(base.structureKey);
    expect(buildPipelineGraph(retyped).contentKey).not.toBe(base.contentKey);
    const closed = buildPipelineGraph(nestedPipeline(), { collapsed: new Set(['Retry']) });
    expect(closed.structureKey).not.toBe(base.structureKey);
  });

  it('keeps returning the same graph while the activities draw the same', () => {
    const cache = new PipelineGraphCache();
    const first = cache.build(nestedPipeline());
    expect(cache.build(nestedPipeline().map((a) => ({ ...a, description: 'x' })))).toBe(first);
    expect(cache.build(nestedPipeline().slice(1))).not.toBe(first);
  });
});
