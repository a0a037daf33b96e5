/**
 * An edge labelled with the tensor shape it carries. A broken edge is drawn red and says why on
 * hover.
 */
import { BaseEdge, EdgeLabelRenderer, getBezierPath } from '@xyflow/react';
import type { EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowEdge } from './flow-model.ts';

function ShapeEdgeView(props: EdgeProps<FlowEdge>) {
  const { id, data, selected, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath(props);
  const invalid = Boolean(data?.problem);
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} interactionWidth={16} />
      <EdgeLabelRenderer>
        <div
          className="edge-label nodrag nopan"
          data-invalid={invalid ? 'true' : undefined}
          data-unknown={data?.shape === '—' ? 'true' : undefined}
          data-selected={selected ? 'true' : undefined}
          data-testid={`edge-label-${id}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          title={data?.problem ?? `Carries ${data?.fullShape ?? ''}`}
        >
          {data?.shape}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
