/** Browser mode's Import: pick a Keras model JSON or a TensorFlow.js model.json in the workspace. */
import { useState } from 'react';
import { FileBrowser, useFolder } from '../documents/FileBrowser.tsx';
import { closeDialog } from '../store/ui-store.ts';
import { Modal } from '../ui/Modal.tsx';
import { importFrom } from './export-code.ts';

export function ImportDialog() {
  const folder = useFolder('');
  const [selected, setSelected] = useState<string | null>(null);
  const open = (path: string) => {
    closeDialog();
    // Unsaved changes were already confirmed before this dialog opened.
    void importFrom(path);
  };
  return (
    <Modal
      title="Import a Keras or TensorFlow.js model"
      onClose={closeDialog}
      width={560}
      testId="import-dialog"
    >
      <p className="field__help">
        A Keras model JSON (from <code>model.to_json()</code>) or a TensorFlow.js{' '}
        <code>model.json</code>; it opens as a new, untitled network.
      </p>
      <FileBrowser
        {...folder}
        selected={selected}
        onSelect={(e) => setSelected(e.path)}
        onOpen={(e) => open(e.path)}
      />
      <div className="modal__actions">
        <button type="button" className="button" onClick={closeDialog}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={!selected}
          onClick={() => selected && open(selected)}
          data-testid="import-confirm"
        >
          Import
        </button>
      </div>
    </Modal>
  );
}
