/** The window's top bar: the menus, the document's name and unsaved state, and panel toggles. */
import { useEffect } from 'react';
import { documentName, isDirty, useEditor } from '../store/editor-store.ts';
import { openDialog, toggleBottomPanel, useUi } from '../store/ui-store.ts';
import { displayShortcut } from '../commands/shortcuts.ts';
import { Icon, Logo } from '../ui/Icon.tsx';
import { MenuBar } from './MenuBar.tsx';

export function TopBar() {
  const name = useEditor(documentName);
  const dirty = useEditor(isDirty);
  const hasNodes = useEditor((s) => s.doc.nodes.length > 0);
  const path = useEditor((s) => s.path);
  const panel = useUi((s) => s.bottomPanel);
  const mode = useUi((s) => s.mode);
  const unsaved = dirty && hasNodes;

  useEffect(() => {
    document.title = `${unsaved ? '• ' : ''}${name} — Netwright`;
  }, [name, unsaved]);

  return (
    <header className="top-bar">
      <div className="top-bar__brand">
        <Logo />
        <span>Netwright</span>
      </div>
      {mode !== 'desktop' && <MenuBar />}
      <div className="top-bar__title" title={path ?? 'Not saved yet'} data-testid="document-title">
        <span className="ellipsis">{name}</span>
        {unsaved && (
          <span className="top-bar__dirty" title="Unsaved changes" data-testid="dirty-marker">
            •
          </span>
        )}
      </div>
      <div className="top-bar__actions">
        <button
          type="button"
          className="button button--ghost"
          onClick={() => openDialog({ kind: 'gallery' })}
          data-testid="open-gallery"
        >
          <Icon name="template" /> Templates
        </button>
        <button
          type="button"
          className="button button--ghost"
          aria-pressed={panel === 'code'}
          onClick={() => toggleBottomPanel('code')}
          title={`TypeScript code (${displayShortcut('Mod+Shift+K')})`}
          data-testid="toggle-code"
        >
          <Icon name="code" /> Code
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={() => openDialog({ kind: 'commandPalette' })}
          title={`Command palette (${displayShortcut('Mod+Shift+P')})`}
          aria-label="Command palette"
        >
          <Icon name="command" />
        </button>
      </div>
    </header>
  );
}
