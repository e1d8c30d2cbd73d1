/**
 * Positions a step graph with dagre, top to bottom as Azure ML studio draws pipelines: data
 * inputs above the steps that read them, pipeline outputs below. Pure (dagre computes, nothing
 * is drawn); positions are the nodes' top-left corners, as @xyflow/react places nodes.
 */
import dagre from '@dagrejs/dagre';
import { StepGraphNodeKinds, type StepGraph, type StepGraphNode } from './step-graph.js';

export interface NodeSize {
  readonly width: number;
  readonly height: number;
}

/** Sizes the React layer draws each kind of node at. */
export const NODE_SIZES: Readonly<Record<StepGraphNode['kind'], NodeSize>> = {
  [StepGraphNodeKinds.step]: { width: 220, height: 64 },
  [StepGraphNodeKinds.dataInput]: { width: 200, height: 44 },
  [StepGraphNodeKinds.dataOutput]: { width: 200, height: 44 },
};

export interface PositionedNode extends StepGraphNode {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface StepGraphLayout {
  readonly nodes: readonly PositionedNode[];
  readonly edges: StepGraph['edges'];
  readonly width: number;
  readonly height: number;
}

export interface LayoutOptions {
  /** (Default: 'TB', top to bottom) */
  readonly direction?: 'TB' | 'LR';
  /** Space between nodes of one rank. (Default: 40) */
  readonly nodeGap?: number;
  /** Space between ranks; edge labels sit in it. (Default: 56 top to bottom, 96 left to right) */
  readonly rankGap?: number;
  readonly sizes?: Readonly<Record<StepGraphNode['kind'], NodeSize>>;
}

export function layoutStepGraph(graph: StepGraph, options: LayoutOptions = {}): StepGraphLayout {
  const sizes = options.sizes ?? NODE_SIZES;
  const layout = new dagre.graphlib.Graph();
  layout.setGraph({
    rankdir: options.direction ?? 'TB',
    nodesep: options.nodeGap ?? 40,
    // Left to right, an edge label lies along the gap, so the gap must hold a word.
    ranksep: options.rankGap ?? (options.direction === 'LR' ? 96 : 56),
    marginx: 0,
    marginy: 0,
  });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) layout.setNode(node.id, { ...sizes[node.kind] });
  for (const edge of graph.edges) layout.setEdge(edge.source, edge.target);
  dagre.layout(layout);

  const nodes = graph.nodes.map((node): PositionedNode => {
    const size = sizes[node.kind];
    const placed = layout.node(node.id);
    // dagre gives centres.
    return {
      ...node,
      x: placed.x - size.width / 2,
      y: placed.y - size.height / 2,
      width: size.width,
      height: size.height,
    };
  });
  return {
    nodes,
    edges: graph.edges,
    width: Math.max(0, ...nodes.map((node) => node.x + node.width)),
    height: Math.max(0, ...nodes.map((node) => node.y + node.height)),
  };
}
