/**
 * Where each node of a pipeline graph goes: a left-to-right layered layout (dagre) of every list on
 * its own, inner lists first so that an opened container is as large as its content. Positions are
 * relative to the parent node (xyflow's sub-flows); the pipeline's own list starts at (0, 0).
 *
 * Two steps, so that moving a node does not lay out the graph again: `computeAutoLayout` depends on
 * the graph's structure only (and `AutoLayoutCache` keeps it while the structure stays the same);
 * `resolveLayout` is linear: it puts moved nodes where the user left them and grows containers
 * around their content.
 */
import dagre from '@dagrejs/dagre';
import type { GraphActivityNode, GraphList, GraphNode, PipelineGraph } from './pipeline-graph.js';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Boxes by node id, positions relative to the parent node. */
export type GraphLayout = ReadonlyMap<string, Box>;

/** Sizes the canvas draws with (CSS pixels at zoom 1). */
export const LAYOUT_SIZES = {
  activityWidth: 220,
  activityHeight: 64,
  /** Added to activity (and container header) heights when run statuses are shown. */
  statusRowHeight: 24,
  containerPadding: 10,
  branchHeaderHeight: 30,
  branchPadding: 16,
  branchGap: 10,
  /** The body of a branch with no activities. */
  emptyBranchHeight: 44,
  nodeSeparation: 28,
  rankSeparation: 72,
} as const;

export interface LayoutOptions {
  /** Activity nodes have a status row. (Default: false) */
  readonly withStatus?: boolean;
}

/** The height of an activity node (and of a container's header). */
export function activityHeight(options: LayoutOptions = {}): number {
  return (
    LAYOUT_SIZES.activityHeight + (options.withStatus === true ? LAYOUT_SIZES.statusRowHeight : 0)
  );
}

interface GraphIndex {
  readonly nodeById: ReadonlyMap<string, GraphNode>;
  readonly listById: ReadonlyMap<string, GraphList>;
}

function indexOf(graph: PipelineGraph): GraphIndex {
  return {
    nodeById: new Map(graph.nodes.map((node) => [node.id, node])),
    listById: new Map(graph.lists.map((list) => [list.id, list])),
  };
}

function isOpenContainer(node: GraphNode | undefined): node is GraphActivityNode {
  return node?.kind === 'activity' && node.container !== undefined && !node.container.collapsed;
}

/** Lays out every list with dagre, inner lists first. */
export function computeAutoLayout(graph: PipelineGraph, options: LayoutOptions = {}): GraphLayout {
  const boxes = new Map<string, Box>();
  const index = indexOf(graph);
  const nodeHeight = activityHeight(options);
  const edgesById = new Map(graph.edges.map((edge) => [edge.id, edge]));

  function sizeOf(id: string): { width: number; height: number } {
    const node = index.nodeById.get(id);
    if (isOpenContainer(node)) return layoutContainer(node);
    return { width: LAYOUT_SIZES.activityWidth, height: nodeHeight };
  }

  /** Places the members of a list from (offsetX, offsetY); returns the content's size. */
  function layoutList(list: GraphList, offsetX: number, offsetY: number) {
    if (list.memberIds.length === 0) return { width: 0, height: 0 };
    const g = new dagre.graphlib.Graph();
    g.setGraph({
      rankdir: 'LR',
      nodesep: LAYOUT_SIZES.nodeSeparation,
      ranksep: LAYOUT_SIZES.rankSeparation,
    });
    g.setDefaultEdgeLabel(() => ({}));
    const sizes = new Map(list.memberIds.map((id) => [id, sizeOf(id)]));
    for (const [id, size] of sizes) g.setNode(id, { ...size });
    for (const edgeId of list.edgeIds) {
      const edge = edgesById.get(edgeId);
      if (edge !== undefined) g.setEdge(edge.source, edge.target);
    }
    dagre.layout(g);
    const placed = list.memberIds.map((id) => {
      const size = sizes.get(id) ?? { width: 0, height: 0 };
      const center = g.node(id) as { x: number; y: number };
      return { id, x: center.x - size.width / 2, y: center.y - size.height / 2, ...size };
    });
    const minX = Math.min(...placed.map((box) => box.x));
    const minY = Math.min(...placed.map((box) => box.y));
    let width = 0;
    let height = 0;
    for (const box of placed) {
      const x = box.x - minX;
      const y = box.y - minY;
      boxes.set(box.id, { x: offsetX + x, y: offsetY + y, width: box.width, height: box.height });
      width = Math.max(width, x + box.width);
      height = Math.max(height, y + box.height);
    }
    return { width, height };
  }

  function layoutContainer(container: GraphActivityNode) {
    const branchSizes = (container.container?.branchIds ?? []).map((branchId) => {
      const list = index.listById.get(branchId);
      const content = list
        ? layoutList(list, LAYOUT_SIZES.branchPadding, LAYOUT_SIZES.branchHeaderHeight)
        : { width: 0, height: 0 };
      return {
        branchId,
        width: Math.max(content.width, LAYOUT_SIZES.activityWidth) + 2 * LAYOUT_SIZES.branchPadding,
        height:
          LAYOUT_SIZES.branchHeaderHeight +
          Math.max(content.height, LAYOUT_SIZES.emptyBranchHeight) +
          LAYOUT_SIZES.branchPadding,
      };
    });
    return stackBranches(boxes, branchSizes, nodeHeight);
  }

  const root = graph.lists[0];
  if (root !== undefined) layoutList(root, 0, 0);
  return boxes;
}

/**
 * Places branches one under the other inside their container, all as wide as the widest; returns
 * the container's size.
 */
function stackBranches(
  boxes: Map<string, Box>,
  branches: readonly { branchId: string; width: number; height: number }[],
  headerHeight: number,
): { width: number; height: number } {
  const innerWidth = Math.max(
    LAYOUT_SIZES.activityWidth,
    ...branches.map((branch) => branch.width),
  );
  let y = headerHeight;
  for (const branch of branches) {
    boxes.set(branch.branchId, {
      x: LAYOUT_SIZES.containerPadding,
      y,
      width: innerWidth,
      height: branch.height,
    });
    y += branch.height + LAYOUT_SIZES.branchGap;
  }
  const height =
    branches.length === 0
      ? headerHeight
      : y - LAYOUT_SIZES.branchGap + LAYOUT_SIZES.containerPadding;
  return { width: innerWidth + 2 * LAYOUT_SIZES.containerPadding, height };
}

/**
 * The final layout: nodes the user moved at their stored positions (relative to their parent;
 * kept inside it), and every opened container grown so that its branches hold their content.
 */
export function resolveLayout(
  graph: PipelineGraph,
  auto: GraphLayout,
  stored: Readonly<Record<string, Point>>,
  options: LayoutOptions = {},
): GraphLayout {
  const boxes = new Map(auto);
  const index = indexOf(graph);
  for (const node of graph.nodes) {
    const position = stored[node.id];
    const box = boxes.get(node.id);
    if (node.kind !== 'activity' || position === undefined || box === undefined) continue;
    if (!Number.isFinite(position.x) || !Number.isFinite(position.y)) continue;
    const inside = node.parentId !== undefined;
    boxes.set(node.id, {
      ...box,
      x: inside ? Math.max(0, position.x) : position.x,
      y: inside ? Math.max(0, position.y) : position.y,
    });
  }
  // Descendants come after their ancestors in graph.nodes: walking backwards sizes inner
  // containers before the containers around them.
  for (let at = graph.nodes.length - 1; at >= 0; at -= 1) {
    const node = graph.nodes[at];
    if (!isOpenContainer(node)) continue;
    const branches = (node.container?.branchIds ?? []).map((branchId) => {
      const autoBox = auto.get(branchId);
      let width = autoBox?.width ?? 0;
      let height = autoBox?.height ?? 0;
      for (const memberId of index.listById.get(branchId)?.memberIds ?? []) {
        const member = boxes.get(memberId);
        if (member === undefined) continue;
        width = Math.max(width, member.x + member.width + LAYOUT_SIZES.branchPadding);
        height = Math.max(height, member.y + member.height + LAYOUT_SIZES.branchPadding);
      }
      return { branchId, width, height };
    });
    const size = stackBranches(boxes, branches, activityHeight(options));
    const box = boxes.get(node.id);
    if (box !== undefined) boxes.set(node.id, { ...box, ...size });
  }
  return boxes;
}

/** Keeps the last auto layout while the graph's structure (and the options) stay the same. */
export class AutoLayoutCache {
  #key: string | undefined;
  #layout: GraphLayout = new Map();

  layout(graph: PipelineGraph, options: LayoutOptions = {}): GraphLayout {
    const key = `${options.withStatus === true ? 'status' : 'plain'}\n${graph.structureKey}`;
    if (key !== this.#key) {
      this.#layout = computeAutoLayout(graph, options);
      this.#key = key;
    }
    return this.#layout;
  }
}
