/**
 * Every command of the app. Adding an action means adding one entry here; the menu bar, the
 * shortcuts and the command palette pick it up.
 */
import { catalog } from '../../app/layers/catalog.ts';
import { flowInstance, insertionPoint } from '../canvas/flow-instance.ts';
import { exportWriteTargets } from '../../app/api/contract.ts';
import { exportDocument, exportTitles, importModel } from '../code/export-code.ts';
import { newDocument, openDocument, save, saveAs } from '../documents/document-actions.ts';
import { copyText, pasteText, removeCopied } from '../editing/clipboard.ts';
import {
  selectedBlocks,
  setAllBlocksCollapsed,
  toggleSelectedBlocks,
  ungroupSelection,
} from '../editing/group-actions.ts';
import { autoLayout, fitViewSoon } from '../editing/layout-actions.ts';
import {
  addLayer,
  deleteSelection,
  duplicateSelection,
  nudgeSelection,
  selectAll,
} from '../editing/node-actions.ts';
import { editorStore, redoEdit, undoEdit } from '../store/editor-store.ts';
import { openDialog, toast, toggleBottomPanel, uiStore } from '../store/ui-store.ts';
import { showTrainingPanel, startRun, stopRun } from '../training/training-actions.ts';
import { isTraining, trainingStore } from '../training/training-store.ts';
import type { Command } from './registry.ts';

const hasSelection = () => {
  const { selection } = editorStore.get();
  return selection.nodes.length + selection.groups.length + selection.edges.length > 0;
};
const hasSelectedNodes = () => {
  const { selection } = editorStore.get();
  return selection.nodes.length + selection.groups.length > 0;
};
const hasNodes = () => editorStore.get().doc.nodes.length > 0;

/** Last text this window copied, for menu-driven paste where the clipboard cannot be read. */
let lastCopied: string | null = null;

export function rememberCopied(text: string): void {
  lastCopied = text;
}

async function copyFromMenu(cut: boolean): Promise<void> {
  const text = copyText();
  if (!text) return;
  lastCopied = text;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Without clipboard permission the copy still works inside this window.
  }
  if (cut) removeCopied();
}

async function pasteFromMenu(): Promise<void> {
  let text: string | null;
  try {
    text = await navigator.clipboard.readText();
  } catch {
    text = lastCopied;
  }
  if (text) pasteText(text, insertionPoint().flow);
  else toast('info', 'Nothing to paste', 'Copy some layers first.');
}

function askGroupName(): void {
  const { selection } = editorStore.get();
  if (selection.nodes.length === 0) return;
  openDialog({ kind: 'groupName', nodes: selection.nodes });
}

/** Arrow keys move the selection a grid step; with Shift, five. */
const nudges: Command[] = (
  [
    ['Left', -1, 0],
    ['Right', 1, 0],
    ['Up', 0, -1],
    ['Down', 0, 1],
  ] as const
).flatMap(([name, dx, dy]) =>
  [1, 5].map((steps): Command => ({
    id: `edit.nudge${name}${steps > 1 ? 'Far' : ''}`,
    label: `Move Selection ${name}${steps > 1 ? ' (far)' : ''}`,
    shortcuts: [`${steps > 1 ? 'Shift+' : ''}Arrow${name}`],
    hidden: true,
    enabled: hasSelectedNodes,
    run: () => nudgeSelection(dx * 8 * steps, dy * 8 * steps),
  })),
);

export const appCommands: readonly Command[] = [
  // File
  {
    id: 'file.new',
    label: 'New Network',
    shortcuts: ['Mod+Alt+N'],
    menu: { id: 'file', group: 0 },
    run: newDocument,
  },
  {
    id: 'file.templates',
    label: 'New from Template…',
    menu: { id: 'file', group: 0 },
    run: () => openDialog({ kind: 'gallery' }),
  },
  {
    id: 'file.open',
    label: 'Open…',
    shortcuts: ['Mod+O'],
    keys: 'anywhere',
    menu: { id: 'file', group: 1 },
    run: openDocument,
  },
  {
    id: 'file.save',
    label: 'Save',
    shortcuts: ['Mod+S'],
    keys: 'anywhere',
    menu: { id: 'file', group: 2 },
    run: async () => void (await save()),
  },
  {
    id: 'file.saveAs',
    label: 'Save As…',
    shortcuts: ['Mod+Shift+S'],
    keys: 'anywhere',
    menu: { id: 'file', group: 2 },
    run: async () => void (await saveAs()),
  },
  ...exportWriteTargets.map((target): Command => ({
    id: `file.export.${target}`,
    label: `Export ${exportTitles[target]}…`,
    menu: { id: 'file', group: 3, submenu: 'Export' },
    enabled: hasNodes,
    run: () => exportDocument(target),
  })),
  {
    id: 'file.importModel',
    label: 'Import Keras/TensorFlow.js Model…',
    menu: { id: 'file', group: 3 },
    run: importModel,
  },
  // Edit
  {
    id: 'edit.undo',
    label: () => {
      const last = editorStore.get().history.past.at(-1);
      return last ? `Undo ${last.label}` : 'Undo';
    },
    shortcuts: ['Mod+Z'],
    menu: { id: 'edit', group: 0 },
    enabled: () => editorStore.get().history.past.length > 0,
    run: undoEdit,
  },
  {
    id: 'edit.redo',
    label: () => {
      const next = editorStore.get().history.future.at(-1);
      return next ? `Redo ${next.label}` : 'Redo';
    },
    shortcuts: ['Mod+Shift+Z', 'Mod+Y'],
    menu: { id: 'edit', group: 0 },
    enabled: () => editorStore.get().history.future.length > 0,
    run: redoEdit,
  },
  {
    id: 'edit.cut',
    label: 'Cut',
    shortcuts: ['Mod+X'],
    keys: 'clipboard',
    menu: { id: 'edit', group: 1 },
    enabled: hasSelectedNodes,
    run: () => copyFromMenu(true),
  },
  {
    id: 'edit.copy',
    label: 'Copy',
    shortcuts: ['Mod+C'],
    keys: 'clipboard',
    menu: { id: 'edit', group: 1 },
    enabled: hasSelectedNodes,
    run: () => copyFromMenu(false),
  },
  {
    id: 'edit.paste',
    label: 'Paste',
    shortcuts: ['Mod+V'],
    keys: 'clipboard',
    menu: { id: 'edit', group: 1 },
    run: pasteFromMenu,
  },
  {
    id: 'edit.duplicate',
    label: 'Duplicate',
    shortcuts: ['Mod+D'],
    menu: { id: 'edit', group: 1 },
    enabled: () => editorStore.get().selection.nodes.length > 0,
    run: () => duplicateSelection(),
  },
  {
    id: 'edit.delete',
    label: 'Delete',
    shortcuts: ['Delete', 'Backspace'],
    menu: { id: 'edit', group: 1 },
    enabled: hasSelection,
    run: deleteSelection,
  },
  {
    id: 'edit.selectAll',
    label: 'Select All',
    shortcuts: ['Mod+A'],
    menu: { id: 'edit', group: 2 },
    enabled: hasNodes,
    run: selectAll,
  },
  {
    id: 'edit.rename',
    label: 'Rename…',
    shortcuts: ['F2'],
    menu: { id: 'edit', group: 2 },
    enabled: () => {
      const { selection } = editorStore.get();
      return selection.nodes.length + selection.groups.length === 1;
    },
    run: () => document.querySelector<HTMLInputElement>('[data-rename-field]')?.select(),
  },
  ...nudges,
  {
    id: 'edit.quickAdd',
    label: 'Add Layer…',
    shortcuts: ['/', 'Tab'],
    menu: { id: 'edit', group: 3 },
    run: () => {
      const at = insertionPoint();
      openDialog({ kind: 'quickAdd', screen: at.screen, flow: at.flow });
    },
  },
  // Arrange
  {
    id: 'arrange.group',
    label: 'Group into Block…',
    shortcuts: ['Mod+G'],
    menu: { id: 'arrange', group: 0 },
    enabled: () => editorStore.get().selection.nodes.length > 0,
    run: askGroupName,
  },
  {
    id: 'arrange.ungroup',
    label: 'Ungroup Block',
    shortcuts: ['Mod+Shift+G'],
    menu: { id: 'arrange', group: 0 },
    enabled: () => selectedBlocks().length > 0,
    run: ungroupSelection,
  },
  {
    id: 'arrange.toggleCollapse',
    label: 'Collapse or Expand Block',
    shortcuts: ['Alt+C'],
    menu: { id: 'arrange', group: 0 },
    enabled: () => selectedBlocks().length > 0,
    run: toggleSelectedBlocks,
  },
  {
    id: 'arrange.collapseAll',
    label: 'Collapse All Blocks',
    menu: { id: 'arrange', group: 0 },
    enabled: () => editorStore.get().doc.groups.some((g) => g.parent === undefined && !g.collapsed),
    run: () => setAllBlocksCollapsed(true),
  },
  {
    id: 'arrange.expandAll',
    label: 'Expand All Blocks',
    menu: { id: 'arrange', group: 0 },
    enabled: () => editorStore.get().doc.groups.some((g) => g.collapsed),
    run: () => setAllBlocksCollapsed(false),
  },
  {
    id: 'arrange.layoutLR',
    label: 'Auto-layout Left to Right',
    shortcuts: ['Mod+Shift+L'],
    menu: { id: 'arrange', group: 1 },
    enabled: hasNodes,
    run: () => autoLayout('LR'),
  },
  {
    id: 'arrange.layoutTB',
    label: 'Auto-layout Top to Bottom',
    shortcuts: ['Mod+Alt+L'],
    menu: { id: 'arrange', group: 1 },
    enabled: hasNodes,
    run: () => autoLayout('TB'),
  },
  // View
  {
    id: 'view.commandPalette',
    label: 'Command Palette…',
    shortcuts: ['Mod+Shift+P', 'F1'],
    keys: 'anywhere',
    menu: { id: 'view', group: 0 },
    hidden: true,
    run: () => openDialog({ kind: 'commandPalette' }),
  },
  {
    id: 'view.fit',
    label: 'Fit to Screen',
    shortcuts: ['Shift+1'],
    menu: { id: 'view', group: 1 },
    run: () => fitViewSoon(),
  },
  {
    id: 'view.zoomIn',
    label: 'Zoom In',
    shortcuts: ['Mod+='],
    menu: { id: 'view', group: 1 },
    run: () => void flowInstance()?.zoomIn({ duration: 150 }),
  },
  {
    id: 'view.zoomOut',
    label: 'Zoom Out',
    shortcuts: ['Mod+-'],
    menu: { id: 'view', group: 1 },
    run: () => void flowInstance()?.zoomOut({ duration: 150 }),
  },
  {
    id: 'view.zoomReset',
    label: 'Actual Size',
    shortcuts: ['Mod+0'],
    menu: { id: 'view', group: 1 },
    run: () => void flowInstance()?.zoomTo(1, { duration: 150 }),
  },
  {
    id: 'view.problems',
    label: 'Toggle Problems',
    shortcuts: ['Mod+Shift+M'],
    menu: { id: 'view', group: 2 },
    run: () => toggleBottomPanel('problems'),
  },
  {
    id: 'view.code',
    label: 'Toggle Code',
    shortcuts: ['Mod+Shift+K'],
    menu: { id: 'view', group: 2 },
    run: () => toggleBottomPanel('code'),
  },
  {
    id: 'view.closePanel',
    label: 'Close Panel',
    hidden: true,
    enabled: () => uiStore.get().bottomPanel !== null,
    run: () => {
      const panel = uiStore.get().bottomPanel;
      if (panel) toggleBottomPanel(panel);
    },
  },
  // Train
  {
    id: 'train.start',
    label: 'Train Network',
    shortcuts: ['Mod+Enter'],
    menu: { id: 'train', group: 0 },
    enabled: () => hasNodes() && !isTraining(trainingStore.get()),
    run: startRun,
  },
  {
    id: 'train.stop',
    label: 'Stop Training',
    shortcuts: ['Mod+.'],
    keys: 'anywhere',
    menu: { id: 'train', group: 0 },
    enabled: () => isTraining(trainingStore.get()),
    run: stopRun,
  },
  {
    id: 'train.panel',
    label: 'Show Training Dashboard',
    shortcuts: ['Mod+Alt+T'],
    menu: { id: 'train', group: 1 },
    run: showTrainingPanel,
  },
  // Help
  {
    id: 'help.shortcuts',
    label: 'All Commands and Shortcuts',
    menu: { id: 'help', group: 0 },
    hidden: true,
    run: () => openDialog({ kind: 'commandPalette' }),
  },
  {
    id: 'help.gallery',
    label: 'Template Gallery',
    menu: { id: 'help', group: 0 },
    run: () => openDialog({ kind: 'gallery' }),
  },
  // Insert: every catalog type, for the palette.
  ...catalog.map((spec): Command => ({
    id: `layer.add.${spec.type}`,
    label: `Add ${spec.label}`,
    run: () => {
      const at = insertionPoint();
      const single = editorStore.get().selection.nodes;
      addLayer(spec.type, at.flow, single.length === 1 ? single[0] : undefined);
    },
  })),
];
