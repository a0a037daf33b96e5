/** A question with a few answers (Save / Don't save / Cancel). */
import type { Dialog } from '../store/ui-store.ts';
import { Modal } from '../ui/Modal.tsx';

export function ConfirmDialog({ dialog }: { dialog: Extract<Dialog, { kind: 'confirm' }> }) {
  return (
    <Modal
      title={dialog.title}
      onClose={() => dialog.resolve(null)}
      width={440}
      testId="confirm-dialog"
    >
      <p className="modal__message">{dialog.message}</p>
      <div className="modal__actions">
        {dialog.choices.map((choice) => (
          <button
            key={choice.value}
            type="button"
            className={`button${choice.tone ? ` button--${choice.tone}` : ''}`}
            autoFocus={choice.tone === 'primary'}
            onClick={() => dialog.resolve(choice.value)}
          >
            {choice.label}
          </button>
        ))}
      </div>
    </Modal>
  );
}
