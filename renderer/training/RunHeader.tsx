/**
 * The top of the dashboard: Train or Stop, the progress bar, and a row of figures. Before a run
 * the figures are the pre-flight estimate (data sizes, steps, memory, time, backend); while and
 * after it they are the live ones (losses, metrics, learning rate, speed, ETA, backend and why).
 */
import type { EpochRecord } from '../../app/graph/training.ts';
import { Icon } from '../ui/Icon.tsx';
import { formatBytes } from '../ui/format.ts';
import { formatDuration, formatMetric, formatRate, formatValue, metricLabels } from './format.ts';
import type { LiveRunState } from './live-run.ts';
import { metricsOf, progressOf } from './live-run.ts';
import { startRun, stopRun } from './training-actions.ts';
import { reportOf } from './training-store.ts';
import type { PreflightState } from './training-store.ts';

const backendNames: Record<string, string> = {
  'tensorflow-gpu': 'TensorFlow GPU',
  tensorflow: 'TensorFlow CPU',
  wasm: 'WebAssembly',
  cpu: 'Plain JS',
};

export function RunHeader({
  live,
  preflight,
  canTrain,
}: {
  live: LiveRunState | null;
  preflight: PreflightState | null;
  canTrain: boolean;
}) {
  const active = live !== null && live.phase !== 'ended';
  return (
    <header className="run-header">
      <div className="run-header__bar">
        {active ? (
          <button
            type="button"
            className="button run-header__action run-header__action--stop"
            onClick={() => void stopRun()}
            disabled={live.phase === 'stopping'}
            data-testid="train-stop"
          >
            <span className="run-header__stop-glyph" aria-hidden="true" />
            {live.phase === 'stopping' ? 'Stopping…' : 'Stop'}
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary run-header__action"
            onClick={() => void startRun()}
            disabled={!canTrain}
            title={
              canTrain ? 'Train this network (Ctrl/⌘ + Enter)' : 'Fix the network’s problems first'
            }
            data-testid="train-start"
          >
            <span className="run-header__play-glyph" aria-hidden="true" />
            Train
          </button>
        )}
        <Progress live={live} data={live ? null : (reportOf(preflight)?.data ?? null)} />
      </div>
      {live ? <LiveFigures live={live} /> : <PreflightFigures preflight={preflight} />}
      <Notices live={live} preflight={preflight} />
    </header>
  );
}

function Progress({ live, data }: { live: LiveRunState | null; data: string | null }) {
  const progress = live ? progressOf(live) : null;
  const status = statusText(live);
  return (
    <div className="run-progress">
      <div className="run-progress__labels">
        <span className="run-progress__status">
          <span data-testid="training-status">{status}</span>
          <Backend live={live} />
          {data ? (
            <span className="run-progress__backend" data-testid="training-data">
              {' · '}
              {data}
            </span>
          ) : null}
        </span>
        {progress ? (
          <span className="run-progress__count">
            <span data-testid="training-epoch">
              Epoch {Math.max(progress.epoch, 1)} / {progress.epochs}
            </span>
            {live?.phase !== 'ended' ? (
              <span className="muted">
                {' · '}batch {progress.batch} / {progress.batchesPerEpoch}
              </span>
            ) : null}
            {live && live.phase !== 'ended' && live.etaSeconds !== null ? (
              <span className="muted" data-testid="training-eta">
                {' · '}
                {formatDuration(live.etaSeconds)} left
              </span>
            ) : null}
          </span>
        ) : null}
      </div>
      <div
        className="run-progress__track"
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress ? Math.round(progress.fraction * 100) : 0}
        data-phase={live?.phase ?? 'idle'}
        data-outcome={live?.end?.kind === 'failed' ? 'failed' : undefined}
      >
        <div
          className="run-progress__fill"
          style={{ width: `${(progress?.fraction ?? 0) * 100}%` }}
        />
      </div>
    </div>
  );
}

/** Which backend trains the run, and why it was chosen (on hover: the full reason). */
function Backend({ live }: { live: LiveRunState | null }) {
  const backend =
    live?.start?.backend ?? (live?.end?.kind === 'done' ? live.end.summary.backend : undefined);
  if (!backend) return null;
  return (
    <span className="run-progress__backend">
      {' on '}
      <abbr title={backend.reason} data-testid="training-backend">
        {backendNames[backend.name] ?? backend.name}
      </abbr>
    </span>
  );
}

function statusText(live: LiveRunState | null): string {
  if (!live) return 'Ready to train';
  switch (live.phase) {
    case 'starting':
      return 'Starting: loading TensorFlow.js and the data…';
    case 'running':
      return 'Training';
    case 'stopping':
      return 'Stopping after this batch…';
    case 'ended': {
      if (live.end?.kind === 'failed')
        return live.end.failure.kind === 'diverged' ? 'Diverged' : 'Failed';
      const status = live.end?.summary.status;
      return status === 'completed'
        ? 'Finished'
        : status === 'early-stopped'
          ? 'Stopped early'
          : 'Stopped';
    }
  }
}

function LiveFigures({ live }: { live: LiveRunState }) {
  const lastEpoch: EpochRecord | undefined = live.epochs.at(-1);
  const batch = live.lastBatch;
  const metric = metricsOf(live.epochs, live.batches)[0];
  const loss = batch?.loss ?? lastEpoch?.loss;
  const trainMetric = metric
    ? (batch?.metrics[metric as keyof typeof batch.metrics] ??
      lastEpoch?.metrics[metric as keyof EpochRecord['metrics']])
    : undefined;
  return (
    <dl className="run-figures" data-testid="training-figures">
      <Figure label="Loss" value={formatValue(loss)} tone="train" />
      <Figure label="Dev loss" value={formatValue(lastEpoch?.devLoss)} tone="dev" />
      {metric ? (
        <>
          <Figure
            label={metricLabels[metric] ?? metric}
            value={formatMetric(metric, trainMetric)}
            tone="train"
          />
          <Figure
            label={`Dev ${(metricLabels[metric] ?? metric).toLowerCase()}`}
            value={formatMetric(
              metric,
              lastEpoch?.devMetrics?.[metric as keyof EpochRecord['metrics']],
            )}
            tone="dev"
          />
        </>
      ) : null}
      {live.test ? <Figure label="Test loss" value={formatValue(live.test.loss)} /> : null}
      <Figure
        label="Learning rate"
        value={formatValue(batch?.learningRate ?? lastEpoch?.learningRate)}
        testId="training-lr"
      />
      <Figure
        label="Speed"
        value={formatRate(batch?.samplesPerSecond ?? lastEpoch?.samplesPerSecond)}
        testId="training-speed"
      />
    </dl>
  );
}

function PreflightFigures({ preflight }: { preflight: PreflightState | null }) {
  const report = reportOf(preflight);
  const loading = preflight?.state === 'loading';
  const memory = report?.preflight.memory;
  return (
    <dl
      className="run-figures"
      data-testid="training-preflight"
      data-loading={loading ? 'true' : undefined}
      aria-busy={loading}
    >
      <Figure
        label="Train · dev · test"
        value={
          report
            ? `${report.samples.train.toLocaleString('en-US')} · ${report.samples.dev.toLocaleString('en-US')} · ${report.samples.test.toLocaleString('en-US')}`
            : '—'
        }
      />
      <Figure
        label="Steps per epoch"
        value={report ? report.batchesPerEpoch.toLocaleString('en-US') : '—'}
      />
      <Figure
        label="Memory"
        value={memory ? formatBytes(memory.totalBytes) : '—'}
        title={
          memory
            ? `Weights ${formatBytes(memory.weightsBytes)} · gradients ${formatBytes(memory.gradientsBytes)} · optimizer state ${formatBytes(memory.optimizerStateBytes)} · activations ${formatBytes(memory.activationBytes)}${memory.availableBytes !== null ? ` · available ${formatBytes(memory.availableBytes)}` : ''}`
            : undefined
        }
        tone={memory && !memory.fits ? 'warn' : undefined}
        testId="preflight-memory"
      />
      <Figure
        label="Time per epoch"
        value={report ? roughly(report.preflight.secondsPerEpoch) : '—'}
        title="A rough figure from the network’s FLOPs; the live speed replaces it."
      />
      <Figure
        label="Backend (expected)"
        value={report ? (backendNames[report.backend] ?? report.backend) : '—'}
      />
    </dl>
  );
}

function Figure({
  label,
  value,
  tone,
  title,
  testId,
  wide,
}: {
  label: string;
  value: string;
  tone?: 'train' | 'dev' | 'warn';
  title?: string | undefined;
  testId?: string;
  wide?: boolean;
}) {
  return (
    <div
      className={`run-figure${wide ? ' run-figure--wide' : ''}`}
      data-tone={tone}
      title={title}
      data-testid={testId}
    >
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** An estimate reads as one: "under 1 s", "about 40 s", "about 3 min 20 s". */
function roughly(seconds: number): string {
  return seconds < 1 ? 'under 1 s' : `about ${formatDuration(seconds)}`;
}

/** Failures, NaNs and pre-flight warnings: coded, in full sentences, where the eye already is. */
function Notices({
  live,
  preflight,
}: {
  live: LiveRunState | null;
  preflight: PreflightState | null;
}) {
  if (live?.end?.kind === 'failed') {
    const f = live.end.failure;
    return (
      <div className="run-notice run-notice--error" role="alert" data-testid="training-failure">
        <Icon name="error" size={14} />
        <span>
          <code className="run-notice__code">{f.code}</code> {f.message}
        </span>
      </div>
    );
  }
  if (live?.start && live.phase !== 'ended' && live.start.backend.name === 'cpu') {
    return (
      <div className="run-notice run-notice--warn">
        <Icon name="warning" size={14} />
        <span>{live.start.backend.reason}</span>
      </div>
    );
  }
  if (live) return null;
  if (preflight?.state === 'error') {
    return (
      <div className="run-notice run-notice--error" role="alert" data-testid="preflight-error">
        <Icon name="error" size={14} />
        <span>
          <code className="run-notice__code">{preflight.code}</code> {preflight.message}
        </span>
      </div>
    );
  }
  const warnings = preflight?.state === 'ready' ? preflight.report.preflight.warnings : [];
  if (warnings.length === 0) return null;
  return (
    <div className="run-notice run-notice--warn" data-testid="preflight-warnings">
      <Icon name="warning" size={14} />
      <span>{warnings.join(' ')}</span>
    </div>
  );
}
