/**
 * Adding a layer from the keyboard, right where the pointer is: type a few letters, Enter. With
 * one layer selected (or a wire dragged out of one), the new layer is wired to it.
 */
import type { XYPosition } from '@xyflow/react';
import { useCallback } from 'react';
import { LAYER_NODE_SIZE } from '../canvas/flow-model.ts';
import { addLayer } from '../editing/node-actions.ts';
import { searchLayers } from '../palette/palette-model.ts';
import type { PaletteItem } from '../palette/palette-model.ts';
import { categoryTitles } from '../palette/palette-model.ts';
import { editorStore } from '../store/editor-store.ts';
import { closeDialog } from '../store/ui-store.ts';
import { SearchList } from '../ui/SearchList.tsx';

type Entry = PaletteItem & { key: string };

export function QuickAdd({
  screen,
  flow,
  connectFrom,
}: {
  screen: XYPosition;
  flow: XYPosition;
  connectFrom?: string;
}) {
  const search = useCallback(
    (query: string): Entry[] => searchLayers(query).map((item) => ({ ...item, key: item.type })),
    [],
  );
  const selected = editorStore.get().selection.nodes;
  const from = connectFrom ?? (selected.length === 1 ? selected[0] : undefined);
  const left = Math.min(screen.x, window.innerWidth - 340);
  const top = Math.min(screen.y, window.innerHeight - 360);
  return (
    <div
      className="popover-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) closeDialog();
      }}
    >
      <div
        className="popover quick-add"
        style={{ left, top }}
        role="dialog"
        aria-label="Add a layer"
        data-testid="quick-add"
        onKeyDown={(e) => {
          if (e.key === 'Escape') closeDialog();
        }}
      >
        <SearchList<Entry>
          placeholder={from ? `Add a layer after ${from}` : 'Add a layer'}
          search={search}
          empty="No layer matches."
          onChoose={(item) => {
            closeDialog();
            // Wired from a node, the new one sits beside its source; otherwise at the pointer.
            const at = connectFrom
              ? { x: flow.x, y: flow.y - LAYER_NODE_SIZE.height / 2 }
              : { x: flow.x - LAYER_NODE_SIZE.width / 2, y: flow.y - LAYER_NODE_SIZE.height / 2 };
            addLayer(item.type, at, from);
          }}
          render={(item) => (
            <div className="quick-add__row" data-category={item.category}>
              <span className="palette-item__swatch" aria-hidden="true" />
              <span className="quick-add__label">{item.label}</span>
              <span className="quick-add__category">{categoryTitles[item.category]}</span>
            </div>
          )}
        />
      </div>
    </div>
  );
}
