/**
 * One registry of everything a person can do. Menus, keyboard shortcuts and the command palette
 * are all generated from it, so an action has one label, one shortcut and one rule for when it
 * is available, wherever it is offered.
 */
export type MenuId = 'file' | 'edit' | 'view' | 'arrange' | 'train' | 'help';

export interface Command {
  id: string;
  /** Shown in menus and the palette; a function when it names what it acts on ("Undo Add Dense"). */
  label: string | (() => string);
  /** `Mod` is ⌘ on macOS and Ctrl elsewhere: `Mod+Shift+Z`. The first is the one displayed. */
  shortcuts?: readonly string[];
  /**
   * Where the command sits in the menu bar; commands of one `group` sit between separators, and
   * those naming a `submenu` in a flyout of that name (its name left off their labels there).
   */
  menu?: { id: MenuId; group: number; submenu?: string };
  /** Left out of the command palette (it is reached another way). */
  hidden?: boolean;
  /**
   * `clipboard`: the key is handled by the browser's copy/cut/paste events (which carry the
   * system clipboard), so the key dispatcher leaves it alone.
   * `anywhere`: also runs while typing in a field (Save, the command palette).
   */
  keys?: 'clipboard' | 'anywhere';
  enabled?(): boolean;
  run(): void | Promise<void>;
}

export function labelOf(command: Command): string {
  return typeof command.label === 'function' ? command.label() : command.label;
}

export function isEnabled(command: Command): boolean {
  return command.enabled ? command.enabled() : true;
}

/** The menus in the order the menu bar (in-window and native) shows them. */
export const menuOrder: readonly MenuId[] = ['file', 'edit', 'arrange', 'view', 'train', 'help'];

/** The label a command shows inside its submenu: `Export PyTorch Project…` → `PyTorch Project…`. */
export function menuLabelOf(command: Command): string {
  const label = labelOf(command);
  const submenu = command.menu?.submenu;
  return submenu && label.startsWith(`${submenu} `) ? label.slice(submenu.length + 1) : label;
}

export const menuTitles: Record<MenuId, string> = {
  file: 'File',
  edit: 'Edit',
  view: 'View',
  arrange: 'Arrange',
  train: 'Train',
  help: 'Help',
};
