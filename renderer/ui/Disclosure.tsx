/** A titled section that opens and closes. */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Icon } from './Icon.tsx';

export function Disclosure({
  title,
  defaultOpen = true,
  children,
}: {
  title: string;
  defaultOpen?: boolean;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <section className="disclosure" data-open={open ? 'true' : undefined}>
      <button
        type="button"
        className="disclosure__title"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <Icon name={open ? 'chevronDown' : 'chevronRight'} size={12} />
        {title}
      </button>
      {open && <div className="disclosure__body">{children}</div>}
    </section>
  );
}
