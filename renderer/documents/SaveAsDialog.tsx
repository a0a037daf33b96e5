/** Browser mode's Save As: a folder in the workspace and a file name. */
import { useState } from 'react';
import { closeDialog, confirmChoice } from '../store/ui-store.ts';
import { Modal } from '../ui/Modal.tsx';
import { saveTo, settleSaveAs, suggestedFileName } from './document-actions.ts';
import { FileBrowser, useFolder } from './FileBrowser.tsx';

/** Adds the `.nwg.json` ending people would otherwise forget. */
export function withExtension(name: string): string {
  const trimmed = name.trim();
  return trimmed.endsWith('.json') ? trimmed : `${trimmed}.nwg.json`;
}

export function SaveAsDialog() {
  const folder = useFolder('');
  const [name, setName] = useState(suggestedFileName);
  const fileName = withExtension(name);
  const valid = name.trim().length > 0 && !/[\\/:*?"<>|]/.test(name.trim());
  const cancel = () => {
    closeDialog();
    settleSaveAs(false);
  };
  const submit = async () => {
    if (!valid) return;
    const path = folder.dir ? `${folder.dir.replace(/\/$/, '')}/${fileName}` : fileName;
    const exists = folder.entries?.some((e) => e.kind === 'file' && e.name === fileName);
    if (exists) {
      const answer = await confirmChoice(
        `Replace ${fileName}?`,
        'A file with this name already exists in this folder. Saving replaces it.',
        [
          { label: 'Replace', value: 'replace', tone: 'danger' },
          { label: 'Cancel', value: 'cancel' },
        ],
      );
      if (answer !== 'replace') {
        // confirmChoice closed the dialog; bring Save As back for another name.
        settleSaveAs(false);
        return;
      }
    } else {
      closeDialog();
    }
    settleSaveAs(await saveTo(path));
  };
  return (
    <Modal title="Save network as" onClose={cancel} width={560} testId="save-dialog">
      <FileBrowser
        {...folder}
        selected={null}
        onSelect={(e) => setName(e.name)}
        onOpen={(e) => setName(e.name)}
      />
      <form
        className="save-row"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field save-row__field">
          <span className="field__label">File name</span>
          <input
            className="input"
            autoFocus
            value={name}
            onFocus={(e) => e.target.select()}
            onChange={(e) => setName(e.target.value)}
            data-testid="save-name-input"
          />
          {!valid && name.trim() && (
            <span className="field__error">A file name cannot contain / \ : * ? " &lt; &gt; |</span>
          )}
        </label>
        <div className="modal__actions">
          <button type="button" className="button" onClick={cancel}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={!valid}
            data-testid="save-confirm"
          >
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
