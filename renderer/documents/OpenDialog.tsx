/** Browser mode's Open: pick a network file in the workspace, or one of the recent files. */
import { useState } from 'react';
import { closeDialog, useUi } from '../store/ui-store.ts';
import { Modal } from '../ui/Modal.tsx';
import { Icon } from '../ui/Icon.tsx';
import { openPath } from './document-actions.ts';
import { FileBrowser, useFolder } from './FileBrowser.tsx';

export function OpenDialog() {
  const folder = useFolder('');
  const recent = useUi((s) => s.recent);
  const [selected, setSelected] = useState<string | null>(null);
  const open = (path: string) => {
    closeDialog();
    // Unsaved changes were already confirmed before this dialog opened.
    void openPath(path, { confirmed: true });
  };
  return (
    <Modal title="Open a network" onClose={closeDialog} width={560} testId="open-dialog">
      <FileBrowser
        {...folder}
        selected={selected}
        onSelect={(e) => setSelected(e.path)}
        onOpen={(e) => open(e.path)}
      />
      {recent.length > 0 && (
        <div className="recent-list">
          <h3>Recent</h3>
          {recent.slice(0, 5).map((path) => (
            <button
              key={path}
              type="button"
              className="link-button"
              title={path}
              onClick={() => open(path)}
            >
              <Icon name="file" /> <span className="ellipsis">{path}</span>
            </button>
          ))}
        </div>
      )}
      <div className="modal__actions">
        <button type="button" className="button" onClick={closeDialog}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={!selected}
          onClick={() => selected && open(selected)}
          data-testid="open-confirm"
        >
          Open
        </button>
      </div>
    </Modal>
  );
}
