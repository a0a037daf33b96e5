/** Blocks: group the selection under a name, collapse, expand, dissolve. */
import { groupNodes, setGroupCollapsed, ungroup } from '../../app/graph/edit.ts';
import { editorStore } from '../store/editor-store.ts';
import { emptySelection } from '../store/history.ts';
import { applyEdit, currentDoc } from './apply.ts';

export function groupSelection(name: string, nodeIds: readonly string[]): string | null {
  const result = groupNodes(currentDoc(), nodeIds, name);
  const done = applyEdit('Group', result, {
    selection: result.ok ? { ...emptySelection, groups: [result.groupId] } : undefined,
  });
  return done ? done.groupId : null;
}

export function setBlockCollapsed(groupId: string, collapsed: boolean): void {
  applyEdit(
    collapsed ? 'Collapse block' : 'Expand block',
    setGroupCollapsed(currentDoc(), groupId, collapsed),
    { selection: { ...emptySelection, groups: [groupId] } },
  );
}

/** The blocks the selection touches: selected blocks, else the blocks of selected nodes. */
export function selectedBlocks(): string[] {
  const { selection, doc } = editorStore.get();
  if (selection.groups.length > 0) return [...selection.groups];
  const groups = new Set<string>();
  for (const id of selection.nodes) {
    const group = doc.nodes.find((n) => n.id === id)?.group;
    if (group !== undefined) groups.add(group);
  }
  return [...groups];
}

export function ungroupSelection(): void {
  let doc = currentDoc();
  for (const id of selectedBlocks()) {
    const result = ungroup(doc, id);
    if (result.ok) doc = result.doc;
  }
  applyEdit('Ungroup', { ok: true, doc }, { selection: emptySelection });
}

/**
 * Collapses every outermost block (a ResNet's stages) or expands every block: the quickest way
 * between an overview of a big network and its full detail.
 */
export function setAllBlocksCollapsed(collapsed: boolean): void {
  let doc = currentDoc();
  for (const group of doc.groups) {
    if (collapsed && group.parent !== undefined) continue;
    const result = setGroupCollapsed(doc, group.id, collapsed);
    if (result.ok) doc = result.doc;
  }
  applyEdit(
    collapsed ? 'Collapse all blocks' : 'Expand all blocks',
    { ok: true, doc },
    {
      selection: emptySelection,
    },
  );
}

export function toggleSelectedBlocks(): void {
  const doc = currentDoc();
  const ids = selectedBlocks();
  if (ids.length === 0) return;
  const collapse = !doc.groups.find((g) => g.id === ids[0])?.collapsed;
  let next = doc;
  for (const id of ids) {
    const result = setGroupCollapsed(next, id, collapse);
    if (result.ok) next = result.doc;
  }
  applyEdit(
    collapse ? 'Collapse block' : 'Expand block',
    { ok: true, doc: next },
    {
      selection: { ...emptySelection, groups: ids },
    },
  );
}
