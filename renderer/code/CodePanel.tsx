/**
 * The generated TypeScript for the current graph, read-only, updating as the graph changes.
 * Monaco is loaded on first open so it never slows the app's start.
 */
import Editor from '@monaco-editor/react';
import { useDeferredValue, useMemo } from 'react';
import { useEditor } from '../store/editor-store.ts';
import { toast } from '../store/ui-store.ts';
import { Icon } from '../ui/Icon.tsx';
import { codeFor, exportCode } from './export-code.ts';
import './monaco-setup.ts';

export default function CodePanel() {
  const doc = useEditor((s) => s.doc);
  // Code generation waits while the user types quickly; the canvas stays responsive.
  const deferred = useDeferredValue(doc);
  const { code, error } = useMemo(() => codeFor(deferred), [deferred]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      toast('success', 'Code copied');
    } catch {
      toast('error', 'Could not copy', 'The browser did not allow access to the clipboard.');
    }
  };
  return (
    <div className="code-panel" data-testid="code-panel">
      <div className="panel-toolbar">
        <span className="panel-toolbar__title">TypeScript · tfjs layers API</span>
        <span className="panel-toolbar__spacer" />
        <button
          type="button"
          className="button button--ghost"
          onClick={() => void copy()}
          disabled={!code}
        >
          <Icon name="copy" /> Copy
        </button>
        <button
          type="button"
          className="button button--ghost"
          onClick={exportCode}
          disabled={!code}
        >
          <Icon name="export" /> Export
        </button>
      </div>
      {error ? (
        <div className="empty-note">The code cannot be generated yet: {error}</div>
      ) : doc.nodes.length === 0 ? (
        <div className="empty-note">Add layers to see the TypeScript that builds them.</div>
      ) : (
        <div className="code-panel__editor">
          <Editor
            value={code}
            language="typescript"
            theme="netwright-dark"
            loading={<div className="empty-note">Loading the editor…</div>}
            options={{
              readOnly: true,
              domReadOnly: true,
              minimap: { enabled: false },
              fontSize: 12.5,
              lineHeight: 19,
              fontFamily:
                "'JetBrains Mono', 'Cascadia Code', 'DejaVu Sans Mono', ui-monospace, monospace",
              scrollBeyondLastLine: false,
              renderLineHighlight: 'none',
              automaticLayout: true,
              folding: true,
              padding: { top: 8, bottom: 8 },
              scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10 },
            }}
          />
        </div>
      )}
    </div>
  );
}
