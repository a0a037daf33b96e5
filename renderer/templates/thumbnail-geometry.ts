/**
 * A template's picture, computed from its node positions. Classic networks are long chains (an
 * Inception v3 is 60 times taller than wide), so a long drawing is folded into columns, like a
 * page of text, to fill a card instead of becoming a hairline.
 */
import type { GraphDocument } from '../../app/graph/document.ts';
import { findLayer } from '../../app/layers/catalog.ts';
import { LAYER_NODE_SIZE } from '../canvas/flow-model.ts';

export interface ThumbnailShape {
  width: number;
  height: number;
  nodes: { x: number; y: number; w: number; h: number; category: string }[];
  edges: { x1: number; y1: number; x2: number; y2: number }[];
}

interface Placed {
  x: number;
  y: number;
}

export function thumbnailShape(doc: GraphDocument, width: number, height: number): ThumbnailShape {
  if (doc.nodes.length === 0) return { width, height, nodes: [], edges: [] };
  const W = LAYER_NODE_SIZE.width;
  const H = LAYER_NODE_SIZE.height;
  const xs = doc.nodes.map((n) => n.position.x);
  const ys = doc.nodes.map((n) => n.position.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const spanX = Math.max(...xs) - minX + W;
  const spanY = Math.max(...ys) - minY + H;
  const target = width / height;

  // Fold along the long axis into k strips so the drawing's aspect comes near the card's.
  const tall = spanY / spanX > target * 1.6;
  const wide = spanX / spanY > target * 2.5;
  const strips = tall
    ? Math.max(1, Math.round(Math.sqrt((target * spanY) / spanX)))
    : wide
      ? Math.max(1, Math.round(Math.sqrt(spanX / (target * spanY))))
      : 1;
  const gap = tall ? spanX * 0.25 : spanY * 0.25;
  const stripLength = (tall ? spanY : spanX) / strips;

  const place = (x: number, y: number): Placed & { strip: number } => {
    const u = x - minX;
    const v = y - minY;
    if (tall) {
      const strip = Math.min(strips - 1, Math.floor(v / stripLength));
      return { x: u + strip * (spanX + gap), y: v - strip * stripLength, strip };
    }
    if (wide) {
      const strip = Math.min(strips - 1, Math.floor(u / stripLength));
      return { x: u - strip * stripLength, y: v + strip * (spanY + gap), strip };
    }
    return { x: u, y: v, strip: 0 };
  };
  const placed = new Map(doc.nodes.map((n) => [n.id, place(n.position.x, n.position.y)]));
  const drawnW = tall ? strips * spanX + (strips - 1) * gap : wide ? stripLength + W : spanX;
  const drawnH = wide ? strips * spanY + (strips - 1) * gap : tall ? stripLength + H : spanY;
  const pad = 10;
  const scale = Math.min((width - 2 * pad) / drawnW, (height - 2 * pad) / drawnH);
  const ox = (width - drawnW * scale) / 2;
  const oy = (height - drawnH * scale) / 2;
  const sx = (x: number) => ox + x * scale;
  const sy = (y: number) => oy + y * scale;
  const w = Math.max(2, W * scale);
  const h = Math.max(1.5, H * scale);

  const nodes = doc.nodes.map((n) => {
    const p = placed.get(n.id) as Placed;
    return { x: sx(p.x), y: sy(p.y), w, h, category: findLayer(n.type)?.category ?? 'core' };
  });
  const edges: ThumbnailShape['edges'] = [];
  for (const e of doc.edges) {
    const a = placed.get(e.source.node);
    const b = placed.get(e.target.node);
    // An edge that jumps to the next strip would cut across the picture; the fold implies it.
    if (!a || !b || a.strip !== b.strip) continue;
    edges.push({
      x1: sx(a.x) + w / 2,
      y1: sy(a.y) + h / 2,
      x2: sx(b.x) + w / 2,
      y2: sy(b.y) + h / 2,
    });
  }
  return { width, height, nodes, edges };
}
