/** Auto-layout as one undo step, followed by fitting the view to the result. */
import type { GraphDocument } from '../../app/graph/document.ts';
import { moveNodes } from '../../app/graph/edit.ts';
import { fitToContent, measuredSizes } from '../canvas/flow-instance.ts';
import { layoutDocument } from '../canvas/layout.ts';
import { setUi, toast } from '../store/ui-store.ts';
import type { FlowDirection } from '../store/ui-store.ts';
import { applyEdit, currentDoc } from './apply.ts';

export async function autoLayout(direction: FlowDirection): Promise<void> {
  const doc = currentDoc();
  if (doc.nodes.length === 0) return;
  setUi({ busy: 'Laying out…' });
  try {
    const positions = await layoutDocument(doc, direction, (id) => measuredSizes.get(id));
    // The user kept editing while ELK worked: laying out a stale document would undo their edit.
    if (currentDoc() !== doc) return;
    setUi({ direction });
    applyEdit(
      direction === 'LR' ? 'Auto-layout left to right' : 'Auto-layout top to bottom',
      moveNodes(doc, positions),
    );
    await fitViewSoon();
  } catch (err) {
    toast('error', 'Auto-layout failed', err instanceof Error ? err.message : String(err));
  } finally {
    setUi({ busy: null });
  }
}

/**
 * Fits once React Flow has drawn the new positions and measured the nodes (two frames). The
 * bounds come from the document itself, so a fit never sees stale positions.
 */
export function fitViewSoon(duration = 250, readable = false): Promise<void> {
  return new Promise((done) =>
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        fitToContent({ duration, readable });
        setTimeout(done, duration);
      }),
    ),
  );
}

/**
 * Which way a document reads, from its wires: mostly rightward edges mean left to right. Handles
 * follow it so wires leave and enter nodes on the sides they travel.
 */
export function guessDirection(doc: GraphDocument): FlowDirection {
  const at = new Map(doc.nodes.map((n) => [n.id, n.position]));
  let dx = 0;
  let dy = 0;
  for (const edge of doc.edges) {
    const a = at.get(edge.source.node);
    const b = at.get(edge.target.node);
    if (!a || !b) continue;
    dx += Math.abs(b.x - a.x);
    dy += Math.abs(b.y - a.y);
  }
  return dy > dx * 1.2 ? 'TB' : 'LR';
}
