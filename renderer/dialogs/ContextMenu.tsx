/** The right-click menu: the commands that apply to what was clicked, from the registry. */
import { useEffect, useRef } from 'react';
import type { XYPosition } from '@xyflow/react';
import { appCommands } from '../commands/app-commands.ts';
import { isEnabled, labelOf } from '../commands/registry.ts';
import { displayShortcut } from '../commands/shortcuts.ts';
import { closeDialog } from '../store/ui-store.ts';

export function ContextMenu({
  screen,
  commands,
}: {
  screen: XYPosition;
  commands: readonly string[];
}) {
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menu.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }, []);
  const rows = commands.map((id) => (id === '-' ? null : appCommands.find((c) => c.id === id)));
  const height = rows.length * 28 + 8;
  const left = Math.min(screen.x, window.innerWidth - 260);
  const top = Math.min(screen.y, window.innerHeight - height - 8);
  return (
    <div
      className="popover-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) closeDialog();
      }}
      onContextMenu={(e) => {
        e.preventDefault();
        closeDialog();
      }}
    >
      <div
        ref={menu}
        className="menu__popup context-menu"
        style={{ left, top }}
        role="menu"
        data-testid="context-menu"
        onKeyDown={(e) => {
          if (e.key === 'Escape') closeDialog();
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const items = [
              ...(menu.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? []),
            ];
            const at = items.indexOf(document.activeElement as HTMLButtonElement);
            const next =
              items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
            next?.focus();
          }
        }}
      >
        {rows.map((command, i) =>
          command === null ? (
            <div key={`sep-${i}`} className="context-menu__separator" role="separator" />
          ) : command === undefined ? null : (
            <button
              key={command.id}
              type="button"
              role="menuitem"
              className="menu__item"
              disabled={!isEnabled(command)}
              onClick={() => {
                closeDialog();
                void command.run();
              }}
            >
              <span className="menu__label">{labelOf(command)}</span>
              {command.shortcuts?.[0] && (
                <kbd className="menu__shortcut">{displayShortcut(command.shortcuts[0])}</kbd>
              )}
            </button>
          ),
        )}
      </div>
    </div>
  );
}
