/**
 * The generated code for the current graph — TypeScript, Keras or PyTorch — read-only, updating
 * as the graph changes, with what the chosen language cannot express listed above it. Monaco is
 * loaded on first open so it never slows the app's start.
 */
import Editor from '@monaco-editor/react';
import { useDeferredValue, useMemo } from 'react';
import { useEditor } from '../store/editor-store.ts';
import { toast } from '../store/ui-store.ts';
import { Icon } from '../ui/Icon.tsx';
import { ProblemItem } from '../problems/ProblemItem.tsx';
import { codeFor, codeTarget, codeTargets } from './code-targets.ts';
import { exportDocument } from './export-code.ts';
import { useShownInference } from './shown-problems.ts';
import { setCodeTarget, useCodeTarget } from './target-store.ts';
import './monaco-setup.ts';
import './code-panel.css';

const editorOptions = {
  readOnly: true,
  domReadOnly: true,
  minimap: { enabled: false },
  fontSize: 12.5,
  lineHeight: 19,
  fontFamily: "'JetBrains Mono', 'Cascadia Code', 'DejaVu Sans Mono', ui-monospace, monospace",
  scrollBeyondLastLine: false,
  renderLineHighlight: 'none',
  automaticLayout: true,
  folding: true,
  padding: { top: 8, bottom: 8 },
  scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10 },
} as const;

export default function CodePanel() {
  const doc = useEditor((s) => s.doc);
  const targetId = useCodeTarget();
  const target = codeTarget(targetId);
  // Code generation waits while the user types quickly; the canvas stays responsive.
  const deferred = useDeferredValue(doc);
  const { code, error } = useMemo(() => codeFor(deferred, targetId), [deferred, targetId]);
  // The canvas's own (cached) result: asking with the deferred document would compute it twice.
  const warnings = useShownInference(doc).problems.filter((p) => p.code === 'W103');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      toast('success', 'Code copied');
    } catch {
      toast('error', 'Could not copy', 'The browser did not allow access to the clipboard.');
    }
  };
  return (
    <div className="code-panel" data-testid="code-panel" data-target={targetId}>
      <div className="panel-toolbar">
        <div className="code-targets" role="tablist" aria-label="Language">
          {codeTargets.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={t.id === targetId}
              className="code-targets__tab"
              onClick={() => setCodeTarget(t.id)}
              data-testid={`code-tab-${t.id}`}
            >
              {t.label}
            </button>
          ))}
        </div>
        <span className="panel-toolbar__title">
          {target.title} · {target.fileName}
        </span>
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
          onClick={() => void exportDocument(target.exportAs)}
          disabled={!code}
          title={`Export as a ${target.exportAs === 'typescript-module' ? 'TypeScript module' : `${target.label} project`}`}
          data-testid="code-export"
        >
          <Icon name="export" /> Export
        </button>
      </div>
      {warnings.length > 0 && (
        <ul className="code-panel__problems" data-testid="code-problems">
          {warnings.map((p, i) => (
            <ProblemItem key={`${p.node ?? ''}-${i}`} problem={p} clickable />
          ))}
        </ul>
      )}
      {error ? (
        <div className="empty-note">The code cannot be generated yet: {error}</div>
      ) : doc.nodes.length === 0 ? (
        <div className="empty-note">
          Add layers to see the {target.label} code that builds them.
        </div>
      ) : (
        <div className="code-panel__editor">
          <Editor
            value={code}
            language={target.language}
            path={`${targetId}/${target.fileName}`}
            theme="netwright-dark"
            loading={<div className="empty-note">Loading the editor…</div>}
            options={editorOptions}
          />
        </div>
      )}
    </div>
  );
}
