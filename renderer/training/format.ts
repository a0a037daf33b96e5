/** How the training dashboard writes numbers: metrics, rates, durations and times of day. */

/** A loss or metric with four significant digits: 0.6931, 12.35, 1.2e-5. */
export function formatValue(value: number | undefined | null): string {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(2).replace('e+', 'e');
  return String(Number(value.toPrecision(4)));
}

/** Accuracy-like metrics as percentages: 0.9125 → 91.3%. */
export function formatPercent(value: number | undefined | null): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(1)}%`;
}

export function formatRate(samplesPerSecond: number | undefined): string {
  if (samplesPerSecond === undefined || !Number.isFinite(samplesPerSecond)) return '—';
  if (samplesPerSecond >= 10_000) return `${(samplesPerSecond / 1000).toFixed(1)}K/s`;
  return `${Math.round(samplesPerSecond).toLocaleString('en-US')}/s`;
}

/** 45 s · 3 min 20 s · 1 h 05 min; under a second reads "< 1 s". */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return '< 1 s';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A run's start as people read it: today's time alone, otherwise the date too. */
export function formatStarted(iso: string | null, now = new Date()): string {
  if (!iso) return 'unknown time';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'unknown time';
  const time = date.toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  if (date.toDateString() === now.toDateString()) return time;
  return `${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${time}`;
}

/** Metrics that are fractions of 1 show as percentages; the others as numbers. */
export function isFraction(metric: string): boolean {
  return metric === 'accuracy' || metric === 'precision' || metric === 'recall' || metric === 'f1';
}

export function formatMetric(metric: string, value: number | undefined | null): string {
  return isFraction(metric) ? formatPercent(value) : formatValue(value);
}

export const metricLabels: Record<string, string> = {
  loss: 'Loss',
  accuracy: 'Accuracy',
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1',
  mae: 'MAE',
};
