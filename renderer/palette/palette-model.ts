/** The palette's content, derived from the catalog: every type, grouped by category, searchable. */
import { catalog } from '../../app/layers/catalog.ts';
import { layerCategories } from '../../app/layers/spec.ts';
import type { LayerCategory } from '../../app/layers/spec.ts';

export interface PaletteItem {
  type: string;
  label: string;
  help: string;
  category: LayerCategory;
}

export interface PaletteSection {
  category: LayerCategory;
  title: string;
  items: PaletteItem[];
}

export const categoryTitles: Record<LayerCategory, string> = {
  input: 'Input',
  core: 'Core',
  convolution: 'Convolution',
  pooling: 'Pooling',
  reshaping: 'Reshaping',
  normalization: 'Normalization',
  regularization: 'Regularization',
  activation: 'Activation',
  recurrent: 'Recurrent',
  merge: 'Merge',
  loss: 'Loss',
};

const items: PaletteItem[] = catalog.map((spec) => ({
  type: spec.type,
  label: spec.label,
  help: spec.help,
  category: spec.category,
}));

/**
 * Items whose label, type, category or help contain every word of the query, best first:
 * label matches before help matches, so "conv" finds Conv 2D before a layer that mentions it.
 */
export function searchLayers(query: string): PaletteItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return items;
  const scored: { item: PaletteItem; score: number }[] = [];
  for (const item of items) {
    const label = `${item.label} ${item.type}`.toLowerCase();
    const all = `${label} ${item.category} ${item.help}`.toLowerCase();
    if (!words.every((w) => all.includes(w))) continue;
    let score = 0;
    for (const w of words) {
      if (label.startsWith(w)) score += 4;
      else if (label.includes(w)) score += 2;
      else score += 0.5;
    }
    scored.push({ item, score });
  }
  return scored.sort((a, b) => b.score - a.score).map((s) => s.item);
}

export function paletteSections(query: string): PaletteSection[] {
  const found = searchLayers(query);
  return layerCategories
    .map((category) => ({
      category,
      title: categoryTitles[category],
      items: found.filter((item) => item.category === category),
    }))
    .filter((section) => section.items.length > 0);
}
