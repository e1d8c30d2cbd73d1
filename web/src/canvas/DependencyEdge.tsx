import {
  BaseEdge,
  EdgeLabelRenderer,
  getBezierPath,
  useStore,
  useStoreApi,
  type EdgeProps,
  type ReactFlowState,
} from '@xyflow/react';
import { memo, useCallback, useEffect, useRef } from 'react';
import { useCanvasActions } from './canvas-actions.js';
import { ConditionIcon } from './ConditionIcon.js';
import {
  CONDITION_COLORS,
  CONDITION_DESCRIPTIONS,
  DEPENDENCY_CONDITIONS,
  type DependencyCondition,
} from './dependency-conditions.js';
import { edgeColor, type DependencyFlowEdge } from './flow-elements.js';

/** Length of one coloured stripe on an edge with several conditions. */
const STRIPE = 10;

/**
 * A dependency: a curve in its condition's colour (striped in every colour when it has several),
 * a symbol per condition at its middle, and, when selected for editing, a menu of its conditions.
 */
export const DependencyEdge = memo(function DependencyEdge(props: EdgeProps<DependencyFlowEdge>) {
  const { id, source, target, data, selected, markerEnd } = props;
  const store = useStoreApi();
  const [path, labelX, labelY] = getBezierPath({
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    sourcePosition: props.sourcePosition,
    targetX: props.targetX,
    targetY: props.targetY,
    targetPosition: props.targetPosition,
  });
  const conditions = data?.conditions ?? [];
  const readOnly = data?.readOnly ?? true;
  const stripes = conditions.length;
  // Labels live in one layer under the nodes: give them the stacking level of the edge's nodes,
  // so an inner edge's label shows over its container and under nodes drawn above it.
  const labelZ = useStore(
    useCallback(
      (state: ReactFlowState) =>
        Math.max(
          state.nodeLookup.get(source)?.internals.z ?? 0,
          state.nodeLookup.get(target)?.internals.z ?? 0,
        ),
      [source, target],
    ),
  );
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        interactionWidth={18}
        className={conditions.length === 0 ? 'canvas-edge-unknown' : undefined}
        style={{ stroke: edgeColor(conditions), strokeWidth: selected === true ? 3.5 : 2 }}
      />
      {conditions.slice(1).map((condition, index) => (
        <path
          key={condition}
          d={path}
          className="canvas-edge-stripe"
          style={{
            stroke: CONDITION_COLORS[condition],
            strokeWidth: selected === true ? 3.5 : 2,
            strokeDasharray: `${STRIPE} ${STRIPE * (stripes - 1)}`,
            strokeDashoffset: -(index + 1) * STRIPE,
          }}
        />
      ))}
      <EdgeLabelRenderer>
        <div
          className={`canvas-edge-label${readOnly ? '' : ' is-clickable'} nodrag nopan`}
          style={{
            transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`,
            zIndex: labelZ,
          }}
          onClick={readOnly ? undefined : () => store.getState().addSelectedEdges([id])}
          title={conditions.join(', ') || 'No known condition'}
        >
          {conditions.length === 0 ? (
            <span className="canvas-edge-unknown-mark">?</span>
          ) : (
            conditions.map((condition) => <ConditionIcon key={condition} condition={condition} />)
          )}
        </div>
        {selected === true && !readOnly && (
          <EdgeMenu from={source} to={target} conditions={conditions} x={labelX} y={labelY} />
        )}
      </EdgeLabelRenderer>
    </>
  );
});

function EdgeMenu({
  from,
  to,
  conditions,
  x,
  y,
}: {
  readonly from: string;
  readonly to: string;
  readonly conditions: readonly DependencyCondition[];
  readonly x: number;
  readonly y: number;
}) {
  const actions = useCanvasActions();
  // The menu keeps its size whatever the zoom, to stay readable.
  const zoom = useStore((state: ReactFlowState) => state.transform[2]);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The first control that takes focus (the only checked condition is disabled).
    menu.current
      ?.querySelector<HTMLElement>('input:not(:disabled), button')
      ?.focus({ preventScroll: true });
  }, []);
  const dependency = { from, to };
  return (
    <div
      ref={menu}
      role="dialog"
      aria-label={`Dependency of ${to} on ${from}`}
      className="canvas-edge-menu nodrag nopan nowheel"
      style={{ transform: `translate(${x}px, ${y}px) scale(${1 / zoom}) translate(-50%, 14px)` }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          actions.closeEdgeMenu();
        }
      }}
    >
      <p className="canvas-edge-menu-title">
        Run <strong>{to}</strong> after <strong>{from}</strong>:
      </p>
      {DEPENDENCY_CONDITIONS.map((condition) => {
        const checked = conditions.includes(condition);
        const last = checked && conditions.length === 1;
        return (
          <label
            key={condition}
            className="canvas-edge-menu-option"
            title={last ? 'A dependency needs a condition: delete it instead' : undefined}
          >
            <input
              type="checkbox"
              checked={checked}
              disabled={last}
              onChange={(event) =>
                actions.setConditions(
                  dependency,
                  event.target.checked
                    ? [...conditions, condition]
                    : conditions.filter((other) => other !== condition),
                )
              }
            />
            <ConditionIcon condition={condition} size={14} />
            {condition}
            <span className="muted small">{CONDITION_DESCRIPTIONS[condition]}</span>
          </label>
        );
      })}
      <div className="canvas-edge-menu-actions">
        <button
          type="button"
          className="danger"
          onClick={() => actions.removeDependency(dependency)}
        >
          Delete dependency
        </button>
        <button type="button" onClick={() => actions.closeEdgeMenu()}>
          Close
        </button>
      </div>
    </div>
  );
}
