/**
 * The Training tab: run settings and past runs on the left, Train/Stop with progress and figures
 * on top, live charts below. It reads the training store (events arrive there whether or not the
 * panel is open) and asks for a fresh pre-flight estimate when the network or its settings change.
 */
import { useEffect } from 'react';
import type { GraphDocument } from '../../app/graph/document.ts';
import { useEditor } from '../store/editor-store.ts';
import { inferenceOf } from '../store/inference.ts';
import { Charts } from './Charts.tsx';
import { effectiveConfig } from './config-model.ts';
import { RunHeader } from './RunHeader.tsx';
import { RunSettings } from './RunSettings.tsx';
import { RunsList } from './RunsList.tsx';
import { refreshRuns, schedulePreflight } from './training-actions.ts';
import { isTraining, setTraining, useTraining } from './training-store.ts';
import './training.css';

export default function TrainingPanel() {
  const doc = useEditor((s) => s.doc);
  const path = useEditor((s) => s.path);
  const live = useTraining((s) => s.live);
  const training = useTraining(isTraining);
  const preflight = useTraining((s) => s.preflight);
  const side = useTraining((s) => s.side);
  const runCount = useTraining((s) => s.runs.length);
  const errors = inferenceOf(doc).problems.filter((p) => p.severity === 'error').length;

  useEffect(() => {
    void refreshRuns();
  }, [path]);

  // The estimate depends on the layers, the wiring and the settings, not on where nodes sit.
  const key = preflightKey(doc, path);
  useEffect(() => {
    if (training || errors > 0) return;
    // `doc` changes with every drag; `key` only when the estimate could, so it alone re-asks.
    schedulePreflight(doc, path, key);
  }, [key, training, errors]);

  return (
    <div className="training" data-testid="training-panel">
      <aside className="training__side">
        <div className="training__side-tabs" role="tablist" aria-label="Training">
          <button
            type="button"
            role="tab"
            className="tab"
            aria-selected={side === 'settings'}
            onClick={() => setTraining({ side: 'settings' })}
            data-testid="training-tab-settings"
          >
            Settings
          </button>
          <button
            type="button"
            role="tab"
            className="tab"
            aria-selected={side === 'runs'}
            onClick={() => setTraining({ side: 'runs' })}
            data-testid="training-tab-runs"
          >
            Runs {runCount > 0 ? <span className="tab__count">{runCount}</span> : null}
          </button>
        </div>
        <div className="training__side-body">
          {side === 'settings' ? <RunSettings /> : <RunsList />}
        </div>
      </aside>
      <section className="training__main">
        <RunHeader live={live} preflight={preflight} canTrain={errors === 0} />
        <Charts live={live} />
      </section>
    </div>
  );
}

function preflightKey(doc: GraphDocument, path: string | null): string {
  return JSON.stringify([
    path,
    effectiveConfig(doc),
    doc.nodes.map((n) => [n.id, n.type, n.params]),
    doc.edges.map((e) => [e.source.node, e.source.port, e.target.node, e.target.port]),
  ]);
}
