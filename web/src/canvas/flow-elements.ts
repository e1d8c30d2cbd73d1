/**
 * The graph and its layout as xyflow nodes and edges, with what the canvas shows on them
 * (selection, run statuses, problems). Pure: the React layer only renders what this returns.
 */
import { Position, type Edge, type Node } from '@xyflow/react';
import { activityTypeIcon, activityTypeLabel } from './activity-palette.js';
import { containerTypeOf, type ContainerType, type ListLocation } from './activity-tree.js';
import { activityHeight, type GraphLayout } from './auto-layout.js';
import {
  CONDITION_COLORS,
  CONDITION_DESCRIPTIONS,
  type DependencyCondition,
} from './dependency-conditions.js';
import type { GraphActivityNode, PipelineGraph } from './pipeline-graph.js';

export interface ActivityRunMark {
  readonly status: string;
  readonly durationMs?: number;
}

export type ActivityNodeData = {
  readonly name: string;
  readonly activityType: string;
  readonly typeLabel: string;
  readonly icon: string;
  /** Set for containers (open or closed). */
  readonly container:
    | { readonly type: ContainerType; readonly collapsed: boolean; readonly innerCount: number }
    | undefined;
  readonly status: ActivityRunMark | undefined;
  /** Statuses are shown and this activity has none: it has not run (yet). */
  readonly notRun: boolean;
  readonly problems: readonly string[];
  readonly readOnly: boolean;
  /** The height of the node's header (the whole node unless it is an opened container). */
  readonly headerHeight: number;
};

export type BranchNodeData = {
  readonly label: string;
  readonly containerName: string;
  readonly location: ListLocation;
  readonly empty: boolean;
  readonly readOnly: boolean;
};

export type DependencyEdgeData = {
  readonly conditions: readonly DependencyCondition[];
  readonly readOnly: boolean;
};

export type ActivityFlowNode = Node<ActivityNodeData, 'activity' | 'container'>;
export type BranchFlowNode = Node<BranchNodeData, 'branch'>;
export type CanvasFlowNode = ActivityFlowNode | BranchFlowNode;
export type DependencyFlowEdge = Edge<DependencyEdgeData, 'dependency'>;

export interface FlowDecorations {
  readonly readOnly: boolean;
  readonly withStatus: boolean;
  readonly selected?: string | undefined;
  readonly selectedEdge?: string | undefined;
  readonly statuses?: Readonly<Record<string, ActivityRunMark>> | undefined;
  readonly problems?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** The colour an edge is drawn in: its first condition's, grey without a known one. */
export function edgeColor(conditions: readonly DependencyCondition[]): string {
  const first = conditions[0];
  return first === undefined ? CONDITION_COLORS.Skipped : CONDITION_COLORS[first];
}

/** "Run Train after Prepare on success or on failure", for screen readers and tooltips. */
export function dependencyDescription(
  from: string,
  to: string,
  conditions: readonly DependencyCondition[],
): string {
  const when =
    conditions.length === 0
      ? 'with no known condition'
      : conditions.map((condition) => CONDITION_DESCRIPTIONS[condition]).join(' or ');
  return `Run ${to} after ${from} ${when}`;
}

function activityLabel(data: ActivityNodeData): string {
  const parts = [data.name, data.typeLabel];
  if (data.container !== undefined) {
    parts.push(
      `${data.container.innerCount} inner activities${data.container.collapsed ? ', closed' : ''}`,
    );
  }
  if (data.status !== undefined) parts.push(data.status.status);
  if (data.problems.length > 0) {
    parts.push(`${data.problems.length} problem${data.problems.length === 1 ? '' : 's'}`);
  }
  return parts.join(', ');
}

const NO_PROBLEMS: readonly string[] = [];

/** A node's problems; a closed container also shows those of the activities it hides. */
function problemsOf(
  node: GraphActivityNode,
  problems: Readonly<Record<string, readonly string[]>> | undefined,
): readonly string[] {
  if (problems === undefined) return NO_PROBLEMS;
  const own = problems[node.id] ?? NO_PROBLEMS;
  if (node.container?.collapsed !== true) return own;
  const hidden = node.container.innerNames.flatMap((name) =>
    (problems[name] ?? []).map((problem) => `${name}: ${problem}`),
  );
  return hidden.length === 0 ? own : [...own, ...hidden];
}

export function toFlowNodes(
  graph: PipelineGraph,
  layout: GraphLayout,
  decorations: FlowDecorations,
): CanvasFlowNode[] {
  const headerHeight = activityHeight({ withStatus: decorations.withStatus });
  const memberCounts = new Map(graph.lists.map((list) => [list.id, list.memberIds.length]));
  const nodes: CanvasFlowNode[] = [];
  for (const node of graph.nodes) {
    const box = layout.get(node.id);
    if (box === undefined) continue;
    const geometry = {
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      measured: { width: box.width, height: box.height },
      ...(node.parentId === undefined
        ? {}
        : { parentId: node.parentId, extent: 'parent' as const }),
    };
    if (node.kind === 'branch') {
      nodes.push({
        id: node.id,
        type: 'branch',
        ...geometry,
        data: {
          label: node.label,
          containerName: node.parentId,
          location: node.location,
          empty: (memberCounts.get(node.id) ?? 0) === 0,
          readOnly: decorations.readOnly,
        },
        draggable: false,
        selectable: false,
        focusable: false,
        connectable: false,
        deletable: false,
        ariaRole: 'group',
        ariaLabel: `${node.parentId}: ${node.label}`,
      });
      continue;
    }
    const containerType = containerTypeOf({ type: node.activityType });
    const data: ActivityNodeData = {
      name: node.id,
      activityType: node.activityType,
      typeLabel: activityTypeLabel(node.activityType),
      icon: activityTypeIcon(node.activityType),
      container:
        node.container === undefined || containerType === undefined
          ? undefined
          : {
              type: containerType,
              collapsed: node.container.collapsed,
              innerCount: node.container.innerCount,
            },
      status: decorations.statuses?.[node.id],
      notRun: decorations.statuses !== undefined && decorations.statuses[node.id] === undefined,
      problems: problemsOf(node, decorations.problems),
      readOnly: decorations.readOnly,
      headerHeight,
    };
    const handleY = headerHeight / 2 - 4;
    nodes.push({
      id: node.id,
      type: data.container !== undefined && !data.container.collapsed ? 'container' : 'activity',
      ...geometry,
      data,
      selected: node.id === decorations.selected,
      draggable: !decorations.readOnly,
      connectable: !decorations.readOnly,
      deletable: false,
      handles: [
        { type: 'target', position: Position.Left, x: -4, y: handleY, width: 8, height: 8 },
        {
          type: 'source',
          position: Position.Right,
          x: box.width - 4,
          y: handleY,
          width: 8,
          height: 8,
        },
      ],
      ariaLabel: activityLabel(data),
      domAttributes: activityAttributes(node.id),
    });
  }
  return nodes;
}

/** `data-activity-name` on the node's element, for tests and for people reading the DOM. */
function activityAttributes(name: string): ActivityFlowNode['domAttributes'] {
  const attributes: Record<string, string> = { 'data-activity-name': name };
  return attributes;
}

export function toFlowEdges(
  graph: PipelineGraph,
  decorations: FlowDecorations,
): DependencyFlowEdge[] {
  return graph.edges.map((edge) => {
    const color = edgeColor(edge.conditions);
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: 'dependency',
      data: { conditions: edge.conditions, readOnly: decorations.readOnly },
      selected: edge.id === decorations.selectedEdge,
      selectable: !decorations.readOnly,
      focusable: !decorations.readOnly,
      deletable: false,
      markerEnd: { type: 'arrowclosed', color, width: 16, height: 16 },
      ariaLabel: dependencyDescription(edge.source, edge.target, edge.conditions),
      // Out of the Tab sequence (xyflow puts edges before nodes there): keyboard users reach a
      // dependency through its activity; the canvas still focuses edges itself.
      domAttributes: { tabIndex: -1 },
    };
  });
}

/** Equality of plain JSON-like values (objects, arrays, primitives). */
export function structurallyEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every(
    (key) =>
      Object.prototype.hasOwnProperty.call(b, key) &&
      structurallyEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/**
 * Hands back the previous object for every element that did not change (and the previous array
 * when none did), so that selecting one node of 200 re-renders two nodes, not 200.
 */
export class ElementReuse<T extends { readonly id: string }> {
  #byId = new Map<string, T>();
  #list: T[] = [];

  reuse(next: readonly T[]): T[] {
    let changed = next.length !== this.#list.length;
    const reused = next.map((element, index) => {
      const previous = this.#byId.get(element.id);
      const kept =
        previous !== undefined && structurallyEqual(previous, element) ? previous : element;
      if (kept !== this.#list[index]) changed = true;
      return kept;
    });
    if (changed) {
      this.#list = reused;
      this.#byId = new Map(reused.map((element) => [element.id, element]));
    }
    return this.#list;
  }
}
