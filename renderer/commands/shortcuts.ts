/** Parsing, matching and displaying keyboard shortcuts such as `Mod+Shift+Z`. */

export const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

interface Chord {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

function parse(shortcut: string): Chord {
  const parts = shortcut.split('+');
  // `Mod+=` and `Mod++` style: an empty last part means the key itself is `+`.
  const key = parts.at(-1) === '' ? '+' : (parts.at(-1) ?? '');
  const mods = new Set(parts.slice(0, -1));
  return { mod: mods.has('Mod'), shift: mods.has('Shift'), alt: mods.has('Alt'), key };
}

export function matches(shortcut: string, event: KeyboardEvent): boolean {
  const chord = parse(shortcut);
  const mod = isMac ? event.metaKey : event.ctrlKey;
  const otherMod = isMac ? event.ctrlKey : event.metaKey;
  if (chord.mod !== mod || otherMod || chord.alt !== event.altKey) return false;
  const key = chord.key;
  if (/^[0-9]$/.test(key)) return chord.shift === event.shiftKey && event.code === `Digit${key}`;
  if (/^[A-Za-z]$/.test(key))
    return chord.shift === event.shiftKey && event.key.toLowerCase() === key.toLowerCase();
  // Named keys (ArrowLeft, Delete, F2): Shift makes a different shortcut.
  if (key.length > 1) return chord.shift === event.shiftKey && event.key === key;
  // Symbols: Shift is part of how the symbol is typed on some layouts, so only check it when asked.
  if (chord.shift && !event.shiftKey) return false;
  if (key === '=' && (event.key === '=' || event.key === '+')) return true;
  return event.key === key;
}

const macSymbols: Record<string, string> = { Mod: '⌘', Shift: '⇧', Alt: '⌥' };

export function displayShortcut(shortcut: string): string {
  const parts = shortcut.split('+');
  const key = parts.at(-1) === '' ? '+' : (parts.at(-1) ?? '');
  const mods = parts.slice(0, -1);
  const keyName = key === 'Delete' ? 'Del' : key.length === 1 ? key.toUpperCase() : key;
  if (isMac) return mods.map((m) => macSymbols[m] ?? m).join('') + keyName;
  return [...mods.map((m) => (m === 'Mod' ? 'Ctrl' : m)), keyName].join('+');
}
