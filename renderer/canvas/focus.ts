/** Brings a node into view and selects it (its collapsed block, when it is folded away). */
import { emptySelection } from '../store/history.ts';
import { editorStore, select } from '../store/editor-store.ts';
import { flowInstance } from './flow-instance.ts';
import { groupNodeId } from './flow-model.ts';
import { indexGroups } from './groups.ts';

export function focusNode(nodeId: string): void {
  const { doc } = editorStore.get();
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) return;
  const owner = indexGroups(doc).collapsedOwner(node.group);
  if (owner) select({ ...emptySelection, groups: [owner] });
  else select({ ...emptySelection, nodes: [nodeId] });
  const target = owner ? groupNodeId(owner) : nodeId;
  void flowInstance()?.fitView({
    nodes: [{ id: target }],
    duration: 300,
    maxZoom: 1.1,
    padding: 0.6,
  });
}
