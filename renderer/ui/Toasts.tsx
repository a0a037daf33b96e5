/** Short messages in the corner: what happened, or why something was refused. */
import { dismissToast, useUi } from '../store/ui-store.ts';
import { Icon } from './Icon.tsx';

export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className="toast" data-tone={t.tone} data-testid="toast">
          <Icon name={t.tone === 'error' ? 'error' : t.tone === 'success' ? 'check' : 'dot'} />
          <div className="toast__text">
            <strong>{t.title}</strong>
            {t.detail && <span>{t.detail}</span>}
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            onClick={() => dismissToast(t.id)}
          >
            <Icon name="close" size={12} />
          </button>
        </div>
      ))}
    </div>
  );
}
