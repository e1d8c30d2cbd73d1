/**
 * Draws a step graph (step-graph.ts, laid out by step-graph-layout.ts) with @xyflow/react: steps
 * as buttons coloured by status with a "Reused" mark, data inputs and pipeline outputs as pills,
 * wires labelled with what flows. Read-only: nothing drags or connects; choosing a step (click,
 * or Tab and Enter) is the one interaction.
 */
import '@xyflow/react/dist/style.css';
import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeProps,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import { createContext, useContext, useEffect, useMemo } from 'react';
import { formatDuration } from '../ui/format.js';
import { statusTone } from '../ui/status-tone.js';
import { isActive } from './run-facts.js';
import {
  stepNameOf,
  StepGraphNodeKinds,
  type StepGraph,
  type StepGraphNode,
} from './step-graph.js';
import { layoutStepGraph } from './step-graph-layout.js';

type StepFlowNode = Node<{ readonly node: StepGraphNode }, 'step'>;
type DataFlowNode = Node<{ readonly node: StepGraphNode }, 'data'>;

interface GraphSettings {
  readonly selectedStep: string | undefined;
  readonly onSelectStep: ((stepName: string) => void) | undefined;
  readonly direction: 'TB' | 'LR';
}

const GraphContext = createContext<GraphSettings>({
  selectedStep: undefined,
  onSelectStep: undefined,
  direction: 'TB',
});

function targetSide(direction: 'TB' | 'LR'): Position {
  return direction === 'TB' ? Position.Top : Position.Left;
}

function sourceSide(direction: 'TB' | 'LR'): Position {
  return direction === 'TB' ? Position.Bottom : Position.Right;
}

function StepNodeView({ data }: NodeProps<StepFlowNode>) {
  const { selectedStep, onSelectStep, direction } = useContext(GraphContext);
  const step = data.node.step;
  if (step === undefined) return null;
  const tone = step.status === undefined ? 'neutral' : statusTone(step.status);
  const selected = selectedStep === step.stepName;
  const details = [
    step.status === undefined || step.stepType !== 'command' ? step.stepType : undefined,
    step.durationMs === null ? undefined : formatDuration(step.durationMs),
    step.attempts > 1 ? `${step.attempts} attempts` : undefined,
    step.status === undefined && !step.allowReuse ? 'never reused' : undefined,
  ].filter((part) => part !== undefined);
  const summary = [step.status, step.reused ? 'reused' : undefined, ...details]
    .filter((part) => part !== undefined)
    .join(', ');
  const content = (
    <>
      <span className="ml-step-node-title">
        <span className="ml-step-node-name">{data.node.label}</span>
        {step.reused ? (
          <span className="ml-reused-badge" title="Reused the outputs of an earlier run">
            <span aria-hidden="true">♻</span> Reused
          </span>
        ) : null}
      </span>
      <span className="ml-step-node-meta">
        {step.status === undefined ? null : (
          <span className={`status-badge tone-${tone}`}>{step.status}</span>
        )}
        <span className="muted small">{details.join(' · ')}</span>
      </span>
    </>
  );
  const className = `ml-step-node tone-border-${tone}${selected ? ' selected' : ''}${step.status !== undefined && isActive(step.status) ? ' active' : ''}`;
  return (
    <>
      <Handle type="target" position={targetSide(direction)} isConnectable={false} />
      {onSelectStep === undefined ? (
        <div
          className={className}
          aria-label={`Step ${step.stepName}${summary === '' ? '' : `: ${summary}`}`}
        >
          {content}
        </div>
      ) : (
        <button
          type="button"
          className={className}
          aria-pressed={selected}
          aria-label={`Step ${step.stepName}: ${summary}`}
        >
          {content}
        </button>
      )}
      <Handle type="source" position={sourceSide(direction)} isConnectable={false} />
    </>
  );
}

function DataNodeView({ data }: NodeProps<DataFlowNode>) {
  const { direction } = useContext(GraphContext);
  const node = data.node;
  const input = node.kind === StepGraphNodeKinds.dataInput;
  return (
    <>
      {input ? null : (
        <Handle type="target" position={targetSide(direction)} isConnectable={false} />
      )}
      <div
        className={`ml-data-node ${input ? 'input' : 'output'}`}
        title={node.detail === undefined ? node.label : `${node.label}: ${node.detail}`}
      >
        <span className="ml-data-node-name">
          <span aria-hidden="true">{input ? '⬒ ' : '⬓ '}</span>
          {node.label}
          <span className="visually-hidden">{input ? ' (data input)' : ' (pipeline output)'}</span>
        </span>
        {node.detail === undefined ? null : (
          <span className="ml-data-node-detail">{node.detail}</span>
        )}
      </div>
      {input ? (
        <Handle type="source" position={sourceSide(direction)} isConnectable={false} />
      ) : null}
    </>
  );
}

const nodeTypes = { step: StepNodeView, data: DataNodeView };
const FIT_VIEW = { padding: 0.15, maxZoom: 1 };
const MIN_HEIGHT = 180;

/** Fits the graph again whenever its box changes size (a step panel opens beside it). */
function FitOnResize() {
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (width > 0 && height > 0) void fitView(FIT_VIEW);
  }, [width, height, fitView]);
  return null;
}

export interface StepGraphViewProps {
  readonly graph: StepGraph;
  /** The graph's height at most, in pixels; a small graph takes less. (Default: 420) */
  readonly maxHeight?: number;
  readonly selectedStep?: string;
  /** Without it, steps are not buttons (a pipeline's page draws its definition only). */
  readonly onSelectStep?: (stepName: string) => void;
  readonly label: string;
  /** (Default: 'TB', top to bottom) */
  readonly direction?: 'TB' | 'LR';
}

export function StepGraphView({
  graph,
  maxHeight = 420,
  selectedStep,
  onSelectStep,
  label,
  direction = 'TB',
}: StepGraphViewProps) {
  const layout = useMemo(() => layoutStepGraph(graph, { direction }), [graph, direction]);
  // Room for the graph at full size and the zoom controls, within the bounds.
  const height = Math.min(maxHeight, Math.max(MIN_HEIGHT, layout.height + 96));
  const nodes = useMemo(
    () =>
      layout.nodes.map((node): StepFlowNode | DataFlowNode => ({
        id: node.id,
        type: node.kind === StepGraphNodeKinds.step ? 'step' : 'data',
        position: { x: node.x, y: node.y },
        data: { node },
        width: node.width,
        height: node.height,
        selectable: false,
        draggable: false,
        connectable: false,
        focusable: false,
      })),
    [layout],
  );
  const edges = useMemo(() => {
    const stepStatus = new Map(layout.nodes.map((node) => [node.id, node.step?.status] as const));
    return layout.edges.map((edge): Edge => {
      const targetStatus = stepStatus.get(edge.target);
      return {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        type: 'smoothstep',
        ...(edge.label === undefined
          ? {}
          : { label: edge.label, labelBgPadding: [4, 2] as [number, number] }),
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
        animated: targetStatus !== undefined && targetStatus === 'Running',
        selectable: false,
        focusable: false,
      };
    });
  }, [layout]);
  const settings = useMemo(
    () => ({ selectedStep, onSelectStep, direction }),
    [selectedStep, onSelectStep, direction],
  );

  return (
    <GraphContext.Provider value={settings}>
      <div className="ml-graph" style={{ height }} role="group" aria-label={label}>
        <ReactFlow
          // A new structure (the definition arrived, a step appeared) is fitted to the view again.
          key={layout.nodes.map((node) => node.id).join('|')}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={FIT_VIEW}
          minZoom={0.3}
          maxZoom={1.5}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          // Clicks (and Enter or Space on a step's button, which click it) reach the node: a
          // node with a click handler takes pointer events, one without leaves them to the pane.
          {...(onSelectStep === undefined
            ? {}
            : {
                onNodeClick: (_event: unknown, node: { readonly id: string }) => {
                  const name = stepNameOf(node.id);
                  if (name !== undefined) onSelectStep(name);
                },
              })}
        >
          <Background gap={16} />
          <Controls showInteractive={false} position="bottom-right" />
          <FitOnResize />
        </ReactFlow>
      </div>
    </GraphContext.Provider>
  );
}
