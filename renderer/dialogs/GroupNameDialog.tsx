/** Names a new block made from the selection. */
import { useState } from 'react';
import { editorStore } from '../store/editor-store.ts';
import { groupSelection } from '../editing/group-actions.ts';
import { closeDialog } from '../store/ui-store.ts';
import { Modal } from '../ui/Modal.tsx';

function suggestedName(): string {
  const taken = new Set(editorStore.get().doc.groups.map((g) => g.name));
  for (let n = 1; ; n++) if (!taken.has(`Block ${n}`)) return `Block ${n}`;
}

export function GroupNameDialog({ nodes }: { nodes: readonly string[] }) {
  const [name, setName] = useState(suggestedName);
  const valid = name.trim().length > 0;
  const submit = () => {
    if (!valid) return;
    closeDialog();
    groupSelection(name, nodes);
  };
  return (
    <Modal
      title={`Group ${nodes.length} layer${nodes.length === 1 ? '' : 's'} into a block`}
      onClose={closeDialog}
      width={400}
      testId="group-dialog"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label className="field">
          <span className="field__label">Block name</span>
          <input
            className="input"
            autoFocus
            value={name}
            maxLength={200}
            onFocus={(e) => e.target.select()}
            onChange={(e) => setName(e.target.value)}
            data-testid="group-name-input"
          />
          <span className="field__help">For example “Residual block 1” or “Inception 3a”.</span>
        </label>
        <div className="modal__actions">
          <button type="button" className="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={!valid}>
            Group
          </button>
        </div>
      </form>
    </Modal>
  );
}
