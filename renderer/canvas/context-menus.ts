/**
 * Right-click menus on the canvas: what applies to a layer or block, a wire, or empty canvas.
 * The entries are command ids from the registry, so labels, shortcuts and availability match the
 * menu bar and the palette.
 */
import type { MouseEvent as ReactMouseEvent } from 'react';
import { useMemo } from 'react';
import { editorStore, select } from '../store/editor-store.ts';
import { openDialog } from '../store/ui-store.ts';
import { setPointer } from './flow-instance.ts';
import { groupIdOf } from './flow-model.ts';
import type { FlowEdge, FlowNode } from './flow-model.ts';

const nodeMenu = [
  'edit.cut',
  'edit.copy',
  'edit.paste',
  'edit.duplicate',
  'edit.delete',
  '-',
  'arrange.group',
  'arrange.ungroup',
  'arrange.toggleCollapse',
  '-',
  'edit.rename',
];
const paneMenu = [
  'edit.quickAdd',
  'edit.paste',
  '-',
  'edit.selectAll',
  '-',
  'arrange.layoutLR',
  'arrange.layoutTB',
  'view.fit',
];

function open(event: ReactMouseEvent | MouseEvent, commands: readonly string[]): void {
  event.preventDefault();
  openDialog({ kind: 'contextMenu', screen: { x: event.clientX, y: event.clientY }, commands });
}

export function useContextMenus() {
  return useMemo(
    () => ({
      onNodeContextMenu(event: ReactMouseEvent, node: FlowNode) {
        // Right-clicking outside the selection acts on what was clicked, as in Figma.
        const current = editorStore.get().selection;
        const groupId = groupIdOf(node.id);
        const selected = groupId
          ? current.groups.includes(groupId)
          : current.nodes.includes(node.id);
        if (!selected) {
          select({ nodes: groupId ? [] : [node.id], groups: groupId ? [groupId] : [], edges: [] });
        }
        open(event, nodeMenu);
      },
      onSelectionContextMenu(event: ReactMouseEvent) {
        open(event, nodeMenu);
      },
      onEdgeContextMenu(event: ReactMouseEvent, edge: FlowEdge) {
        select({ nodes: [], groups: [], edges: [edge.id] });
        open(event, ['edit.delete']);
      },
      onPaneContextMenu(event: ReactMouseEvent | MouseEvent) {
        setPointer({ x: event.clientX, y: event.clientY });
        open(event, paneMenu);
      },
    }),
    [],
  );
}
