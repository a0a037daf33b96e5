/**
 * The flyouts of a menu group: commands that name a `submenu` (File → Export → PyTorch Project…)
 * sit in one flyout per name, opened by hovering or focusing it, as in desktop menus.
 */
import type { Command } from '../commands/registry.ts';
import { isEnabled, menuLabelOf } from '../commands/registry.ts';
import { displayShortcut } from '../commands/shortcuts.ts';
import './submenu.css';

export function SubMenus({
  commands,
  run,
}: {
  commands: readonly Command[];
  run: (command: Command) => void;
}) {
  const byName = new Map<string, Command[]>();
  for (const command of commands) {
    const name = command.menu?.submenu;
    if (name) byName.set(name, [...(byName.get(name) ?? []), command]);
  }
  return [...byName].map(([name, items]) => (
    <div key={name} className="menu__submenu">
      <button
        type="button"
        role="menuitem"
        aria-haspopup="menu"
        className="menu__item"
        data-testid={`submenu-${name.toLowerCase()}`}
      >
        <span className="menu__label">{name}</span>
        <span className="menu__chevron" aria-hidden>
          ›
        </span>
      </button>
      <div className="menu__popup menu__popup--sub" role="menu" aria-label={name}>
        {items.map((command) => (
          <button
            key={command.id}
            type="button"
            role="menuitem"
            className="menu__item"
            disabled={!isEnabled(command)}
            onClick={() => run(command)}
            data-testid={`menuitem-${command.id}`}
          >
            <span className="menu__label">{menuLabelOf(command)}</span>
            {command.shortcuts?.[0] && (
              <kbd className="menu__shortcut">{displayShortcut(command.shortcuts[0])}</kbd>
            )}
          </button>
        ))}
      </div>
    </div>
  ));
}
