/** Every command by name, with its shortcut: Ctrl/Cmd+Shift+P, as in VS Code. */
import { useCallback } from 'react';
import { appCommands } from '../commands/app-commands.ts';
import { isEnabled, labelOf } from '../commands/registry.ts';
import type { Command } from '../commands/registry.ts';
import { displayShortcut } from '../commands/shortcuts.ts';
import { closeDialog } from '../store/ui-store.ts';
import { Modal } from '../ui/Modal.tsx';
import { SearchList } from '../ui/SearchList.tsx';

interface Entry {
  key: string;
  label: string;
  command: Command;
  disabled: boolean;
}

export function CommandPalette() {
  const search = useCallback((query: string): Entry[] => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return appCommands
      .filter((c) => !c.hidden)
      .map((c) => ({ key: c.id, label: labelOf(c), command: c, disabled: !isEnabled(c) }))
      .filter((e) => words.every((w) => e.label.toLowerCase().includes(w)))
      .sort((a, b) => Number(a.disabled) - Number(b.disabled));
  }, []);
  return (
    <Modal
      onClose={closeDialog}
      position="top"
      width={560}
      title="Command palette"
      className="modal--bare"
      testId="command-palette"
    >
      <SearchList<Entry>
        placeholder="Type a command"
        search={search}
        empty="No command matches."
        onChoose={(entry) => {
          closeDialog();
          void entry.command.run();
        }}
        render={(entry) => (
          <div className="command-row" data-disabled={entry.disabled ? 'true' : undefined}>
            <span className="ellipsis">{entry.label}</span>
            {entry.command.shortcuts?.[0] && (
              <kbd>{displayShortcut(entry.command.shortcuts[0])}</kbd>
            )}
          </div>
        )}
      />
    </Modal>
  );
}
