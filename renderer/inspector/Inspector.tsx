/** The right-hand panel: what is selected, and its settings. */
import { useMemo } from 'react';
import { useEditor } from '../store/editor-store.ts';
import { inferenceOf } from '../store/inference.ts';
import { DocumentSummary } from './DocumentSummary.tsx';
import { GroupInspector } from './GroupInspector.tsx';
import { NodeInspector } from './NodeInspector.tsx';

export function Inspector() {
  const doc = useEditor((s) => s.doc);
  const selection = useEditor((s) => s.selection);
  const inference = useMemo(() => inferenceOf(doc), [doc]);
  const count = selection.nodes.length + selection.groups.length;

  let body;
  if (selection.nodes.length === 1 && selection.groups.length === 0) {
    const node = doc.nodes.find((n) => n.id === selection.nodes[0]);
    body = node ? (
      <NodeInspector key={node.id} node={node} doc={doc} inference={inference} />
    ) : null;
  } else if (selection.groups.length === 1 && selection.nodes.length === 0) {
    const group = doc.groups.find((g) => g.id === selection.groups[0]);
    body = group ? (
      <GroupInspector key={group.id} group={group} doc={doc} inference={inference} />
    ) : null;
  } else if (count > 1) {
    body = <DocumentSummary doc={doc} inference={inference} selectedIds={selection.nodes} />;
  } else {
    body = <DocumentSummary doc={doc} inference={inference} selectedIds={null} />;
  }
  return (
    <aside className="sidebar inspector" aria-label="Inspector" data-testid="inspector">
      {body}
    </aside>
  );
}
