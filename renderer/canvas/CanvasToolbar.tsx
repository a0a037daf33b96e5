/** The floating bar at the bottom of the canvas: add, lay out, fit and zoom. */
import { Panel, useStore as useFlowStore } from '@xyflow/react';
import { appCommands } from '../commands/app-commands.ts';
import { isEnabled, labelOf } from '../commands/registry.ts';
import { displayShortcut } from '../commands/shortcuts.ts';
import { useEditor } from '../store/editor-store.ts';
import { Icon } from '../ui/Icon.tsx';
import type { IconName } from '../ui/Icon.tsx';

const zoomPercent = (s: { transform: [number, number, number] }) =>
  Math.round(s.transform[2] * 100);

function ToolButton({ command, icon }: { command: string; icon: IconName }) {
  // Re-render when the document changes, so enabled states stay true.
  useEditor((s) => s.doc);
  const cmd = appCommands.find((c) => c.id === command);
  if (!cmd) return null;
  const shortcut = cmd.shortcuts?.[0];
  const label = labelOf(cmd);
  return (
    <button
      type="button"
      className="toolbar-button"
      title={shortcut ? `${label} (${displayShortcut(shortcut)})` : label}
      aria-label={label}
      disabled={!isEnabled(cmd)}
      onClick={() => void cmd.run()}
      data-testid={`toolbar-${command}`}
    >
      <Icon name={icon} />
    </button>
  );
}

export function CanvasToolbar() {
  const zoom = useFlowStore(zoomPercent);
  return (
    <Panel position="bottom-center" className="canvas-toolbar" aria-label="Canvas tools">
      <ToolButton command="edit.quickAdd" icon="plus" />
      <span className="toolbar-divider" />
      <ToolButton command="edit.undo" icon="undo" />
      <ToolButton command="edit.redo" icon="redo" />
      <span className="toolbar-divider" />
      <ToolButton command="arrange.layoutLR" icon="layout" />
      <ToolButton command="arrange.layoutTB" icon="layoutDown" />
      <ToolButton command="view.fit" icon="fit" />
      <span className="toolbar-divider" />
      <ToolButton command="view.zoomOut" icon="zoomOut" />
      <span className="toolbar-zoom" title="Zoom level" data-testid="zoom-level">
        {zoom}%
      </span>
      <ToolButton command="view.zoomIn" icon="zoomIn" />
    </Panel>
  );
}
