/**
 * templates/index.json: the list a template picker reads without opening every file.
 */
import type { GraphDocument } from '../../app/graph/document.ts';
import type { Template } from './template.ts';

export interface TemplateIndexEntry {
  file: string;
  title: string;
  summary: string;
  /** The reference's parameter count, and whether it counts all weights or the trainable ones. */
  params: number;
  counts: 'all' | 'trainable';
  /** One sample's shape at each Input node, in document order. */
  inputs: number[][];
  tags: string[];
}

export function indexEntry(template: Template, doc: GraphDocument): TemplateIndexEntry {
  const reference = doc.metadata.reference;
  if (reference?.params === undefined) throw new Error(`${template.file} has no reference count`);
  const inputs = doc.nodes
    .filter((n) => n.type === 'Input')
    .map((n) => (Array.isArray(n.params.shape) ? [...n.params.shape] : []));
  return {
    file: `${template.file}.json`,
    title: doc.metadata.title,
    summary: template.summary,
    params: reference.params,
    counts: reference.counts ?? 'all',
    inputs,
    tags: [...(doc.metadata.tags ?? [])],
  };
}

/** The text of templates/index.json: two-space indent, trailing newline, like the documents. */
export function serializeIndex(entries: readonly TemplateIndexEntry[]): string {
  return JSON.stringify(entries, null, 2) + '\n';
}
