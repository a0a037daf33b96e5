/** The generated TypeScript for the open document, and saving it as a file. */
import type { GraphDocument } from '../../app/graph/document.ts';
import { emitTypeScript } from '../../app/codegen/typescript.ts';
import { suggestedFileName } from '../documents/document-actions.ts';
import { editorStore } from '../store/editor-store.ts';
import { sameStructure } from '../store/inference.ts';
import { toast } from '../store/ui-store.ts';

let last: { doc: GraphDocument; code: string } | null = null;

/** True when two documents differ at most in where their nodes sit, which code never mentions. */
function sameExceptPositions(a: GraphDocument, b: GraphDocument): boolean {
  if (!sameStructure(a, b)) return false;
  if (a.groups !== b.groups || a.metadata !== b.metadata || a.training !== b.training) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i];
    return m !== undefined && n.name === m.name && n.group === m.group;
  });
}

/**
 * Code for a document, cached: a drag or a layout does not regenerate it. A document codegen
 * cannot handle says why instead.
 */
export function codeFor(doc: GraphDocument): { code: string; error: string | null } {
  if (last && (last.doc === doc || sameExceptPositions(last.doc, doc))) {
    last = { doc, code: last.code };
    return { code: last.code, error: null };
  }
  try {
    const code = emitTypeScript(doc);
    last = { doc, code };
    return { code, error: null };
  } catch (err) {
    return { code: '', error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Downloads the code as `<name>.ts`. (The API has no channel for writing arbitrary text files;
 * a download works in the browser and the desktop window alike.)
 */
export function exportCode(): void {
  const { code, error } = codeFor(editorStore.get().doc);
  if (error) {
    toast('error', 'Cannot generate code yet', error);
    return;
  }
  const name = suggestedFileName().replace(/\.nwg\.json$|\.json$/, '') + '.ts';
  const url = URL.createObjectURL(new Blob([code], { type: 'text/typescript' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  toast('success', `Exported ${name}`);
}
