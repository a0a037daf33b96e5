/**
 * The document's past runs, newest first: how each ended, its best dev figure, and three actions —
 * overlay its curves on the charts, open the network exactly as it was trained, or continue
 * training this network from the run's best or final weights.
 */
import type { RunListItem } from '../../app/api/contract.ts';
import type { EpochRecord } from '../../app/graph/training.ts';
import { useEditor } from '../store/editor-store.ts';
import { Icon } from '../ui/Icon.tsx';
import { formatMetric, formatStarted, formatValue } from './format.ts';
import { openRunSnapshot, shortRunId, startRun, toggleCompare } from './training-actions.ts';
import { compareColor, isTraining, useTraining } from './training-store.ts';

const statusLabels: Record<RunListItem['status'], string> = {
  completed: 'Completed',
  stopped: 'Stopped',
  'early-stopped': 'Early stop',
  diverged: 'Diverged',
  running: 'Running',
};

export function RunsList() {
  const path = useEditor((s) => s.path);
  const runs = useTraining((s) => s.runs);
  const runsFor = useTraining((s) => s.runsFor);
  const error = useTraining((s) => s.runsError);
  const compared = useTraining((s) => s.compared);
  const training = useTraining(isTraining);

  if (path === null) {
    return (
      <div className="runs-empty" data-testid="runs-list">
        <p>Runs are kept beside the network’s file.</p>
        <p className="muted">
          Save the network (Ctrl/⌘ + S) and every run after that is listed here, with its settings,
          curves and trained weights.
        </p>
      </div>
    );
  }
  if (error) {
    return (
      <div className="runs-empty" data-testid="runs-list">
        <p className="runs-empty__error">{error}</p>
      </div>
    );
  }
  if (runsFor === path && runs.length === 0) {
    return (
      <div className="runs-empty" data-testid="runs-list">
        <p>No runs yet.</p>
        <p className="muted">Press Train: each run is saved in {fileName(path)}.runs/.</p>
      </div>
    );
  }
  return (
    <ol className="runs-list" data-testid="runs-list">
      {runs.map((run) => {
        const on = compared.includes(run.id);
        return (
          <li
            key={run.id}
            className="run-row"
            data-testid={`run-${run.id}`}
            data-compared={on ? 'true' : undefined}
          >
            <button
              type="button"
              className="run-row__compare"
              aria-pressed={on}
              title={on ? 'Remove its curves from the charts' : 'Overlay its curves on the charts'}
              aria-label={`Compare run ${shortRunId(run.id)}`}
              onClick={() => void toggleCompare(run.id)}
              style={
                on
                  ? {
                      background: compareColor({ compared }, run.id),
                      borderColor: compareColor({ compared }, run.id),
                    }
                  : undefined
              }
            >
              {on ? <Icon name="check" size={10} /> : null}
            </button>
            <div className="run-row__body">
              <div className="run-row__top">
                <span className="run-row__time">{formatStarted(run.startedAt)}</span>
                <span className="run-status" data-status={run.status}>
                  {statusLabels[run.status]}
                </span>
                <button
                  type="button"
                  className="button button--ghost run-row__open"
                  title="Open the network exactly as this run trained it, as a new document"
                  aria-label={`Open the network of run ${shortRunId(run.id)}`}
                  onClick={() => void openRunSnapshot(run.id)}
                  data-testid={`run-open-${run.id}`}
                >
                  Open
                </button>
              </div>
              <div className="run-row__detail">
                {run.dataset ?? '?'} · {run.epochs}
                {run.plannedEpochs !== null ? `/${run.plannedEpochs}` : ''} epochs
                {run.startedFrom
                  ? ` · from ${run.startedFrom.which} of ${shortRunId(run.startedFrom.runId)}`
                  : ''}
              </div>
              <div className="run-row__figures">{headline(run)}</div>
              <ContinueFrom run={run} disabled={training} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * "Continue training from this run": its best weights exist once a dev figure improved, its final
 * ones once it ended without diverging. The server checks they still fit the network (E213).
 */
function ContinueFrom({ run, disabled }: { run: RunListItem; disabled: boolean }) {
  const saved = {
    best: run.best !== null,
    final: run.status !== 'running' && run.status !== 'diverged' && run.epochs > 0,
  };
  if (!saved.best && !saved.final) return null;
  return (
    <div className="run-row__continue">
      <span>Continue training from</span>
      {(['best', 'final'] as const).map((which) => (
        <button
          key={which}
          type="button"
          className="button button--ghost run-row__open"
          disabled={disabled || !saved[which]}
          title={`Train this network again, starting from the ${which} weights of run ${shortRunId(run.id)}`}
          aria-label={`Continue training from the ${which} weights of run ${shortRunId(run.id)}`}
          onClick={() => void startRun({ runId: run.id, which })}
          data-testid={`run-continue-${which}-${run.id}`}
        >
          {which}
        </button>
      ))}
    </div>
  );
}

/** The figure people compare runs by: the best dev accuracy, else the best (or last) loss. */
function headline(run: RunListItem): string {
  const record: EpochRecord | null = run.best ?? run.final;
  if (!record) return 'no finished epoch';
  const at = `${run.best ? 'best at' : 'last,'} epoch ${record.epoch}`;
  const devAccuracy = record.devMetrics?.accuracy;
  if (devAccuracy !== undefined) return `dev acc ${formatMetric('accuracy', devAccuracy)} · ${at}`;
  if (record.devLoss !== undefined) return `dev loss ${formatValue(record.devLoss)} · ${at}`;
  return `loss ${formatValue(record.loss)} · ${at}`;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
