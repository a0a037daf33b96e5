/** What an empty canvas says: how to start, in three ways, and the files opened lately. */
import { openDialog, useUi } from '../store/ui-store.ts';
import { openDocument, openPath } from '../documents/document-actions.ts';
import { displayShortcut } from '../commands/shortcuts.ts';
import { Icon } from '../ui/Icon.tsx';

export function EmptyCanvas() {
  const recent = useUi((s) => s.recent);
  return (
    <div className="empty-canvas" data-testid="empty-canvas">
      <div className="empty-canvas__card">
        <h1>Design a network</h1>
        <p className="empty-canvas__lead">
          Drag a layer from the palette on the left, or press <kbd>/</kbd> to add one where your
          pointer is. Wire an output handle to an input handle; every wire shows the shape it
          carries.
        </p>
        <div className="empty-canvas__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => openDialog({ kind: 'gallery' })}
          >
            <Icon name="template" /> Start from a template
          </button>
          <button type="button" className="button" onClick={() => void openDocument()}>
            <Icon name="folder" /> Open… <kbd>{displayShortcut('Mod+O')}</kbd>
          </button>
          <button
            type="button"
            className="button"
            onClick={() => openDialog({ kind: 'commandPalette' })}
          >
            <Icon name="command" /> All commands <kbd>{displayShortcut('Mod+Shift+P')}</kbd>
          </button>
        </div>
        {recent.length > 0 && (
          <div className="empty-canvas__recent">
            <h2>Recent</h2>
            <ul>
              {recent.slice(0, 5).map((path) => (
                <li key={path}>
                  <button
                    type="button"
                    className="link-button"
                    title={path}
                    onClick={() => void openPath(path)}
                  >
                    <Icon name="file" />
                    <span className="ellipsis">{path}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}
