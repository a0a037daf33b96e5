/**
 * A collapsed block: one node standing for all the layers inside it, with a handle for every
 * tensor that crosses its boundary, and what goes in, what comes out and what it weighs.
 */
import { Handle, Position } from '@xyflow/react';
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { setBlockCollapsed } from '../editing/group-actions.ts';
import { formatCount, formatExact } from '../ui/format.ts';
import { Icon } from '../ui/Icon.tsx';
import type { CollapsedFlowNode, PortView } from './flow-model.ts';
import { useRemeasureOnChange } from './remeasure.ts';

function CollapsedGroupNodeView({ id, data }: NodeProps<CollapsedFlowNode>) {
  useRemeasureOnChange(
    id,
    [...data.inputs, ...data.outputs].map((p) => p.handle).join(',') + data.direction,
  );
  const horizontal = data.direction === 'LR';
  const spread = (i: number, n: number) =>
    horizontal
      ? { top: `${((i + 1) / (n + 1)) * 100}%` }
      : { left: `${((i + 1) / (n + 1)) * 100}%` };
  const shapes = (ports: readonly PortView[]) =>
    ports.length === 0 ? '—' : [...new Set(ports.map((p) => p.shape))].join(', ');
  return (
    <div
      className="collapsed-node"
      data-state={data.errors > 0 ? 'error' : 'ok'}
      data-testid={`block-${data.groupId}`}
    >
      {data.inputs.map((port, i) => (
        <Handle
          key={port.handle}
          id={port.handle}
          type="target"
          position={horizontal ? Position.Left : Position.Top}
          className="port port--connected"
          style={spread(i, data.inputs.length)}
          isConnectable={false}
        />
      ))}
      <div className="collapsed-node__header">
        <Icon name="block" />
        <span className="collapsed-node__name" title={data.name}>
          {data.name}
        </span>
        <button
          type="button"
          className="icon-button nodrag"
          title="Expand block"
          aria-label={`Expand ${data.name}`}
          onClick={() => setBlockCollapsed(data.groupId, false)}
        >
          <Icon name="expand" />
        </button>
      </div>
      <dl className="collapsed-node__io">
        <dt>in</dt>
        <dd title={shapes(data.inputs)} data-testid="block-inputs">
          {shapes(data.inputs)}
        </dd>
        <dt>out</dt>
        <dd title={shapes(data.outputs)} data-testid="block-outputs">
          {shapes(data.outputs)}
        </dd>
      </dl>
      <div className="collapsed-node__footer">
        <span>{data.layers} layers</span>
        <span title={`${formatExact(data.params)} parameters`} data-testid="block-params">
          {formatCount(data.params)} params
        </span>
      </div>
      {data.outputs.map((port, i) => (
        <Handle
          key={port.handle}
          id={port.handle}
          type="source"
          position={horizontal ? Position.Right : Position.Bottom}
          className="port port--out"
          style={spread(i, data.outputs.length)}
          isConnectable={false}
        />
      ))}
    </div>
  );
}

export const CollapsedGroupNode = memo(CollapsedGroupNodeView);
