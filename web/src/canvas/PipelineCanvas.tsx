/**
 * The pipeline canvas: activities as nodes, `dependsOn` as edges coloured by condition, containers
 * opened in place. Controlled: the caller owns the activities and gets every edit as a new array
 * through `onChange` (undo and redo are the caller's). Where nodes were moved and which containers
 * are closed is view state, kept in the browser under `layoutKey`.
 */
import '@xyflow/react/dist/style.css';
import './canvas.css';
import {
  applyNodeChanges,
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type EdgeTypes,
  type FinalConnectionState,
  type NodeChange,
  type NodeTypes,
} from '@xyflow/react';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
} from 'react';
import type { JsonObject } from '../api/factory-api.js';
import { ActivityNode } from './ActivityNode.js';
import { AddActivityDialog } from './AddActivityDialog.js';
import {
  collectNames,
  findActivity,
  getList,
  listIdOf,
  namedLists,
  ROOT_LIST,
  sameLocation,
  type ListLocation,
} from './activity-tree.js';
import { AutoLayoutCache, resolveLayout, type Point } from './auto-layout.js';
import { BranchNode } from './BranchNode.js';
import { CanvasActionsContext, type CanvasActions } from './canvas-actions.js';
import { loadView, saveView, type CanvasView, type ViewStorage } from './canvas-view-store.js';
import { DependencyEdge } from './DependencyEdge.js';
import {
  ElementReuse,
  toFlowEdges,
  toFlowNodes,
  type ActivityRunMark,
  type CanvasFlowNode,
  type DependencyFlowEdge,
} from './flow-elements.js';
import {
  addActivity,
  connect,
  connectionProblem,
  deleteActivity,
  moveActivity,
  removeDependency,
  setConditions,
  type AddActivityResult,
  type EditResult,
} from './pipeline-edits.js';
import { PipelineGraphCache, type GraphEdge } from './pipeline-graph.js';

export type { ActivityRunMark } from './flow-elements.js';

export interface PipelineCanvasProps {
  /** `pipeline.properties.activities`. */
  readonly activities: readonly JsonObject[];
  /** No editing: monitor views. (Default: false) */
  readonly readOnly?: boolean;
  /** Run statuses by activity name (monitor). */
  readonly statuses?: Readonly<Record<string, ActivityRunMark>>;
  /** Validation problems by activity name: the node shows a marker and the count. */
  readonly problems?: Readonly<Record<string, readonly string[]>>;
  /**
   * The selected activity's name. With `selected` or `onSelect` given, selection is controlled:
   * pass the name `onSelect` reports back. (Default: the canvas keeps its own selection)
   */
  readonly selected?: string;
  onSelect?(activityName: string | undefined): void;
  /** A new activities array after an edit (add, connect, delete, move, condition change). */
  onChange?(activities: JsonObject[]): void;
  /** Where node positions persist between visits (Default: not persisted). */
  readonly layoutKey?: string;
  /** The canvas region's accessible name. (Default: 'Pipeline canvas') */
  readonly label?: string;
}

const NODE_TYPES: NodeTypes = {
  activity: ActivityNode,
  container: ActivityNode,
  branch: BranchNode,
};
const EDGE_TYPES: EdgeTypes = { dependency: DependencyEdge };
const FIT_VIEW_OPTIONS = { padding: 0.15, maxZoom: 1 } as const;
const SNAP_GRID: [number, number] = [10, 10];
/** Smaller than xyflow's 200 × 150: the canvas often shares the screen with a properties panel. */
const MINIMAP_STYLE = { width: 150, height: 100 } as const;

/** The canvas, with its own xyflow provider: render it anywhere. */
export function PipelineCanvas(props: PipelineCanvasProps) {
  return (
    <ReactFlowProvider>
      <CanvasFlow {...props} />
    </ReactFlowProvider>
  );
}

function browserStorage(): ViewStorage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

function isTextEntry(target: EventTarget): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

function CanvasFlow({
  activities,
  readOnly = false,
  statuses,
  problems,
  selected,
  onSelect,
  onChange,
  layoutKey,
  label = 'Pipeline canvas',
}: PipelineCanvasProps) {
  const flow = useReactFlow<CanvasFlowNode, DependencyFlowEdge>();
  const wrapper = useRef<HTMLDivElement>(null);
  const pendingReveal = useRef<string | undefined>(undefined);
  const addButton = useRef<HTMLButtonElement>(null);

  // View state: moved positions and closed containers, reloaded when the key changes.
  const [viewState, setViewState] = useState(() => ({
    key: layoutKey,
    view: loadView(browserStorage(), layoutKey),
  }));
  let view = viewState.view;
  if (viewState.key !== layoutKey) {
    view = loadView(browserStorage(), layoutKey);
    setViewState({ key: layoutKey, view });
  }
  const allNames = useMemo(() => new Set(collectNames(activities)), [activities]);
  const commitView = useCallback(
    (next: CanvasView) => {
      setViewState({ key: layoutKey, view: next });
      saveView(browserStorage(), layoutKey, next, allNames);
    },
    [layoutKey, allNames],
  );

  // Selection: controlled when the caller gives `selected` or `onSelect`.
  const [ownSelection, setOwnSelection] = useState<string | undefined>(undefined);
  const controlled = onSelect !== undefined || selected !== undefined;
  const selectedName = controlled ? selected : ownSelection;
  const [chosenEdge, setChosenEdge] = useState<string | undefined>(undefined);
  const select = useCallback(
    (name: string | undefined) => {
      setOwnSelection(name);
      // One selection at a time: an activity chosen now takes over from a dependency.
      if (name !== undefined) setChosenEdge(undefined);
      onSelect?.(name);
    },
    [onSelect],
  );
  const [paletteTarget, setPaletteTarget] = useState<ListLocation | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  // Graph, layout, xyflow elements: each step recomputed only when its inputs change.
  const collapsed = useMemo(() => new Set(view.collapsed), [view.collapsed]);
  const [graphCache] = useState(() => new PipelineGraphCache());
  const [layoutCache] = useState(() => new AutoLayoutCache());
  const graph = useMemo(
    () => graphCache.build(activities, { collapsed }),
    [graphCache, activities, collapsed],
  );
  const withStatus = statuses !== undefined;
  const autoLayout = useMemo(
    () => layoutCache.layout(graph, { withStatus }),
    [layoutCache, graph, withStatus],
  );
  const layout = useMemo(
    () => resolveLayout(graph, autoLayout, view.positions, { withStatus }),
    [graph, autoLayout, view.positions, withStatus],
  );
  const selectedEdge = graph.edges.some((edge) => edge.id === chosenEdge) ? chosenEdge : undefined;
  const [nodeReuse] = useState(() => new ElementReuse<CanvasFlowNode>());
  const [edgeReuse] = useState(() => new ElementReuse<DependencyFlowEdge>());
  const baseNodes = useMemo(
    () =>
      nodeReuse.reuse(
        toFlowNodes(graph, layout, {
          readOnly,
          withStatus,
          selected: selectedName,
          statuses,
          problems,
        }),
      ),
    [nodeReuse, graph, layout, readOnly, withStatus, selectedName, statuses, problems],
  );
  const edges = useMemo(
    () => edgeReuse.reuse(toFlowEdges(graph, { readOnly, withStatus, selectedEdge })),
    [edgeReuse, graph, readOnly, withStatus, selectedEdge],
  );

  // Nodes as drawn: the laid-out nodes, plus positions while a drag is under way.
  const [live, setLive] = useState({ base: baseNodes, nodes: baseNodes });
  let nodes = live.nodes;
  if (live.base !== baseNodes) {
    nodes = baseNodes;
    setLive({ base: baseNodes, nodes: baseNodes });
  }

  const applyEdit = useCallback(
    (result: EditResult | AddActivityResult): boolean => {
      if (!result.ok) {
        setNotice(result.error.message);
        return false;
      }
      setNotice(undefined);
      onChange?.(result.activities);
      return true;
    },
    [onChange],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasFlowNode>[]) => {
      const moves = changes.filter(
        (change): change is Extract<NodeChange, { type: 'position' }> & { position: Point } =>
          change.type === 'position' && change.position !== undefined,
      );
      if (moves.length > 0) {
        setLive((current) => ({
          base: current.base,
          nodes: applyNodeChanges(moves, current.nodes),
        }));
        const finished = moves.filter((move) => move.dragging !== true);
        if (finished.length > 0) {
          const positions = { ...view.positions };
          for (const move of finished) positions[move.id] = move.position;
          commitView({ ...view, positions });
        }
      }
      const selections = changes.filter((change) => change.type === 'select');
      const chosen = selections.find((change) => change.selected && allNames.has(change.id));
      if (chosen !== undefined) {
        if (chosen.id !== selectedName) select(chosen.id);
      } else if (
        selectedName !== undefined &&
        selections.some((change) => !change.selected && change.id === selectedName)
      ) {
        select(undefined);
      }
    },
    [view, commitView, allNames, selectedName, select],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<DependencyFlowEdge>[]) => {
    for (const change of changes) {
      if (change.type !== 'select') continue;
      if (change.selected) setChosenEdge(change.id);
      else setChosenEdge((current) => (current === change.id ? undefined : current));
    }
  }, []);

  const onConnect = useCallback(
    ({ source, target }: Connection) => {
      applyEdit(connect(activities, source, target, 'Succeeded'));
    },
    [activities, applyEdit],
  );
  const isValidConnection = useCallback(
    ({ source, target }: { source: string; target: string }) =>
      connectionProblem(activities, source, target) === undefined,
    [activities],
  );
  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const from = state.fromNode?.id;
      const to = state.toNode?.id;
      if (state.isValid === true || from === undefined || to === undefined) return;
      if (!allNames.has(to) || from === to) return;
      const [source, target] = state.fromHandle?.type === 'target' ? [to, from] : [from, to];
      const problem = connectionProblem(activities, source, target);
      if (problem !== undefined) setNotice(problem.message);
    },
    [activities, allNames],
  );

  const deleteSelection = useCallback(() => {
    if (selectedEdge !== undefined) {
      const edge = graph.edges.find((candidate) => candidate.id === selectedEdge);
      if (
        edge !== undefined &&
        applyEdit(removeDependency(activities, { from: edge.source, to: edge.target }))
      ) {
        setChosenEdge(undefined);
      }
      return true;
    }
    if (selectedName !== undefined && allNames.has(selectedName)) {
      if (applyEdit(deleteActivity(activities, selectedName))) select(undefined);
      return true;
    }
    return false;
  }, [selectedEdge, selectedName, graph, activities, allNames, applyEdit, select]);

  const focusNode = useCallback((name: string) => {
    wrapper.current
      ?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(name)}"]`)
      ?.focus();
  }, []);

  // Nodes and edges reach these through context: one stable object calling the latest handlers,
  // so that an edit or a new `onChange` from the caller does not re-render every node.
  const handlers: CanvasActions = {
    toggleCollapsed(name) {
      const closed = view.collapsed.includes(name);
      commitView({
        ...view,
        collapsed: closed
          ? view.collapsed.filter((other) => other !== name)
          : [...view.collapsed, name],
      });
    },
    openPalette(location) {
      setPaletteTarget(location);
    },
    setConditions(dependency, conditions) {
      applyEdit(setConditions(activities, dependency, conditions));
    },
    removeDependency(dependency) {
      if (applyEdit(removeDependency(activities, dependency))) {
        setChosenEdge(undefined);
        focusNode(dependency.to);
      }
    },
    closeEdgeMenu() {
      // Back to the activity whose dependency it was, where keyboard users came from.
      const target = graph.edges.find((edge) => edge.id === selectedEdge)?.target;
      setChosenEdge(undefined);
      if (target !== undefined) focusNode(target);
    },
  };
  const latestHandlers = useRef(handlers);
  useLayoutEffect(() => {
    latestHandlers.current = handlers;
  });
  const [actions] = useState<CanvasActions>(() => ({
    toggleCollapsed: (name) => latestHandlers.current.toggleCollapsed(name),
    openPalette: (location) => latestHandlers.current.openPalette(location),
    setConditions: (dependency, conditions) =>
      latestHandlers.current.setConditions(dependency, conditions),
    removeDependency: (dependency) => latestHandlers.current.removeDependency(dependency),
    closeEdgeMenu: () => latestHandlers.current.closeEdgeMenu(),
  }));

  const addFromPalette = useCallback(
    (type: string, target: ListLocation) => {
      const result = addActivity(activities, type, target);
      if (!applyEdit(result) || !result.ok) return;
      if (target.container !== null && view.collapsed.includes(target.container)) {
        const container = target.container;
        commitView({ ...view, collapsed: view.collapsed.filter((name) => name !== container) });
      }
      setPaletteTarget(undefined);
      pendingReveal.current = result.name;
      select(result.name);
    },
    [activities, applyEdit, view, commitView, select],
  );

  // After an add: bring the new node into view and give it the focus, once xyflow drew it.
  useEffect(() => {
    const name = pendingReveal.current;
    if (name === undefined || flow.getInternalNode(name) === undefined) return;
    pendingReveal.current = undefined;
    const frame = requestAnimationFrame(() => {
      const node = flow.getInternalNode(name);
      const element = wrapper.current?.querySelector<HTMLElement>(
        `.react-flow__node[data-id="${CSS.escape(name)}"]`,
      );
      if (node === undefined || element === null || element === undefined) return;
      element.focus({ preventScroll: true });
      const bounds = wrapper.current?.getBoundingClientRect();
      const box = element.getBoundingClientRect();
      const visible =
        bounds !== undefined &&
        box.left >= bounds.left &&
        box.right <= bounds.right &&
        box.top >= bounds.top &&
        box.bottom <= bounds.bottom;
      if (!visible) {
        const { x, y } = node.internals.positionAbsolute;
        void flow.setCenter(
          x + (node.measured.width ?? 0) / 2,
          y + (node.measured.height ?? 0) / 2,
          {
            zoom: flow.getZoom(),
            duration: 200,
          },
        );
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [flow, nodes]);

  // Notices go away by themselves; the next one replaces them.
  useEffect(() => {
    if (notice === undefined) return;
    const timer = setTimeout(() => setNotice(undefined), 8000);
    return () => clearTimeout(timer);
  }, [notice]);

  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (isTextEntry(event.target)) return;
    if (!readOnly && (event.key === 'Delete' || event.key === 'Backspace')) {
      if (deleteSelection()) event.preventDefault();
    } else if (event.key === 'Escape' && paletteTarget !== undefined) {
      setPaletteTarget(undefined);
    }
  };

  const selectedFound =
    selectedName === undefined ? undefined : findActivity(activities, selectedName);
  const lists = useMemo(() => namedLists(activities), [activities]);
  const defaultTarget = selectedFound?.location ?? ROOT_LIST;

  return (
    <div
      className={`canvas${readOnly ? ' is-read-only' : ''}`}
      ref={wrapper}
      role="region"
      aria-label={label}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      <CanvasActionsContext.Provider value={actions}>
        <ReactFlow<CanvasFlowNode, DependencyFlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          onPaneClick={() => setPaletteTarget(undefined)}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          nodesFocusable
          edgesFocusable={!readOnly}
          edgesReconnectable={false}
          elementsSelectable
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          selectionOnDrag={false}
          zoomOnDoubleClick={false}
          snapToGrid
          snapGrid={SNAP_GRID}
          fitView
          fitViewOptions={FIT_VIEW_OPTIONS}
          minZoom={0.05}
          maxZoom={2}
        >
          <Background gap={20} size={1} />
          <Controls showInteractive={false} position="bottom-left" />
          <MiniMap
            position="bottom-right"
            pannable
            zoomable
            ariaLabel="Mini map of the pipeline"
            style={MINIMAP_STYLE}
            nodeClassName={(node) => `canvas-minimap-${node.type ?? 'activity'}`}
          />
          {!readOnly && (
            <Panel position="top-left" className="canvas-toolbar">
              <button
                ref={addButton}
                type="button"
                className="primary"
                aria-haspopup="dialog"
                aria-expanded={paletteTarget !== undefined}
                onClick={() =>
                  setPaletteTarget((open) => (open === undefined ? defaultTarget : undefined))
                }
              >
                + Add activity
              </button>
              <button
                type="button"
                disabled={Object.keys(view.positions).length === 0}
                onClick={() => commitView({ ...view, positions: {} })}
                title="Forget moved positions and lay the pipeline out again"
              >
                Auto layout
              </button>
              {selectedFound !== undefined && selectedName !== undefined && (
                <SelectionTools
                  name={selectedName}
                  location={selectedFound.location}
                  activities={activities}
                  lists={lists}
                  incoming={graph.edges.filter((edge) => edge.target === selectedName)}
                  onOpenDependency={setChosenEdge}
                  onEdit={applyEdit}
                  onDelete={() => {
                    if (applyEdit(deleteActivity(activities, selectedName))) select(undefined);
                  }}
                />
              )}
            </Panel>
          )}
          {!readOnly && paletteTarget !== undefined && (
            <Panel position="top-left" className="canvas-palette-panel">
              <AddActivityDialog
                key={listIdOf(paletteTarget)}
                lists={lists}
                initialTarget={paletteTarget}
                onAdd={addFromPalette}
                onClose={() => {
                  setPaletteTarget(undefined);
                  addButton.current?.focus();
                }}
              />
            </Panel>
          )}
          {graph.skipped.length > 0 && (
            <Panel position="top-right" className="canvas-warning" role="note">
              {graph.skipped.length} activit{graph.skipped.length === 1 ? 'y is' : 'ies are'} not
              drawn:{' '}
              {graph.skipped
                .map((skip) =>
                  skip.reason === 'NoName' ? 'one without a name' : `"${skip.name}" used twice`,
                )
                .join(', ')}
              .
            </Panel>
          )}
          <Panel position="bottom-center" className="canvas-notice-panel">
            <div
              role="status"
              aria-live="polite"
              className={notice === undefined ? '' : 'canvas-notice'}
            >
              {notice}
              {notice !== undefined && (
                <button
                  type="button"
                  className="canvas-notice-close"
                  aria-label="Dismiss"
                  onClick={() => setNotice(undefined)}
                >
                  ×
                </button>
              )}
            </div>
          </Panel>
        </ReactFlow>
      </CanvasActionsContext.Provider>
    </div>
  );
}

/** Tools for the selected activity: a dependent to run on its success, a new list, deletion. */
function SelectionTools({
  name,
  location,
  activities,
  lists,
  incoming,
  onOpenDependency,
  onEdit,
  onDelete,
}: {
  readonly name: string;
  readonly location: ListLocation;
  readonly activities: readonly JsonObject[];
  readonly lists: ReturnType<typeof namedLists>;
  /** The dependencies of the selected activity, to open their menus from the keyboard. */
  readonly incoming: readonly GraphEdge[];
  onOpenDependency(edgeId: string): void;
  onEdit(result: EditResult): boolean;
  onDelete(): void;
}) {
  const siblings = (getList(activities, location) ?? [])
    .map((activity) => activity['name'])
    .filter(
      (other): other is string =>
        typeof other === 'string' && connectionProblem(activities, name, other) === undefined,
    );
  const own = findActivity(activities, name);
  const insideSelected = new Set(own === undefined ? [] : collectNames([own.activity]));
  const targets = lists.filter(
    (list) =>
      !sameLocation(list.location, location) &&
      (list.location.container === null || !insideSelected.has(list.location.container)),
  );
  return (
    <>
      <span className="canvas-toolbar-selection" title={name}>
        {name}
      </span>
      <select
        aria-label={`Run an activity after ${name} succeeds`}
        value=""
        disabled={siblings.length === 0}
        onChange={(event) => onEdit(connect(activities, name, event.target.value, 'Succeeded'))}
      >
        <option value="">Then run…</option>
        {siblings.map((sibling) => (
          <option key={sibling} value={sibling}>
            {sibling}
          </option>
        ))}
      </select>
      <select
        aria-label={`Dependencies of ${name}`}
        value=""
        disabled={incoming.length === 0}
        onChange={(event) => onOpenDependency(event.target.value)}
      >
        <option value="">Depends on…</option>
        {incoming.map((edge) => (
          <option key={edge.id} value={edge.id}>
            {edge.source} ({edge.conditions.join(', ') || 'no known condition'})
          </option>
        ))}
      </select>
      <select
        aria-label={`Move ${name} to another container`}
        value=""
        onChange={(event) => {
          const target = targets.find((list) => listIdOf(list.location) === event.target.value);
          if (target !== undefined) onEdit(moveActivity(activities, name, target.location));
        }}
      >
        <option value="">Move to…</option>
        {targets.map((list) => (
          <option key={listIdOf(list.location)} value={listIdOf(list.location)}>
            {list.label}
          </option>
        ))}
      </select>
      <button type="button" className="danger" onClick={onDelete}>
        Delete
      </button>
    </>
  );
}
