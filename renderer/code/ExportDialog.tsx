/**
 * Browser mode's Export: a folder in the workspace and the name of the file (TypeScript module)
 * or project folder to write there, and for a project, optionally a run's trained weights.
 */
import { useState } from 'react';
import type { ExportWriteTarget, RunWeights } from '../../app/api/contract.ts';
import { FileBrowser, useFolder } from '../documents/FileBrowser.tsx';
import { useEditor } from '../store/editor-store.ts';
import { closeDialog, confirmChoice } from '../store/ui-store.ts';
import { Modal } from '../ui/Modal.tsx';
import { exportLabels, exportTo, suggestedExportName } from './export-code.ts';
import { RunWeightsField } from './RunWeightsField.tsx';

export function ExportDialog({ target }: { target: ExportWriteTarget }) {
  const folder = useFolder('');
  const [name, setName] = useState(() => suggestedExportName(target));
  const isModule = target === 'typescript-module';
  const documentPath = useEditor((s) => s.path);
  const [weights, setWeights] = useState<RunWeights | null>(null);
  const trimmed = name.trim();
  const valid = trimmed.length > 0 && !/[\\/:*?"<>|]/.test(trimmed) && !/^\.+$/.test(trimmed);
  const submit = async () => {
    if (!valid) return;
    const path = folder.dir ? `${folder.dir.replace(/\/$/, '')}/${trimmed}` : trimmed;
    const exists = folder.entries?.some((e) => e.name === trimmed);
    if (exists) {
      const answer = await confirmChoice(
        `Replace ${trimmed}?`,
        isModule
          ? 'A file with this name already exists in this folder. Exporting replaces it.'
          : 'A folder with this name already exists. Exporting replaces the files it writes and leaves the others.',
        [
          { label: 'Replace', value: 'replace', tone: 'danger' },
          { label: 'Cancel', value: 'cancel' },
        ],
      );
      if (answer !== 'replace') return;
    } else {
      closeDialog();
    }
    await exportTo(target, path, weights);
  };
  return (
    <Modal
      title={`Export ${exportLabels[target]}`}
      onClose={closeDialog}
      width={560}
      testId="export-dialog"
    >
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
          <span className="field__label">{isModule ? 'File name' : 'Folder name'}</span>
          <input
            className="input"
            autoFocus
            value={name}
            onFocus={(e) => e.target.select()}
            onChange={(e) => setName(e.target.value)}
            data-testid="export-name-input"
          />
          {!valid && trimmed && (
            <span className="field__error">A name cannot contain / \ : * ? " &lt; &gt; |</span>
          )}
        </label>
        {!isModule && (
          <RunWeightsField documentPath={documentPath} value={weights} onChange={setWeights} />
        )}
        <div className="modal__actions">
          <button type="button" className="button" onClick={closeDialog}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={!valid}
            data-testid="export-confirm"
          >
            Export
          </button>
        </div>
      </form>
    </Modal>
  );
}
