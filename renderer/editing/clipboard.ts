/**
 * Copy, cut and paste through the system clipboard, so layers move between windows and
 * documents. What is copied is itself a small Netwright document; what is pasted goes through
 * the same loader as a file (parseDocument), so a hostile or stale clipboard can only be refused,
 * never corrupt the open document. Pasting composes the ordinary edit operations.
 */
import type { XYPosition } from '@xyflow/react';
import { emptyDocument } from '../../app/graph/document.ts';
import type { GraphDocument, GraphGroup, GraphNode } from '../../app/graph/document.ts';
import {
  addNode,
  connect,
  groupNodes,
  removeNodes,
  setGroupCollapsed,
  setShareWeights,
} from '../../app/graph/edit.ts';
import { DocumentError } from '../../app/graph/errors.ts';
import { parseDocumentText, serializeDocument } from '../../app/graph/load.ts';
import { editorStore } from '../store/editor-store.ts';
import { emptySelection } from '../store/history.ts';
import { toast } from '../store/ui-store.ts';
import { applyEdit, currentDoc } from './apply.ts';

/** The selection (with the layers of selected blocks) as a document of its own, or null. */
export function selectionAsDocument(): GraphDocument | null {
  const { doc, selection } = editorStore.get();
  const chosenGroups = new Set(selection.groups);
  const parentOf = new Map(doc.groups.map((g) => [g.id, g.parent]));
  const inChosenGroup = (group: string | undefined) => {
    for (let at = group; at !== undefined; at = parentOf.get(at))
      if (chosenGroups.has(at)) return true;
    return false;
  };
  const ids = new Set(selection.nodes);
  for (const node of doc.nodes) if (inChosenGroup(node.group)) ids.add(node.id);
  if (ids.size === 0) return null;
  const nodes = doc.nodes.filter((n) => ids.has(n.id));
  const edges = doc.edges.filter((e) => ids.has(e.source.node) && ids.has(e.target.node));
  // Keep the blocks the copied layers sit in, up to the top, so nesting survives the trip.
  const groupIds = new Set<string>();
  for (const node of nodes) {
    for (let at = node.group; at !== undefined && !groupIds.has(at); at = parentOf.get(at))
      groupIds.add(at);
  }
  return {
    ...emptyDocument('Clipboard'),
    nodes: nodes.map((n) =>
      n.shareWeightsWith !== undefined && !ids.has(n.shareWeightsWith) ? withoutSharing(n) : n,
    ),
    edges,
    groups: doc.groups.filter((g) => groupIds.has(g.id)),
  };
}

/** A borrower whose owner stays behind keeps its settings but owns its weights in the copy. */
function withoutSharing(node: GraphNode): GraphNode {
  const { shareWeightsWith: _owner, ...rest } = node;
  return rest;
}

export function copyText(): string | null {
  const fragment = selectionAsDocument();
  return fragment ? serializeDocument(fragment) : null;
}

/** After a cut has been copied: removes what was copied, as one undo step. */
export function removeCopied(): void {
  const fragment = selectionAsDocument();
  if (!fragment) return;
  applyEdit(
    'Cut',
    removeNodes(
      currentDoc(),
      fragment.nodes.map((n) => n.id),
    ),
    { selection: emptySelection },
  );
}

/**
 * Pastes clipboard text. With `at`, the pasted block's top-left lands there; otherwise it sits
 * a little below and right of where it came from.
 */
export function pasteText(text: string, at: XYPosition | null): void {
  let fragment: GraphDocument;
  try {
    fragment = parseDocumentText(text);
  } catch (err) {
    const reason =
      err instanceof DocumentError
        ? (err.problems[0]?.message ?? err.message)
        : 'The clipboard does not hold Netwright layers.';
    toast('error', 'Nothing to paste', reason);
    return;
  }
  if (fragment.nodes.length === 0) return;
  const minX = Math.min(...fragment.nodes.map((n) => n.position.x));
  const minY = Math.min(...fragment.nodes.map((n) => n.position.y));
  const offset = at ? { x: at.x - minX, y: at.y - minY } : { x: 40, y: 40 };
  const pasted = insertFragment(currentDoc(), fragment, offset);
  if (!pasted.ok) {
    toast('error', 'Could not paste', pasted.message);
    return;
  }
  applyEdit(
    fragment.nodes.length === 1 ? 'Paste' : `Paste ${fragment.nodes.length} layers`,
    { ok: true, doc: pasted.doc },
    { selection: { ...emptySelection, nodes: pasted.ids } },
  );
}

type Inserted = { ok: true; doc: GraphDocument; ids: string[] } | { ok: false; message: string };

function insertFragment(
  target: GraphDocument,
  fragment: GraphDocument,
  offset: XYPosition,
): Inserted {
  let doc = target;
  const idOf = new Map<string, string>();
  for (const node of fragment.nodes) {
    const added = addNode(
      doc,
      node.type,
      { x: node.position.x + offset.x, y: node.position.y + offset.y },
      { params: node.params, ...(node.name !== undefined ? { name: node.name } : {}) },
    );
    if (!added.ok) return { ok: false, message: added.error.message };
    doc = added.doc;
    idOf.set(node.id, added.id);
  }
  for (const edge of fragment.edges) {
    const wired = connect(
      doc,
      idOf.get(edge.source.node) as string,
      idOf.get(edge.target.node) as string,
      edge.target.port,
    );
    if (wired.ok) doc = wired.doc;
  }
  // Outer blocks first: grouping a subset later nests it inside the block that holds it.
  const depth = (g: GraphGroup): number => {
    let d = 0;
    for (let at = g.parent; at !== undefined; at = fragment.groups.find((x) => x.id === at)?.parent)
      d++;
    return d;
  };
  const chainHas = (group: string | undefined, wanted: string): boolean => {
    for (let at = group; at !== undefined; at = fragment.groups.find((x) => x.id === at)?.parent) {
      if (at === wanted) return true;
    }
    return false;
  };
  for (const group of [...fragment.groups].sort((a, b) => depth(a) - depth(b))) {
    const members = fragment.nodes.filter((n) => chainHas(n.group, group.id));
    if (members.length === 0) continue;
    const grouped = groupNodes(
      doc,
      members.map((n) => idOf.get(n.id) as string),
      group.name,
    );
    if (!grouped.ok) continue;
    doc = grouped.doc;
    if (group.collapsed) {
      const folded = setGroupCollapsed(doc, grouped.groupId, true);
      if (folded.ok) doc = folded.doc;
    }
  }
  for (const node of fragment.nodes) {
    if (node.shareWeightsWith === undefined) continue;
    const owner = idOf.get(node.shareWeightsWith) ?? node.shareWeightsWith;
    const shared = setShareWeights(doc, idOf.get(node.id) as string, owner);
    if (shared.ok) doc = shared.doc;
  }
  return { ok: true, doc, ids: [...idOf.values()] };
}
