import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useId } from 'react';
import { formatDuration } from '../ui/format.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { statusTone } from '../ui/status-tone.js';
import { categoryKeyOf } from './activity-palette.js';
import { useCanvasActions } from './canvas-actions.js';
import type { ActivityFlowNode } from './flow-elements.js';

/**
 * An activity: icon, name, type; its run status and duration on monitor views; a marker with the
 * number of problems. An opened container draws the same header and leaves its body to its branch
 * nodes.
 */
export const ActivityNode = memo(function ActivityNode({
  data,
  selected,
}: NodeProps<ActivityFlowNode>) {
  const { name, container, status, problems, readOnly, headerHeight } = data;
  const actions = useCanvasActions();
  const problemsId = useId();
  const open = container !== undefined && !container.collapsed;
  const classes = [
    'canvas-activity',
    open ? 'is-open' : '',
    container === undefined ? '' : 'is-container',
    selected ? 'is-selected' : '',
    status === undefined ? '' : `status-${statusTone(status.status)}`,
    problems.length > 0 ? 'has-problems' : '',
    data.notRun ? 'is-not-run' : '',
  ];
  return (
    <div className={classes.filter(Boolean).join(' ')}>
      <Handle
        type="target"
        position={Position.Left}
        isConnectable={!readOnly}
        className={readOnly ? 'canvas-handle is-hidden' : 'canvas-handle'}
        style={{ top: headerHeight / 2 }}
        aria-label={`Connect into ${name}`}
      />
      <div className="canvas-activity-header" style={{ height: headerHeight }}>
        <span
          className={`canvas-activity-icon category-${categoryKeyOf(data.activityType)}`}
          aria-hidden="true"
        >
          {data.icon}
        </span>
        <span className="canvas-activity-text">
          <span className="canvas-activity-name" title={name}>
            {name}
          </span>
          <span className="canvas-activity-type" title={data.activityType}>
            {data.typeLabel}
            {container === undefined ? '' : ` · ${container.innerCount} inside`}
          </span>
          {status !== undefined && (
            <span className="canvas-activity-status">
              <StatusBadge status={status.status} />
              {status.durationMs !== undefined && (
                <span className="canvas-activity-duration">
                  {formatDuration(status.durationMs)}
                </span>
              )}
            </span>
          )}
        </span>
        {problems.length > 0 && (
          <span className="canvas-problems" aria-describedby={problemsId}>
            <span aria-hidden="true">⚠</span>
            {problems.length}
            <span role="tooltip" id={problemsId} className="canvas-problems-tooltip">
              <ul>
                {problems.map((problem, index) => (
                  <li key={index}>{problem}</li>
                ))}
              </ul>
            </span>
          </span>
        )}
        {container !== undefined && (
          <button
            type="button"
            className="canvas-toggle nodrag"
            aria-expanded={open}
            aria-label={`${open ? 'Close' : 'Open'} ${name}`}
            title={open ? 'Close the container' : 'Open the container'}
            onClick={(event) => {
              event.stopPropagation();
              actions.toggleCollapsed(name);
            }}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        )}
      </div>
      <Handle
        type="source"
        position={Position.Right}
        isConnectable={!readOnly}
        className={readOnly ? 'canvas-handle is-hidden' : 'canvas-handle'}
        style={{ top: headerHeight / 2 }}
        aria-label={`Connect from ${name}`}
      />
    </div>
  );
});
