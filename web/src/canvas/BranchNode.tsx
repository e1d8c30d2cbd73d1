import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useCanvasActions } from './canvas-actions.js';
import type { BranchFlowNode } from './flow-elements.js';

/** One list of an opened container: "True", "False", a case, "Default", "Activities". */
export const BranchNode = memo(function BranchNode({ data }: NodeProps<BranchFlowNode>) {
  const actions = useCanvasActions();
  return (
    <div className="canvas-branch">
      <div className="canvas-branch-header">
        <span className="canvas-branch-label" title={data.label}>
          {data.label}
        </span>
        {!data.readOnly && (
          <button
            type="button"
            className="canvas-branch-add nodrag"
            aria-label={`Add activity to ${data.containerName}: ${data.label}`}
            title="Add activity here"
            onClick={(event) => {
              event.stopPropagation();
              actions.openPalette(data.location);
            }}
          >
            +
          </button>
        )}
      </div>
      {data.empty && <div className="canvas-branch-empty">No activities</div>}
    </div>
  );
});
