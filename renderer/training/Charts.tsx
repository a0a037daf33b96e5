/**
 * The two charts: loss, and one metric of the run's choosing, for train and dev. The per-batch
 * trace is drawn thin and faint under the per-epoch curve it averages to; runs picked in the runs
 * list are overlaid dashed, in their own colours, so a change of settings can be judged by eye.
 */
import type { EpochRecord } from '../../app/graph/training.ts';
import type { MetricName } from '../../app/graph/training.ts';
import type { ChartSeries } from './LineChart.tsx';
import { LineChart } from './LineChart.tsx';
import { formatMetric, formatValue, isFraction, metricLabels } from './format.ts';
import type { LiveRunState } from './live-run.ts';
import { metricsOf } from './live-run.ts';
import { shortRunId } from './training-actions.ts';
import { compareColor, setTraining, useTraining } from './training-store.ts';

const TRAIN = '#6f9dff';
const DEV = '#f0b35e';

interface Compared {
  id: string;
  color: string;
  epochs: readonly EpochRecord[];
}

export function Charts({ live }: { live: LiveRunState | null }) {
  const compared = useTraining((s) => s.compared);
  const curves = useTraining((s) => s.curves);
  const chosen = useTraining((s) => s.metric);
  const overlays: Compared[] = compared
    .filter((id) => curves[id])
    .map((id) => ({
      id,
      color: compareColor({ compared }, id),
      epochs: curves[id] as EpochRecord[],
    }));
  const epochs = live?.epochs ?? [];
  const metrics = metricsOf([...epochs, ...overlays.flatMap((o) => o.epochs)], live?.batches ?? []);
  const metric = chosen && metrics.includes(chosen) ? chosen : metrics[0];
  const empty = live
    ? 'Waiting for the first batch…'
    : 'Press Train to watch the loss fall, batch by batch.';

  const lossSeries: ChartSeries[] = [
    ...overlays.map((o) => overlay(o, (r) => r.devLoss ?? r.loss)),
    ...(live
      ? [
          {
            id: 'train-batch',
            label: 'batch',
            color: TRAIN,
            width: 1,
            opacity: 0.3,
            points: live.batches.map((b) => ({ x: b.x, y: b.loss })),
          },
          {
            id: 'train-epoch',
            label: 'train',
            color: TRAIN,
            markers: true,
            points: epochs.map((r) => ({ x: r.epoch, y: r.loss })),
          },
          {
            id: 'dev-epoch',
            label: 'dev',
            color: DEV,
            markers: true,
            points: epochs
              .filter((r) => r.devLoss !== undefined)
              .map((r) => ({ x: r.epoch, y: r.devLoss as number })),
          },
        ]
      : []),
  ];

  const metricSeries: ChartSeries[] = metric
    ? [
        ...overlays.map((o) =>
          overlay(
            o,
            (r) => r.devMetrics?.[metric as MetricName] ?? r.metrics[metric as MetricName],
          ),
        ),
        ...(live
          ? [
              {
                id: 'train-batch',
                label: 'batch',
                color: TRAIN,
                width: 1,
                opacity: 0.3,
                points: live.batches
                  .filter((b) => b.metrics[metric as MetricName] !== undefined)
                  .map((b) => ({ x: b.x, y: b.metrics[metric as MetricName] as number })),
              },
              {
                id: 'train-epoch',
                label: 'train',
                color: TRAIN,
                markers: true,
                points: pick(epochs, (r) => r.metrics[metric as MetricName]),
              },
              {
                id: 'dev-epoch',
                label: 'dev',
                color: DEV,
                markers: true,
                points: pick(epochs, (r) => r.devMetrics?.[metric as MetricName]),
              },
            ]
          : []),
      ]
    : [];

  return (
    <div className="training-charts">
      <LineChart
        title="Loss"
        testId="loss"
        series={lossSeries}
        xLabel="epoch"
        formatY={formatValue}
        empty={empty}
      />
      <LineChart
        title={metric ? (metricLabels[metric] ?? metric) : 'Metrics'}
        testId="metric"
        series={metricSeries}
        xLabel="epoch"
        formatY={(v) => formatMetric(metric ?? '', v)}
        formatYTick={
          metric && isFraction(metric)
            ? (v, step) => `${(v * 100).toFixed(step * 100 < 1 ? 1 : 0)}%`
            : undefined
        }
        empty={metric || !live ? empty : 'This run reports no metrics: pick some under Metrics.'}
        controls={
          metrics.length > 1 ? (
            <span className="segmented" role="group" aria-label="Metric">
              {metrics.map((m) => (
                <button
                  key={m}
                  type="button"
                  aria-pressed={m === metric}
                  onClick={() => setTraining({ metric: m })}
                >
                  {metricLabels[m] ?? m}
                </button>
              ))}
            </span>
          ) : null
        }
      />
    </div>
  );
}

function pick(epochs: readonly EpochRecord[], value: (r: EpochRecord) => number | undefined) {
  return epochs
    .filter((r) => value(r) !== undefined)
    .map((r) => ({ x: r.epoch, y: value(r) as number }));
}

/** A past run's dev curve (its train curve when it had no dev split). */
function overlay(run: Compared, value: (r: EpochRecord) => number | undefined): ChartSeries {
  const hasDev = run.epochs.some((r) => r.devLoss !== undefined);
  return {
    id: `run-${run.id}`,
    label: `${shortRunId(run.id)}${hasDev ? ' dev' : ''}`,
    color: run.color,
    dashed: true,
    width: 1.5,
    markers: true,
    points: pick(run.epochs, value),
  };
}
