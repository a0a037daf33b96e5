/**
 * The panel under the canvas: Problems, the generated TypeScript (Monaco, loaded on demand), or
 * the Training dashboard (also loaded on demand).
 */
import { Suspense, lazy } from 'react';
import { useEditor } from '../store/editor-store.ts';
import { useShownInference } from '../code/shown-problems.ts';
import { setUi, toggleBottomPanel, useUi } from '../store/ui-store.ts';
import { ProblemsPanel } from '../problems/ProblemsPanel.tsx';
import { Icon } from '../ui/Icon.tsx';

const CodePanel = lazy(() => import('../code/CodePanel.tsx'));
const TrainingPanel = lazy(() => import('../training/TrainingPanel.tsx'));
const panelNames = { problems: 'Problems', code: 'Code', training: 'Training' } as const;

export function BottomPanel() {
  const panel = useUi((s) => s.bottomPanel);
  const problems = useShownInference(useEditor((s) => s.doc)).problems.length;
  if (!panel) return null;
  return (
    <section className="bottom-panel" data-panel={panel} aria-label={panelNames[panel]}>
      <div className="bottom-panel__tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={panel === 'problems'}
          className="tab"
          onClick={() => setUi({ bottomPanel: 'problems' })}
          data-testid="tab-problems"
        >
          Problems <span className="tab__count">{problems}</span>
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={panel === 'code'}
          className="tab"
          onClick={() => setUi({ bottomPanel: 'code' })}
          data-testid="tab-code"
        >
          Code
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={panel === 'training'}
          className="tab"
          onClick={() => setUi({ bottomPanel: 'training' })}
          data-testid="tab-training"
        >
          Training
        </button>
        <span className="panel-toolbar__spacer" />
        <button
          type="button"
          className="icon-button"
          aria-label="Close panel"
          onClick={() => toggleBottomPanel(panel)}
        >
          <Icon name="close" size={12} />
        </button>
      </div>
      <div className="bottom-panel__body">
        {panel === 'problems' ? (
          <ProblemsPanel />
        ) : panel === 'training' ? (
          <Suspense fallback={<div className="empty-note">Loading the dashboard…</div>}>
            <TrainingPanel />
          </Suspense>
        ) : (
          <Suspense fallback={<div className="empty-note">Loading the editor…</div>}>
            <CodePanel />
          </Suspense>
        )}
      </div>
    </section>
  );
}
