import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/factory-api.js';
import {
  activityHeight,
  AutoLayoutCache,
  computeAutoLayout,
  LAYOUT_SIZES,
  resolveLayout,
  type Box,
  type GraphLayout,
} from './auto-layout.js';
import { activity, nestedPipeline } from './canvas-test-fixtures.js';
import { buildPipelineGraph, type PipelineGraph } from './pipeline-graph.js';

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function box(layout: GraphLayout, id: string): Box {
  const found = layout.get(id);
  if (found === undefined) throw new Error(`no box for ${id}`);
  return found;
}

function expectNoOverlapsWithinLists(graph: PipelineGraph, layout: GraphLayout) {
  for (const list of graph.lists) {
    const boxes = list.memberIds.map((id) => box(layout, id));
    boxes.forEach((a, i) =>
      boxes
        .slice(i + 1)
        .forEach((b) =>
          expect(overlaps(a, b), `${list.id}: ${JSON.stringify([a, b])}`).toBe(false),
        ),
    );
  }
}

/** Every child lies inside its parent (positions are relative to the parent). */
function expectChildrenInsideParents(graph: PipelineGraph, layout: GraphLayout) {
  for (const node of graph.nodes) {
    if (node.parentId === undefined) continue;
    const child = box(layout, node.id);
    const parent = box(layout, node.parentId);
    expect(child.x, node.id).toBeGreaterThanOrEqual(0);
    expect(child.y, node.id).toBeGreaterThanOrEqual(0);
    expect(child.x + child.width, node.id).toBeLessThanOrEqual(parent.width);
    expect(child.y + child.height, node.id).toBeLessThanOrEqual(parent.height);
  }
}

describe('computeAutoLayout', () => {
  it('lays out left to right: an activity comes after what it depends on', () => {
    const graph = buildPipelineGraph(nestedPipeline());
    const layout = computeAutoLayout(graph);
    for (const edge of graph.edges) {
      const from = box(layout, edge.source);
      const to = box(layout, edge.target);
      expect(to.x, edge.id).toBeGreaterThanOrEqual(from.x + from.width);
    }
  });

  it('does not overlap nodes of one list and keeps children inside their parents', () => {
    const graph = buildPipelineGraph(nestedPipeline());
    const layout = computeAutoLayout(graph);
    expectNoOverlapsWithinLists(graph, layout);
    expectChildrenInsideParents(graph, layout);
  });

  it('stacks branches in a container below its header, as wide as each other', () => {
    const graph = buildPipelineGraph(nestedPipeline());
    const layout = computeAutoLayout(graph);
    const trueBranch = box(layout, 'Check:ifTrueActivities');
    const falseBranch = box(layout, 'Check:ifFalseActivities');
    expect(trueBranch.y).toBe(activityHeight());
    expect(falseBranch.y).toBeGreaterThanOrEqual(trueBranch.y + trueBranch.height);
    expect(falseBranch.width).toBe(trueBranch.width);
    expect(falseBranch.height).toBe(
      LAYOUT_SIZES.branchHeaderHeight + LAYOUT_SIZES.emptyBranchHeight + LAYOUT_SIZES.branchPadding,
    );
  });

  it('sizes plain and closed nodes alike, taller with statuses', () => {
    const graph = buildPipelineGraph(nestedPipeline(), { collapsed: new Set(['Each']) });
    const plain = computeAutoLayout(graph);
    expect(box(plain, 'Each')).toMatchObject({
      width: LAYOUT_SIZES.activityWidth,
      height: LAYOUT_SIZES.activityHeight,
    });
    const withStatus = computeAutoLayout(graph, { withStatus: true });
    expect(box(withStatus, 'Lookup').height).toBe(
      LAYOUT_SIZES.activityHeight + LAYOUT_SIZES.statusRowHeight,
    );
  });

  it('lays out 200 activities without overlaps', () => {
    const activities: JsonObject[] = Array.from({ length: 200 }, (_, i) =>
      activity(
        `Step ${i}`,
        'Wait',
        i === 0 ? {} : { [`Step ${Math.floor((i - 1) / 3)}`]: ['Succeeded'] },
      ),
    );
    const graph = buildPipelineGraph(activities);
    const layout = computeAutoLayout(graph);
    expect(layout.size).toBe(200);
    expectNoOverlapsWithinLists(graph, layout);
  });

  it('handles an empty pipeline', () => {
    expect(computeAutoLayout(buildPipelineGraph([])).size).toBe(0);
  });
});

describe('resolveLayout', () => {
  it('puts moved nodes where the user left them', () => {
    const graph = buildPipelineGraph(nestedPipeline());
    const auto = computeAutoLayout(graph);
    const layout = resolveLayout(graph, auto, {
      Lookup: { x: -500, y: 42 },
      Set: { x: 30, y: 40 },
    });
    expect(box(layout, 'Lookup')).toMatchObject({ x: -500, y: 42 });
    expect(box(layout, 'Set')).toMatchObject({ x: 30, y: 40 });
    expect(box(layout, 'Alert')).toEqual(box(auto, 'Alert'));
  });

  it('grows containers around moved children and keeps them inside', () => {
    const graph = buildPipelineGraph(nestedPipeline());
    const auto = computeAutoLayout(graph);
    const layout = resolveLayout(graph, auto, {
      Pause: { x: 900, y: 400 },
      Copy: { x: -80, y: -10 },
    });
    expect(box(layout, 'Copy')).toMatchObject({ x: 0, y: 0 });
    expect(box(layout, 'Check:ifTrueActivities').width).toBeGreaterThanOrEqual(
      900 + LAYOUT_SIZES.activityWidth,
    );
    expect(box(layout, 'Check').width).toBeGreaterThan(box(auto, 'Check').width);
    expect(box(layout, 'Each').width).toBeGreaterThan(box(auto, 'Each').width);
    const trueBranch = box(layout, 'Check:ifTrueActivities');
    expect(box(layout, 'Check:ifFalseActivities').y).toBeGreaterThanOrEqual(
      trueBranch.y + trueBranch.height,
    );
    expectChildrenInsideParents(graph, layout);
  });

  it('equals the automatic layout when nothing moved, ignoring unknown and broken positions', () => {
    const graph = buildPipelineGraph(nestedPipeline());
    const auto = computeAutoLayout(graph);
    const layout = resolveLayout(graph, auto, {
      Ghost: { x: 1, y: 1 },
      Lookup: { x: Number.NaN, y: 3 },
    });
    expect([...layout.entries()]).toEqual([...auto.entries()]);
  });
});

describe('AutoLayoutCache', () => {
  it('lays out again only when the structure or the options change', () => {
    const cache = new AutoLayoutCache();
    const first = cache.layout(buildPipelineGraph(nestedPipeline()));
    const retyped = nestedPipeline().map((a) => ({
      ...a,
      type: 'Wait',
      typeProperties: a['typeProperties'] ?? {},
    }));
    expect(cache.layout(buildPipelineGraph(nestedPipeline()))).toBe(first);
    expect(cache.layout(buildPipelineGraph(nestedPipeline()), { withStatus: true })).not.toBe(
      first,
    );
    expect(cache.layout(buildPipelineGraph(retyped))).not.toBe(first);
  });
});
