/**
 * A small SVG line chart for training curves: round-number axes, a legend, and a readout of every
 * series under the pointer. Drawn in device pixels (no viewBox scaling) so text and hairlines stay
 * crisp at any panel size; no chart library, since one chart type does not need one.
 */
import { useId, useLayoutEffect, useRef, useState } from 'react';
import type { PointerEvent, ReactNode, RefObject } from 'react';
import { formatTick, integerTicks, niceTicks } from './ticks.ts';
import type { Ticks } from './ticks.ts';

export interface ChartPoint {
  x: number;
  y: number;
}

export interface ChartSeries {
  id: string;
  label: string;
  color: string;
  /** Sorted by x. Non-finite values are skipped (a gap, not a spike to infinity). */
  points: readonly ChartPoint[];
  dashed?: boolean;
  /** Stroke width in pixels. @default 1.75 */
  width?: number;
  /** @default 1 */
  opacity?: number;
  /** Dots on each point (per-epoch series, where each point is a record). */
  markers?: boolean;
}

export interface LineChartProps {
  title: string;
  series: readonly ChartSeries[];
  /** The x axis counts epochs: ticks at whole numbers. */
  xLabel: string;
  /**
   * At least this x range is shown. The axis follows the data beyond it, not the planned epochs:
   * five epochs of a 400-epoch run would otherwise be squeezed against the left edge.
   * @default 1
   */
  xMinSpan?: number;
  /** Fixed y range for bounded metrics (accuracy 0–1); data-driven otherwise. */
  yRange?: [number, number];
  formatY?: (value: number) => string;
  formatYTick?: (value: number, step: number) => string;
  /** Shown instead of the plot while there is nothing to draw. */
  empty?: ReactNode;
  /** Extra controls in the header (which metric to plot). */
  controls?: ReactNode;
  testId?: string;
}

const MARGIN = { top: 10, right: 14, bottom: 30, left: 50 };

export function LineChart(props: LineChartProps) {
  const { title, series, xLabel, testId } = props;
  const box = useRef<HTMLDivElement>(null);
  const size = useSize(box);
  const [hoverX, setHoverX] = useState<number | null>(null);
  const clipId = `chart-clip-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;

  // Recomputed on every render: a few thousand points cost less than memo bookkeeping would.
  const drawn = series.filter((s) => s.points.some((p) => Number.isFinite(p.y)));
  const scales = size ? scalesFor(drawn, size, props, clipId) : null;
  const legend = series;

  const onMove = (event: PointerEvent<SVGSVGElement>) => {
    if (!scales) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const px = event.clientX - rect.left;
    setHoverX(px < MARGIN.left || px > scales.width - MARGIN.right ? null : scales.xInvert(px));
  };

  return (
    <figure className="chart" data-testid={testId ? `chart-${testId}` : undefined}>
      <figcaption className="chart__header">
        <span className="chart__title">{title}</span>
        {props.controls}
        <span className="chart__legend">
          {legend.map((s) => (
            <span key={s.id} className="chart__key">
              <svg width="18" height="8" aria-hidden="true">
                <line
                  x1="1"
                  y1="4"
                  x2="17"
                  y2="4"
                  stroke={s.color}
                  strokeOpacity={s.opacity ?? 1}
                  strokeWidth={Math.max(s.width ?? 2, 1.25)}
                  strokeDasharray={s.dashed ? '4 3' : undefined}
                  strokeLinecap="round"
                />
              </svg>
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      <div className="chart__plot" ref={box}>
        {drawn.length === 0 && props.empty ? (
          <div className="chart__empty">{props.empty}</div>
        ) : null}
        {scales ? (
          <svg
            width={scales.width}
            height={scales.height}
            role="img"
            aria-label={ariaSummary(title, drawn)}
            onPointerMove={onMove}
            onPointerLeave={() => setHoverX(null)}
          >
            <Axes scales={scales} xLabel={xLabel} formatYTick={props.formatYTick} />
            <g clipPath={`url(#${scales.clipId})`}>
              {drawn.map((s) => (
                <SeriesPath key={s.id} series={s} scales={scales} />
              ))}
            </g>
            {hoverX !== null && drawn.length > 0 ? (
              <Readout at={hoverX} series={drawn} scales={scales} formatY={props.formatY} />
            ) : null}
          </svg>
        ) : null}
      </div>
    </figure>
  );
}

interface Scales {
  width: number;
  height: number;
  x: Ticks;
  y: Ticks;
  xAt(value: number): number;
  yAt(value: number): number;
  xInvert(px: number): number;
  clipId: string;
}

function scalesFor(
  series: readonly ChartSeries[],
  size: { width: number; height: number },
  props: LineChartProps,
  clipId: string,
): Scales {
  let xMax = props.xMinSpan ?? 1;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const s of series) {
    for (const p of s.points) {
      if (!Number.isFinite(p.y)) continue;
      xMax = Math.max(xMax, p.x);
      yMin = Math.min(yMin, p.y);
      yMax = Math.max(yMax, p.y);
    }
  }
  if (props.yRange)
    [yMin, yMax] = [Math.min(props.yRange[0], yMin), Math.max(props.yRange[1], yMax)];
  const plotHeight = Math.max(size.height - MARGIN.top - MARGIN.bottom, 20);
  const plotWidth = Math.max(size.width - MARGIN.left - MARGIN.right, 20);
  // The x axis ends at the data (ticks inside it), so new epochs use the width instead of a
  // rounded-up stretch of empty axis; y gets round ends, which reads better for values.
  const xTicks = integerTicks(0, xMax, Math.max(2, Math.floor(plotWidth / 56)));
  const x: Ticks = { ...xTicks, max: xMax, values: xTicks.values.filter((v) => v <= xMax + 1e-9) };
  const y = niceTicks(yMin, yMax, Math.max(2, Math.floor(plotHeight / 36)));
  const xAt = (v: number) => MARGIN.left + ((v - x.min) / (x.max - x.min)) * plotWidth;
  const yAt = (v: number) => MARGIN.top + (1 - (v - y.min) / (y.max - y.min)) * plotHeight;
  return {
    width: size.width,
    height: size.height,
    x,
    y,
    xAt,
    yAt,
    xInvert: (px) => x.min + ((px - MARGIN.left) / plotWidth) * (x.max - x.min),
    clipId,
  };
}

/** Half-pixel positions put 1-pixel hairlines on whole device pixels instead of blurring two. */
const crisp = (v: number) => Math.round(v) + 0.5;

function Axes({
  scales,
  xLabel,
  formatYTick,
}: {
  scales: Scales;
  xLabel: string;
  formatYTick: LineChartProps['formatYTick'];
}) {
  const { x, y, width, height } = scales;
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  const yText = formatYTick ?? formatTick;
  return (
    <g className="chart__axes">
      <defs>
        <clipPath id={scales.clipId}>
          <rect x={left} y={top - 4} width={right - left} height={bottom - top + 8} />
        </clipPath>
      </defs>
      {y.values.map((v) => (
        <g key={`y${v}`}>
          <line
            className="chart__grid"
            x1={left}
            x2={right}
            y1={crisp(scales.yAt(v))}
            y2={crisp(scales.yAt(v))}
          />
          <text
            className="chart__tick"
            x={left - 8}
            y={scales.yAt(v)}
            textAnchor="end"
            dominantBaseline="middle"
          >
            {yText(v, y.step)}
          </text>
        </g>
      ))}
      {x.values.map((v) => (
        <g key={`x${v}`}>
          <line
            className="chart__grid chart__grid--x"
            x1={crisp(scales.xAt(v))}
            x2={crisp(scales.xAt(v))}
            y1={top}
            y2={bottom}
          />
          <text className="chart__tick" x={scales.xAt(v)} y={bottom + 14} textAnchor="middle">
            {formatTick(v, x.step)}
          </text>
        </g>
      ))}
      <line className="chart__axis" x1={left} x2={right} y1={crisp(bottom)} y2={crisp(bottom)} />
      <text className="chart__axis-label" x={right} y={height - 2} textAnchor="end">
        {xLabel}
      </text>
    </g>
  );
}

function SeriesPath({ series, scales }: { series: ChartSeries; scales: Scales }) {
  const d = pathOf(series.points, scales);
  const finite = series.points.filter((p) => Number.isFinite(p.y));
  return (
    <g data-series={series.id} data-points={finite.length} opacity={series.opacity ?? 1}>
      <path
        d={d}
        fill="none"
        stroke={series.color}
        strokeWidth={series.width ?? 1.75}
        strokeDasharray={series.dashed ? '5 4' : undefined}
        strokeLinejoin="round"
        strokeLinecap="round"
      />
      {series.markers && finite.length <= 60
        ? finite.map((p) => (
            <circle
              key={p.x}
              cx={scales.xAt(p.x)}
              cy={scales.yAt(p.y)}
              r={2.5}
              fill="var(--bg-1)"
              stroke={series.color}
              strokeWidth={1.5}
            />
          ))
        : null}
    </g>
  );
}

function pathOf(points: readonly ChartPoint[], scales: Scales): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${scales.xAt(p.x).toFixed(1)},${scales.yAt(p.y).toFixed(1)}`;
    pen = true;
  }
  // A lone point draws nothing as a path: give it a dot's worth of line.
  if (points.length === 1 && pen) d += 'h0.01';
  return d;
}

function Readout({
  at,
  series,
  scales,
  formatY,
}: {
  at: number;
  series: readonly ChartSeries[];
  scales: Scales;
  formatY: LineChartProps['formatY'];
}) {
  const rows = series
    .map((s) => ({ s, p: nearest(s.points, at) }))
    .filter((r): r is { s: ChartSeries; p: ChartPoint } => r.p !== null);
  // The readout snaps to the nearest epoch record (a series with markers), like a cursor would.
  const anchor = rows.find((r) => r.s.markers) ?? rows[0];
  if (!anchor) return null;
  const snapX = anchor.p.x;
  const px = scales.xAt(snapX);
  const lineHeight = 16;
  const show = formatY ?? ((v: number) => String(Number(v.toPrecision(4))));
  // Roughly 6.5 px per character of the 11 px UI font: wide enough for the longest row.
  const longest = Math.max(...rows.map(({ s, p }) => s.label.length + show(p.y).length));
  const boxWidth = Math.max(130, 44 + longest * 6.5);
  const boxHeight = 22 + rows.length * lineHeight;
  // Beside the cursor, on whichever side has room; never over the y axis or past the right edge.
  const plotLeft = MARGIN.left + 4;
  const plotRight = scales.width - MARGIN.right - 4;
  const right = px + 12 + boxWidth <= plotRight;
  const bx = Math.max(
    plotLeft,
    Math.min(right ? px + 12 : px - 12 - boxWidth, plotRight - boxWidth),
  );
  const by = MARGIN.top + 4;
  return (
    <g className="chart__readout" pointerEvents="none" data-testid="chart-readout">
      <line
        x1={crisp(px)}
        x2={crisp(px)}
        y1={MARGIN.top}
        y2={scales.height - MARGIN.bottom}
        className="chart__cursor"
      />
      {rows.map(({ s, p }) => (
        <circle
          key={s.id}
          cx={scales.xAt(p.x)}
          cy={scales.yAt(p.y)}
          r={3.5}
          fill={s.color}
          stroke="var(--bg-1)"
          strokeWidth={1.5}
        />
      ))}
      <rect
        x={bx}
        y={by}
        width={boxWidth}
        height={boxHeight}
        rx={5}
        className="chart__readout-box"
      />
      <text x={bx + 10} y={by + 15} className="chart__readout-title">
        epoch {formatEpoch(snapX)}
      </text>
      {rows.map(({ s, p }, i) => (
        <g key={s.id}>
          <rect
            x={bx + 10}
            y={by + 24 + i * lineHeight}
            width={8}
            height={3}
            rx={1.5}
            fill={s.color}
          />
          <text x={bx + 24} y={by + 30 + i * lineHeight} className="chart__readout-label">
            {s.label}
          </text>
          <text
            x={bx + boxWidth - 10}
            y={by + 30 + i * lineHeight}
            textAnchor="end"
            className="chart__readout-value"
          >
            {show(p.y)}
          </text>
        </g>
      ))}
    </g>
  );
}

function formatEpoch(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

/** The finite point closest to x, by binary search over x-sorted points. */
export function nearest(points: readonly ChartPoint[], x: number): ChartPoint | null {
  let lo = 0;
  let hi = points.length - 1;
  if (hi < 0) return null;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((points[mid] as ChartPoint).x < x) lo = mid + 1;
    else hi = mid;
  }
  const candidates = [points[lo - 1], points[lo]].filter(
    (p): p is ChartPoint => p !== undefined && Number.isFinite(p.y),
  );
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (Math.abs(b.x - x) < Math.abs(a.x - x) ? b : a));
}

function ariaSummary(title: string, series: readonly ChartSeries[]): string {
  const last = series
    .map((s) => {
      const p = s.points.at(-1);
      return p ? `${s.label} ${Number(p.y.toPrecision(4))} at epoch ${formatEpoch(p.x)}` : null;
    })
    .filter(Boolean);
  return `${title}${last.length ? `: ${last.join(', ')}` : ''}`;
}

function useSize(ref: RefObject<HTMLDivElement | null>): { width: number; height: number } | null {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const { width, height } = el.getBoundingClientRect();
      const next = { width: Math.floor(width), height: Math.floor(height) };
      setSize((prev) =>
        prev && prev.width === next.width && prev.height === next.height ? prev : next,
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size && size.width > 0 && size.height > 0 ? size : null;
}
