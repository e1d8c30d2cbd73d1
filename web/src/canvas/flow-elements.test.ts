import { describe, expect, it } from 'vitest';
import { computeAutoLayout, LAYOUT_SIZES } from './auto-layout.js';
import { nestedPipeline } from './canvas-test-fixtures.js';
import { CONDITION_COLORS } from './dependency-conditions.js';
import {
  dependencyDescription,
  edgeColor,
  ElementReuse,
  structurallyEqual,
  toFlowEdges,
  toFlowNodes,
  type ActivityFlowNode,
  type CanvasFlowNode,
} from './flow-elements.js';
import { buildPipelineGraph } from './pipeline-graph.js';

const graph = buildPipelineGraph(nestedPipeline());
const layout = computeAutoLayout(graph);

function activityNode(nodes: ReturnType<typeof toFlowNodes>, id: string): ActivityFlowNode {
  const node = nodes.find((candidate) => candidate.id === id);
  if (node === undefined || node.type === 'branch') throw new Error(`no activity node ${id}`);
  return node as ActivityFlowNode;
}

describe('toFlowNodes', () => {
  it('gives xyflow sized, nested nodes with the activity name as a DOM attribute', () => {
    const nodes = toFlowNodes(graph, layout, { readOnly: false, withStatus: false });
    expect(nodes).toHaveLength(graph.nodes.length);
    const copy = activityNode(nodes, 'Copy');
    expect(copy).toMatchObject({
      type: 'activity',
      parentId: 'Each:activities',
      extent: 'parent',
      width: LAYOUT_SIZES.activityWidth,
      measured: { width: LAYOUT_SIZES.activityWidth, height: LAYOUT_SIZES.activityHeight },
      draggable: true,
      domAttributes: { 'data-activity-name': 'Copy' },
    });
    expect(copy.handles?.map((handle) => handle.type)).toEqual(['target', 'source']);
    expect(activityNode(nodes, 'Each').type).toBe('container');
    expect(nodes.find((node) => node.id === 'Check:ifTrueActivities')).toMatchObject({
      type: 'branch',
      parentId: 'Check',
      selectable: false,
      focusable: false,
      data: { label: 'True', containerName: 'Check', empty: false },
    });
    expect(nodes.find((node) => node.id === 'Check:ifFalseActivities')?.data).toMatchObject({
      empty: true,
    });
  });

  it('shows the selection, statuses and problems, and describes nodes for screen readers', () => {
    const nodes = toFlowNodes(graph, computeAutoLayout(graph, { withStatus: true }), {
      readOnly: true,
      withStatus: true,
      selected: 'Lookup',
      statuses: { Lookup: { status: 'Failed', durationMs: 1200 } },
      problems: { Lookup: ['No dataset.', 'No linked service.'] },
    });
    const lookup = activityNode(nodes, 'Lookup');
    expect(lookup.selected).toBe(true);
    expect(lookup.draggable).toBe(false);
    expect(lookup.data).toMatchObject({
      status: { status: 'Failed', durationMs: 1200 },
      problems: ['No dataset.', 'No linked service.'],
      readOnly: true,
      headerHeight: LAYOUT_SIZES.activityHeight + LAYOUT_SIZES.statusRowHeight,
      typeLabel: 'Lookup',
    });
    expect(lookup.ariaLabel).toBe('Lookup, Lookup, Failed, 2 problems');
    expect(activityNode(nodes, 'Each').ariaLabel).toBe('Each, ForEach, 4 inner activities');
    expect(activityNode(nodes, 'Alert').selected).toBe(false);
    expect(activityNode(nodes, 'Alert').data.notRun).toBe(true);
    expect(lookup.data.notRun).toBe(false);
  });

  it('lets a closed container show the problems of the activities it hides', () => {
    const closed = buildPipelineGraph(nestedPipeline(), { collapsed: new Set(['Each']) });
    const nodes = toFlowNodes(closed, computeAutoLayout(closed), {
      readOnly: false,
      withStatus: false,
      problems: { Each: ['No items.'], Pause: ['Too long.'], Alert: ['No URL.'] },
    });
    expect(activityNode(nodes, 'Each').data.problems).toEqual(['No items.', 'Pause: Too long.']);
    expect(activityNode(nodes, 'Alert').data.problems).toEqual(['No URL.']);
    const open = toFlowNodes(graph, layout, {
      readOnly: false,
      withStatus: false,
      problems: { Pause: ['x'] },
    });
    expect(activityNode(open, 'Each').data.problems).toEqual([]);
  });
});

describe('toFlowEdges', () => {
  it('colours edges by their first condition and marks the selected one', () => {
    const edges = toFlowEdges(graph, {
      readOnly: false,
      withStatus: false,
      selectedEdge: 'Copy->Check',
    });
    const check = edges.find((edge) => edge.id === 'Copy->Check');
    expect(check).toMatchObject({
      source: 'Copy',
      target: 'Check',
      type: 'dependency',
      selected: true,
      data: { conditions: ['Failed', 'Skipped'] },
      markerEnd: { color: CONDITION_COLORS.Failed },
      ariaLabel: 'Run Check after Copy on failure or on skip',
    });
    expect(edges.filter((edge) => edge.selected)).toHaveLength(1);
  });

  it('uses ADF Studio colours and grey for an edge without a known condition', () => {
    expect(edgeColor(['Succeeded'])).toBe(CONDITION_COLORS.Succeeded);
    expect(edgeColor(['Completed', 'Failed'])).toBe(CONDITION_COLORS.Completed);
    expect(edgeColor([])).toBe(CONDITION_COLORS.Skipped);
    expect(dependencyDescription('A', 'B', [])).toBe('Run B after A with no known condition');
  });

  it('makes edges inert in read-only views', () => {
    const edges = toFlowEdges(graph, { readOnly: true, withStatus: false });
    expect(edges.every((edge) => edge.selectable === false && edge.focusable === false)).toBe(true);
  });
});

describe('ElementReuse', () => {
  it('keeps the objects of unchanged nodes, so that only changed nodes render again', () => {
    const reuse = new ElementReuse<CanvasFlowNode>();
    const first = reuse.reuse(toFlowNodes(graph, layout, { readOnly: false, withStatus: false }));
    const again = reuse.reuse(toFlowNodes(graph, layout, { readOnly: false, withStatus: false }));
    expect(again).toBe(first);
    const selected = reuse.reuse(
      toFlowNodes(graph, layout, { readOnly: false, withStatus: false, selected: 'Copy' }),
    );
    expect(selected).not.toBe(first);
    const changed = selected.filter((node, index) => node !== first[index]).map((node) => node.id);
    expect(changed).toEqual(['Copy']);
  });

  it('compares plain values structurally', () => {
    expect(structurallyEqual({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(structurallyEqual({ a: [1] }, { a: [1, 2] })).toBe(false);
    expect(structurallyEqual({ a: undefined }, { b: undefined })).toBe(false);
    expect(structurallyEqual([], {})).toBe(false);
    expect(structurallyEqual(null, {})).toBe(false);
  });
});
