/** A search box over a list, driven by the keyboard: type, arrow to choose, Enter to take. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';

export interface SearchItem {
  key: string;
  disabled?: boolean;
}

export function SearchList<T extends SearchItem>({
  placeholder,
  search,
  render,
  onChoose,
  empty,
  testId,
}: {
  placeholder: string;
  search: (query: string) => readonly T[];
  render: (item: T, active: boolean) => ReactNode;
  onChoose: (item: T) => void;
  empty: string;
  testId?: string;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  const items = useMemo(() => search(query), [search, query]);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    list.current?.querySelector('[data-active="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  const choose = (item: T | undefined) => {
    if (item && !item.disabled) onChoose(item);
  };
  return (
    <div className="search-list" data-testid={testId}>
      <input
        className="search-list__input"
        autoFocus
        placeholder={placeholder}
        value={query}
        spellCheck={false}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((i) => Math.min(items.length - 1, i + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(0, i - 1));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            choose(items[active]);
          }
        }}
        aria-label={placeholder}
      />
      <ul className="search-list__items" ref={list} role="listbox">
        {items.length === 0 && <li className="search-list__empty">{empty}</li>}
        {items.map((item, i) => (
          <li
            key={item.key}
            role="option"
            aria-selected={i === active}
            aria-disabled={item.disabled}
            data-active={i === active ? 'true' : undefined}
            className="search-list__item"
            onMouseMove={() => setActive(i)}
            onClick={() => choose(item)}
          >
            {render(item, i === active)}
          </li>
        ))}
      </ul>
    </div>
  );
}
