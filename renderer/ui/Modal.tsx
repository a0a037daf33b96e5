/** A dialog over the app: Escape or a click outside closes it; focus starts inside. */
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

export function Modal({
  title,
  onClose,
  children,
  width = 520,
  className = '',
  position = 'center',
  testId,
}: {
  title?: string;
  onClose: () => void;
  children: ReactNode;
  width?: number;
  className?: string;
  /** `top` for palettes that drop from the top like VS Code's. */
  position?: 'center' | 'top';
  testId?: string;
}) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = panel.current?.querySelector<HTMLElement>('[autofocus], input, button, select');
    first?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div
      className={`modal-backdrop modal-backdrop--${position}`}
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        ref={panel}
        className={`modal ${className}`}
        style={{ width }}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        {title && <h2 className="modal__title">{title}</h2>}
        {children}
      </div>
    </div>
  );
}
