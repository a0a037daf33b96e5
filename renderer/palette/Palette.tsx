/**
 * The layer palette: every catalog type by category, each with its one-line help. Drag one onto
 * the canvas, or click it to drop it where you are looking.
 */
import { useMemo, useState } from 'react';
import type { DragEvent } from 'react';
import { LAYER_DRAG_TYPE } from '../canvas/drag-types.ts';
import { insertionPoint } from '../canvas/flow-instance.ts';
import { addLayer } from '../editing/node-actions.ts';
import { Icon } from '../ui/Icon.tsx';
import { paletteSections } from './palette-model.ts';
import type { PaletteItem } from './palette-model.ts';

function startDrag(event: DragEvent, item: PaletteItem) {
  event.dataTransfer.setData(LAYER_DRAG_TYPE, item.type);
  event.dataTransfer.setData('text/plain', item.label);
  event.dataTransfer.effectAllowed = 'copy';
}

export function Palette() {
  const [query, setQuery] = useState('');
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const sections = useMemo(() => paletteSections(query), [query]);
  const searching = query.trim().length > 0;
  const toggle = (category: string) =>
    setClosed((prev) => {
      const next = new Set(prev);
      if (next.has(category)) next.delete(category);
      else next.add(category);
      return next;
    });
  return (
    <aside className="sidebar palette" aria-label="Layers" data-testid="palette">
      <div className="sidebar__header">
        <span className="sidebar__title">Layers</span>
      </div>
      <label className="search-field">
        <Icon name="search" />
        <input
          type="search"
          placeholder="Search layers"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setQuery('');
          }}
          aria-label="Search layers"
          data-testid="palette-search"
        />
      </label>
      <div className="sidebar__scroll">
        {sections.length === 0 && <p className="empty-note">No layer matches “{query}”.</p>}
        {sections.map((section) => {
          const open = searching || !closed.has(section.category);
          return (
            <section
              key={section.category}
              className="palette-section"
              data-category={section.category}
            >
              <button
                type="button"
                className="palette-section__title"
                aria-expanded={open}
                onClick={() => toggle(section.category)}
              >
                <Icon name={open ? 'chevronDown' : 'chevronRight'} size={12} />
                <span>{section.title}</span>
                <span className="palette-section__count">{section.items.length}</span>
              </button>
              {open && (
                <ul>
                  {section.items.map((item) => (
                    <li key={item.type}>
                      <div
                        className="palette-item"
                        draggable
                        role="button"
                        tabIndex={0}
                        data-category={item.category}
                        data-testid={`palette-item-${item.type}`}
                        title={`${item.label}: ${item.help}\nDrag onto the canvas, or click to add.`}
                        onDragStart={(e) => startDrag(e, item)}
                        onClick={() => addLayer(item.type, insertionPoint().flow)}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter' || e.key === ' ') {
                            e.preventDefault();
                            addLayer(item.type, insertionPoint().flow);
                          }
                        }}
                      >
                        <span className="palette-item__swatch" aria-hidden="true" />
                        <span className="palette-item__text">
                          <span className="palette-item__label">{item.label}</span>
                          <span className="palette-item__help">{item.help}</span>
                        </span>
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </aside>
  );
}
