/**
 * The one node component every layer type renders with: the catalog supplies the label, the
 * words for its key params, and its input arity; inference supplies the shape, the count and any
 * problem. Handles follow the flow direction (inputs left or top, output right or bottom).
 */
import { Handle, Position } from '@xyflow/react';
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatCount, formatExact } from '../ui/format.ts';
import type { LayerFlowNode } from './flow-model.ts';
import { useRemeasureOnChange } from './remeasure.ts';

function LayerNodeView({ id, data, selected }: NodeProps<LayerFlowNode>) {
  useRemeasureOnChange(id, data.ports.join(',') + data.direction);

  const horizontal = data.direction === 'LR';
  const connected = new Set(data.connectedPorts);
  const tooltip = data.problems.map((p) => p.message).join('\n');
  return (
    <div
      className="layer-node"
      data-category={data.category}
      data-state={data.worst ?? 'ok'}
      data-selected={selected ? 'true' : undefined}
      data-testid={`node-${id}`}
    >
      {data.ports.map((port, i) => (
        <Handle
          key={port}
          id={`in-${port}`}
          type="target"
          position={horizontal ? Position.Left : Position.Top}
          className={connected.has(port) ? 'port port--connected' : 'port port--free'}
          style={
            horizontal
              ? { top: `${((i + 1) / (data.ports.length + 1)) * 100}%` }
              : { left: `${((i + 1) / (data.ports.length + 1)) * 100}%` }
          }
          data-testid={`port-${id}-in-${port}`}
          title={`Input ${port + 1}`}
        />
      ))}
      <div className="layer-node__header">
        <span className="layer-node__swatch" aria-hidden="true" />
        <span className="layer-node__type" title={data.label}>
          {data.label}
        </span>
        <span className="layer-node__id" title={data.name ? `${data.name} (${id})` : id}>
          {data.name ?? id}
        </span>
      </div>
      <div className="layer-node__description" title={data.description}>
        {data.description || '\u00a0'}
      </div>
      <div className="layer-node__footer">
        <span
          className="layer-node__shape"
          title={`Output shape ${data.fullShape}`}
          data-testid="node-shape"
          data-unknown={data.shape === '—' && data.worst !== 'error' ? 'true' : undefined}
        >
          {data.shape !== '—' ? data.shape : data.worst === 'error' ? 'no shape' : 'shape unknown'}
        </span>
        {data.sharesWith && (
          <span className="layer-node__shares" title={`Shares weights with ${data.sharesWith}`}>
            ⇄ {data.sharesWith}
          </span>
        )}
        <span
          className="layer-node__params"
          title={`${formatExact(data.params)} parameters`}
          data-testid="node-params"
        >
          {data.params > 0 ? `${formatCount(data.params)} params` : ''}
        </span>
      </div>
      {data.problems.length > 0 && (
        <div
          className="layer-node__badge"
          data-severity={data.worst ?? undefined}
          aria-label={tooltip}
        >
          {data.worst === 'error' ? '!' : '?'}
        </div>
      )}
      {data.problems.length > 0 && (
        <div className="layer-node__problems" role="tooltip" data-testid="node-problems">
          {data.problems.map((p, i) => (
            <p key={i} data-severity={p.severity}>
              {p.message}
            </p>
          ))}
        </div>
      )}
      {data.hasOutput && (
        <Handle
          id="out"
          type="source"
          position={horizontal ? Position.Right : Position.Bottom}
          className="port port--out"
          data-testid={`port-${id}-out`}
          title="Output"
        />
      )}
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
