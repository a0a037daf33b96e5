/**
 * An expanded block: a labelled frame behind its layers. The title bar drags the whole block;
 * the body lets clicks and box-selection reach the canvas.
 */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { setBlockCollapsed } from '../editing/group-actions.ts';
import { formatCount, formatExact } from '../ui/format.ts';
import { Icon } from '../ui/Icon.tsx';
import type { FrameFlowNode } from './flow-model.ts';

function GroupFrameNodeView({ data, selected }: NodeProps<FrameFlowNode>) {
  return (
    <div
      className="group-frame"
      data-selected={selected ? 'true' : undefined}
      data-state={data.errors > 0 ? 'error' : 'ok'}
      data-testid={`frame-${data.groupId}`}
    >
      <div className="group-frame__title">
        <button
          type="button"
          className="icon-button nodrag"
          title="Collapse block"
          aria-label={`Collapse ${data.name}`}
          onClick={() => setBlockCollapsed(data.groupId, true)}
        >
          <Icon name="collapse" />
        </button>
        <span className="group-frame__name" title={data.name}>
          {data.name}
        </span>
        <span className="group-frame__meta" title={`${formatExact(data.params)} parameters`}>
          {data.layers} layers · {formatCount(data.params)} params
        </span>
      </div>
    </div>
  );
}

export const GroupFrameNode = memo(GroupFrameNodeView);
