/**
 * A pipeline's activities as a graph to draw: one node per activity (its id is its name), one
 * branch node per list of an opened container (labelled "True", "False", a case value, "Default",
 * "Activities"), one edge per `dependsOn` entry carrying its conditions. Framework-free; the
 * canvas turns it into xyflow nodes and edges.
 */
import type { JsonObject } from '../api/factory-api.js';
import {
  activityName,
  activityType,
  isJsonObject,
  listIdOf,
  listsOf,
  ROOT_LIST,
  walkActivities,
  type ListKey,
  type ListLocation,
} from './activity-tree.js';
import { normaliseConditions, type DependencyCondition } from './dependency-conditions.js';

export interface GraphContainer {
  /** Drawn closed: as one node, without its inner activities. */
  readonly collapsed: boolean;
  /** Its branch nodes, in drawing order (none when collapsed). */
  readonly branchIds: readonly string[];
  /** How many activities it holds, nested ones included. */
  readonly innerCount: number;
  /** The names of those activities, so that a closed container can speak for them. */
  readonly innerNames: readonly string[];
}

export interface GraphActivityNode {
  readonly kind: 'activity';
  /** The activity's name. */
  readonly id: string;
  readonly activityType: string;
  /** The branch node holding it; undefined in the pipeline's own list. */
  readonly parentId: string | undefined;
  readonly location: ListLocation;
  /** Set for ForEach, Until, IfCondition and Switch. */
  readonly container: GraphContainer | undefined;
}

export interface GraphBranchNode {
  readonly kind: 'branch';
  /** `<container>:<list>`. */
  readonly id: string;
  /** The container activity's name. */
  readonly parentId: string;
  /** The list it draws. */
  readonly location: ListLocation & { readonly container: string; readonly list: ListKey };
  readonly label: string;
}

export type GraphNode = GraphActivityNode | GraphBranchNode;

export interface GraphEdge {
  /** `<from>-><to>`. */
  readonly id: string;
  /** The activity depended on. */
  readonly source: string;
  /** The activity that depends on it. */
  readonly target: string;
  /** Known conditions in the canonical order; empty when the JSON lists none ADF knows. */
  readonly conditions: readonly DependencyCondition[];
}

/** One drawn list: the pipeline's own, or one branch of an opened container. */
export interface GraphList {
  readonly id: string;
  readonly location: ListLocation;
  /** Its activity node ids, in JSON order. */
  readonly memberIds: readonly string[];
  readonly edgeIds: readonly string[];
}

/** An activity the canvas cannot draw: no name, or a name used twice (xyflow needs unique ids). */
export interface SkippedActivity {
  readonly reason: 'NoName' | 'DuplicateName';
  readonly name: string | undefined;
  readonly location: ListLocation;
}

/** A `dependsOn` entry that names no activity of the same list. */
export interface UnresolvedDependency {
  readonly from: string;
  readonly to: string;
}

export interface PipelineGraph {
  /** Parents before their children, as xyflow requires. */
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** The pipeline's own list first. */
  readonly lists: readonly GraphList[];
  readonly skipped: readonly SkippedActivity[];
  readonly unresolved: readonly UnresolvedDependency[];
  /** Equal for graphs that lay out the same: nodes, nesting, collapsed state and edges. */
  readonly structureKey: string;
  /** Equal for graphs that draw the same: the structure plus types, labels and conditions. */
  readonly contentKey: string;
}

export interface GraphOptions {
  /** Names of containers drawn closed. (Default: none, every container is open) */
  readonly collapsed?: ReadonlySet<string>;
}

export function dependencyEdgeId(from: string, to: string): string {
  return `${from}->${to}`;
}

export function branchNodeId(container: string, list: ListKey): string {
  return listIdOf({ container, list });
}

function innerNamesOf(activity: JsonObject): string[] {
  const names: string[] = [];
  walkActivities([activity], (inner) => {
    const name = activityName(inner);
    if (inner !== activity && name !== undefined) names.push(name);
  });
  return names;
}

/** Builds the graph; never throws, whatever the JSON holds. */
export function buildPipelineGraph(
  activities: readonly JsonObject[],
  options: GraphOptions = {},
): PipelineGraph {
  const collapsed = options.collapsed ?? new Set<string>();
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const lists: GraphList[] = [];
  const skipped: SkippedActivity[] = [];
  const unresolved: UnresolvedDependency[] = [];
  const usedNames = new Set<string>();

  function addList(
    list: readonly JsonObject[],
    location: ListLocation,
    parentId: string | undefined,
  ): void {
    const members: { name: string; activity: JsonObject }[] = [];
    for (const activity of list) {
      const name = activityName(activity);
      if (name === undefined || usedNames.has(name)) {
        skipped.push({ reason: name === undefined ? 'NoName' : 'DuplicateName', name, location });
        continue;
      }
      usedNames.add(name);
      members.push({ name, activity });
    }
    const listEdges = edgesOf(members, unresolved);
    lists.push({
      id: listIdOf(location),
      location,
      memberIds: members.map((member) => member.name),
      edgeIds: listEdges.map((edge) => edge.id),
    });
    edges.push(...listEdges);
    for (const { name, activity } of members) {
      const inner = listsOf(activity);
      const isContainer = inner.length > 0;
      const innerNames = isContainer ? innerNamesOf(activity) : [];
      const closed = isContainer && collapsed.has(name);
      const branches = isContainer && !closed ? inner : [];
      nodes.push({
        kind: 'activity',
        id: name,
        activityType: activityType(activity),
        parentId,
        location,
        container: isContainer
          ? {
              collapsed: closed,
              branchIds: branches.map((branch) => branchNodeId(name, branch.key)),
              innerCount: innerNames.length,
              innerNames,
            }
          : undefined,
      });
      for (const branch of branches) {
        const branchLocation = { container: name, list: branch.key } as const;
        const id = branchNodeId(name, branch.key);
        nodes.push({
          kind: 'branch',
          id,
          parentId: name,
          location: branchLocation,
          label: branch.label,
        });
        addList(branch.activities, branchLocation, id);
      }
    }
  }

  addList(activities, ROOT_LIST, undefined);
  const structureKey = structureKeyOf(nodes, edges);
  return {
    nodes,
    edges,
    lists,
    skipped,
    unresolved,
    structureKey,
    contentKey: contentKeyOf(structureKey, nodes, edges, skipped, unresolved),
  };
}

/**
 * Keeps returning the same graph object while the activities draw the same, so that edits the
 * canvas does not show (a description, a timeout) cost the canvas nothing.
 */
export class PipelineGraphCache {
  #graph: PipelineGraph | undefined;

  build(activities: readonly JsonObject[], options: GraphOptions = {}): PipelineGraph {
    const graph = buildPipelineGraph(activities, options);
    if (this.#graph?.contentKey !== graph.contentKey) this.#graph = graph;
    return this.#graph;
  }
}

function edgesOf(
  members: readonly { name: string; activity: JsonObject }[],
  unresolved: UnresolvedDependency[],
): GraphEdge[] {
  const siblings = new Set(members.map((member) => member.name));
  const byId = new Map<string, GraphEdge>();
  for (const { name: to, activity } of members) {
    const dependsOn = activity['dependsOn'];
    if (!Array.isArray(dependsOn)) continue;
    for (const dependency of dependsOn) {
      if (!isJsonObject(dependency)) continue;
      const from = dependency['activity'];
      if (typeof from !== 'string') continue;
      if (!siblings.has(from) || from === to) {
        unresolved.push({ from, to });
        continue;
      }
      const id = dependencyEdgeId(from, to);
      const conditions = normaliseConditions(dependency['dependencyConditions']);
      const existing = byId.get(id);
      byId.set(id, {
        id,
        source: from,
        target: to,
        conditions:
          existing === undefined
            ? conditions
            : normaliseConditions([...existing.conditions, ...conditions]),
      });
    }
  }
  return [...byId.values()];
}

function structureKeyOf(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string {
  const nodeKeys = nodes.map((node) =>
    node.kind === 'branch'
      ? `b|${node.id}|${node.parentId}`
      : `a|${node.id}|${node.parentId ?? ''}|${node.container === undefined ? '' : node.container.collapsed ? 'c' : 'o'}`,
  );
  const edgeKeys = edges.map((edge) => `${edge.source}>${edge.target}`);
  return `${nodeKeys.join('\n')}\n#\n${edgeKeys.join('\n')}`;
}

function contentKeyOf(
  structureKey: string,
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  skipped: readonly SkippedActivity[],
  unresolved: readonly UnresolvedDependency[],
): string {
  return JSON.stringify([
    structureKey,
    nodes.map((node) =>
      node.kind === 'branch' ? node.label : [node.activityType, node.container?.innerCount ?? -1],
    ),
    edges.map((edge) => edge.conditions),
    skipped,
    unresolved,
  ]);
}
