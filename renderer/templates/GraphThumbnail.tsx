/** A small SVG picture of a network, drawn from its node positions. */
import { useMemo } from 'react';
import type { GraphDocument } from '../../app/graph/document.ts';
import { thumbnailShape } from './thumbnail-geometry.ts';

export function GraphThumbnail({
  doc,
  width = 280,
  height = 140,
}: {
  doc: GraphDocument;
  width?: number;
  height?: number;
}) {
  const shape = useMemo(() => thumbnailShape(doc, width, height), [doc, width, height]);
  return (
    <svg
      className="thumbnail"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      aria-hidden="true"
    >
      <g className="thumbnail__edges">
        {shape.edges.map((e, i) => (
          <line key={i} x1={e.x1} y1={e.y1} x2={e.x2} y2={e.y2} />
        ))}
      </g>
      <g>
        {shape.nodes.map((n, i) => (
          <rect
            key={i}
            x={n.x}
            y={n.y}
            width={n.w}
            height={n.h}
            rx={Math.min(3, n.h / 3)}
            className={`thumbnail__node cat-${n.category}`}
          />
        ))}
      </g>
    </svg>
  );
}
