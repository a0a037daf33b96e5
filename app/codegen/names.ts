import type { GraphDocument } from '../graph/document.ts';

/** A model name that tfjs, Keras and PyTorch all accept, from a document title. */
export function modelNameFor(doc: GraphDocument): string {
  const name = doc.metadata.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(name) ? name : `model_${name}`;
}
