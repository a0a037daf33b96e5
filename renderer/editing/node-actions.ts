/** What a person does to layers and wires, each as one undoable step. */
import type { XYPosition } from '@xyflow/react';
import {
  addNode,
  connect,
  disconnect,
  duplicateNodes,
  moveNodes,
  removeNodes,
  rename,
  setShareWeights,
  updateParams,
} from '../../app/graph/edit.ts';
import type { ParamValue } from '../../app/graph/document.ts';
import { findLayer } from '../../app/layers/catalog.ts';
import { editorStore, select } from '../store/editor-store.ts';
import { emptySelection } from '../store/history.ts';
import { applyEdit, currentDoc } from './apply.ts';

/** Adds a layer at a flow position (its top-left), optionally wired from an existing node. */
export function addLayer(type: string, at: XYPosition, connectFrom?: string): string | null {
  const label = findLayer(type)?.label ?? type;
  const added = addNode(currentDoc(), type, at);
  if (!added.ok) {
    applyEdit(`Add ${label}`, added);
    return null;
  }
  let doc = added.doc;
  if (connectFrom) {
    // Wiring is a convenience of quick-add: when it cannot work, the layer is still added.
    const wired = connect(doc, connectFrom, added.id);
    if (wired.ok) doc = wired.doc;
  }
  applyEdit(
    `Add ${label}`,
    { ok: true, doc },
    {
      selection: { ...emptySelection, nodes: [added.id] },
    },
  );
  return added.id;
}

export function connectNodes(source: string, target: string, port?: number): boolean {
  return (
    applyEdit('Connect', connect(currentDoc(), source, target, port), {
      refusedTitle: 'Connection refused',
    }) !== null
  );
}

export function disconnectEdges(edgeIds: readonly string[]): void {
  let doc = currentDoc();
  for (const id of edgeIds) {
    const result = disconnect(doc, id);
    if (result.ok) doc = result.doc;
  }
  applyEdit(edgeIds.length === 1 ? 'Delete connection' : 'Delete connections', {
    ok: true,
    doc,
  });
}

/** Deletes the selection: nodes, the layers of selected blocks, and selected wires. */
export function deleteSelection(): void {
  const { selection } = editorStore.get();
  const doc = currentDoc();
  const groupIds = new Set(selection.groups);
  const inGroup = (group: string | undefined): boolean => {
    for (let at = group; at !== undefined; at = doc.groups.find((g) => g.id === at)?.parent) {
      if (groupIds.has(at)) return true;
    }
    return false;
  };
  const nodes = new Set([
    ...selection.nodes,
    ...doc.nodes.filter((n) => inGroup(n.group)).map((n) => n.id),
  ]);
  let result = removeNodes(doc, nodes);
  if (!result.ok) return void applyEdit('Delete', result);
  let next = result.doc;
  for (const id of selection.edges) {
    const unwired = disconnect(next, id);
    if (unwired.ok) next = unwired.doc;
  }
  result = { ok: true, doc: next };
  const count = nodes.size + selection.edges.length;
  applyEdit(count === 1 ? 'Delete' : `Delete ${count} items`, result, {
    selection: emptySelection,
  });
}

export function duplicateSelection(offset: XYPosition = { x: 40, y: 40 }): void {
  const { selection } = editorStore.get();
  const result = duplicateNodes(currentDoc(), selection.nodes, offset);
  if (!result.ok) return void applyEdit('Duplicate', result);
  if (result.ids.length === 0) return;
  applyEdit('Duplicate', result, { selection: { ...emptySelection, nodes: result.ids } });
}

/** Commits the end of a drag: however many frames it took, it is one undo step. */
export function commitMove(positions: ReadonlyMap<string, XYPosition>, label = 'Move'): void {
  if (positions.size === 0) return;
  applyEdit(label, moveNodes(currentDoc(), positions));
}

/**
 * Sets one parameter. Keystrokes into one field fold into a single undo step, so typing `128`
 * is undone at once.
 */
export function setParam(nodeId: string, key: string, value: ParamValue | undefined): boolean {
  return (
    applyEdit('Change setting', updateParams(currentDoc(), nodeId, { [key]: value }), {
      capture: { merge: `param:${nodeId}:${key}` },
    }) !== null
  );
}

export function renameItem(id: string, name: string): void {
  applyEdit('Rename', rename(currentDoc(), id, name), { capture: { merge: `rename:${id}` } });
}

export function setSharing(nodeId: string, ownerId: string | undefined): void {
  applyEdit(
    ownerId ? 'Share weights' : 'Stop sharing weights',
    setShareWeights(currentDoc(), nodeId, ownerId),
  );
}

/**
 * Moves the selection by a few pixels (arrow keys). Presses in quick succession are one undo
 * step, as a drag is.
 */
export function nudgeSelection(dx: number, dy: number): void {
  const { selection, doc } = editorStore.get();
  const groups = new Set(selection.groups);
  const inGroup = (group: string | undefined): boolean => {
    for (let at = group; at !== undefined; at = doc.groups.find((g) => g.id === at)?.parent) {
      if (groups.has(at)) return true;
    }
    return false;
  };
  const chosen = new Set(selection.nodes);
  const positions = new Map<string, XYPosition>();
  for (const node of doc.nodes) {
    if (chosen.has(node.id) || inGroup(node.group)) {
      positions.set(node.id, { x: node.position.x + dx, y: node.position.y + dy });
    }
  }
  if (positions.size === 0) return;
  applyEdit('Move', moveNodes(doc, positions), { capture: { merge: 'nudge' } });
}

export function selectOnly(nodeIds: readonly string[]): void {
  select({ ...emptySelection, nodes: nodeIds });
}

export function selectAll(): void {
  const doc = currentDoc();
  select({ nodes: doc.nodes.map((n) => n.id), groups: [], edges: doc.edges.map((e) => e.id) });
}
