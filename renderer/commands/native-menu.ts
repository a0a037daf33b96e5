/**
 * The desktop shell's native menu, built from the same command registry as the in-window menu,
 * the shortcuts and the palette. Main sends back the id of the item chosen.
 */
import { invoke, onEvent } from '../api/client.ts';
import { appCommands } from './app-commands.ts';
import { isEnabled, menuLabelOf, menuOrder, menuTitles } from './registry.ts';

/**
 * Keys a text field needs for itself. A native accelerator would take them before the page sees
 * them (Ctrl+Z in the inspector would undo the graph, not the typing), so these stay with the
 * page's own key handling and the native menu shows no accelerator for them.
 */
const textEditingKeys = new Set([
  'Mod+Z',
  'Mod+Shift+Z',
  'Mod+Y',
  'Mod+X',
  'Mod+C',
  'Mod+V',
  'Mod+A',
]);

export function accelerator(shortcut: string | undefined): string | undefined {
  if (!shortcut || textEditingKeys.has(shortcut)) return undefined;
  // Keys without a modifier (Delete, /, Tab) would be taken from every text field.
  if (!/^(Mod|Alt)\+/.test(shortcut) && !/^F\d+$/.test(shortcut)) return undefined;
  return shortcut.replace(/^Mod\+/, 'CmdOrCtrl+');
}

/** Sends the menu to main (desktop only) and runs the commands it reports. */
export function installNativeMenu(): () => void {
  const sections = menuOrder.map((menu) => {
    const items = appCommands.filter((c) => c.menu?.id === menu);
    return {
      label: menuTitles[menu],
      items: items.map((command, i) => ({
        id: command.id,
        label: menuLabelOf(command),
        ...(accelerator(command.shortcuts?.[0])
          ? { accelerator: accelerator(command.shortcuts?.[0]) }
          : {}),
        ...(i > 0 && items[i - 1]?.menu?.group !== command.menu?.group
          ? { separatorBefore: true }
          : {}),
        ...(command.menu?.submenu ? { submenu: command.menu.submenu } : {}),
      })),
    };
  });
  void invoke('menu.set', { sections }).catch(() => undefined);
  return onEvent('command', ({ id }) => {
    const command = appCommands.find((c) => c.id === id);
    if (command && isEnabled(command)) void command.run();
  });
}
