/** The in-window menu bar, generated from the command registry. */
import { useEffect, useRef, useState } from 'react';
import { appCommands } from '../commands/app-commands.ts';
import { isEnabled, labelOf, menuOrder, menuTitles } from '../commands/registry.ts';
import type { Command, MenuId } from '../commands/registry.ts';
import { displayShortcut } from '../commands/shortcuts.ts';
import { SubMenus } from './SubMenus.tsx';
import { openPath } from '../documents/document-actions.ts';
import { useEditor } from '../store/editor-store.ts';
import { useUi } from '../store/ui-store.ts';

function menuGroups(menu: MenuId): Command[][] {
  const groups = new Map<number, Command[]>();
  for (const command of appCommands) {
    if (command.menu?.id !== menu) continue;
    const list = groups.get(command.menu.group) ?? [];
    list.push(command);
    groups.set(command.menu.group, list);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, list]) => list);
}

export function MenuBar() {
  const [open, setOpen] = useState<MenuId | null>(null);
  const bar = useRef<HTMLDivElement>(null);
  // Labels and enabled states read the stores; re-render while a menu is open.
  useEditor((s) => s.doc);
  useEditor((s) => s.selection);
  useEditor((s) => s.history);
  const recent = useUi((s) => s.recent);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!bar.current?.contains(event.target as Node)) setOpen(null);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(null);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', escape);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', escape);
    };
  }, [open]);

  const run = (command: Command) => {
    setOpen(null);
    if (isEnabled(command)) void command.run();
  };

  return (
    <nav className="menu-bar" ref={bar} aria-label="Menu">
      {menuOrder.map((menu) => (
        <div key={menu} className="menu">
          <button
            type="button"
            className="menu__title"
            aria-haspopup="menu"
            aria-expanded={open === menu}
            data-testid={`menu-${menu}`}
            onClick={() => setOpen(open === menu ? null : menu)}
            onMouseEnter={() => open && setOpen(menu)}
          >
            {menuTitles[menu]}
          </button>
          {open === menu && (
            <div className="menu__popup" role="menu">
              {menuGroups(menu).map((group, i) => (
                <div key={i} className="menu__group">
                  <SubMenus commands={group} run={run} />
                  {group
                    .filter((c) => !c.menu?.submenu)
                    .map((command) => (
                      <button
                        key={command.id}
                        type="button"
                        role="menuitem"
                        className="menu__item"
                        disabled={!isEnabled(command)}
                        onClick={() => run(command)}
                        data-testid={`menuitem-${command.id}`}
                      >
                        <span className="menu__label">{labelOf(command)}</span>
                        {command.shortcuts?.[0] && (
                          <kbd className="menu__shortcut">
                            {displayShortcut(command.shortcuts[0])}
                          </kbd>
                        )}
                      </button>
                    ))}
                  {menu === 'file' && i === 1 && recent.length > 0 && (
                    <>
                      <div className="menu__heading">Open Recent</div>
                      {recent.slice(0, 6).map((path) => (
                        <button
                          key={path}
                          type="button"
                          role="menuitem"
                          className="menu__item"
                          title={path}
                          onClick={() => {
                            setOpen(null);
                            void openPath(path);
                          }}
                        >
                          <span className="menu__label ellipsis">{path}</span>
                        </button>
                      ))}
                    </>
                  )}
                </div>
              ))}
            </div>
          )}
        </div>
      ))}
    </nav>
  );
}
