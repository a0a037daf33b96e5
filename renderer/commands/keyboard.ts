/**
 * Routes keys to commands, and the browser's copy/cut/paste events to the clipboard actions.
 * While the user types in a field (or in the code editor) keys belong to the field, except for
 * the few commands marked to work anywhere (Save, the command palette).
 */
import { insertionPoint } from '../canvas/flow-instance.ts';
import { copyText, pasteText, removeCopied } from '../editing/clipboard.ts';
import { uiStore } from '../store/ui-store.ts';
import { appCommands, rememberCopied } from './app-commands.ts';
import { isEnabled } from './registry.ts';
import { matches } from './shortcuts.ts';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.closest('input, textarea, select, .monaco-editor, [data-keys="own"]') !== null
  );
}

function onCanvas(target: EventTarget | null): boolean {
  return (
    target === document.body ||
    (target instanceof HTMLElement && target.closest('.react-flow') !== null)
  );
}

export function installKeyboard(): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    // Tab moves focus between controls; it opens quick-add only from the canvas itself.
    if (event.key === 'Tab' && !onCanvas(event.target)) return;
    const typing = isTyping(event.target);
    // A dialog owns the keyboard (its own Escape, arrows and Enter), Save and friends aside.
    const dialogOpen = uiStore.get().dialog !== null;
    for (const command of appCommands) {
      if (!command.shortcuts?.some((s) => matches(s, event))) continue;
      if (command.keys === 'clipboard') return;
      if ((typing || dialogOpen) && command.keys !== 'anywhere') return;
      event.preventDefault();
      if (isEnabled(command)) void command.run();
      return;
    }
  };

  const onCopy = (event: ClipboardEvent, cut: boolean) => {
    if (isTyping(event.target) || uiStore.get().dialog !== null) return;
    const text = copyText();
    if (!text || !event.clipboardData) return;
    event.clipboardData.setData('text/plain', text);
    event.preventDefault();
    rememberCopied(text);
    if (cut) removeCopied();
  };
  const onPaste = (event: ClipboardEvent) => {
    if (isTyping(event.target) || uiStore.get().dialog !== null) return;
    const text = event.clipboardData?.getData('text/plain');
    if (!text) return;
    event.preventDefault();
    pasteText(text, insertionPoint().flow);
  };
  const copy = (e: ClipboardEvent) => onCopy(e, false);
  const cut = (e: ClipboardEvent) => onCopy(e, true);

  window.addEventListener('keydown', onKeyDown);
  document.addEventListener('copy', copy);
  document.addEventListener('cut', cut);
  document.addEventListener('paste', onPaste);
  return () => {
    window.removeEventListener('keydown', onKeyDown);
    document.removeEventListener('copy', copy);
    document.removeEventListener('cut', cut);
    document.removeEventListener('paste', onPaste);
  };
}
