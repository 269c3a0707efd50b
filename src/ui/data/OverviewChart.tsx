// The overview of the loaded series, drawn as plain SVG: it re-renders on every load and every settings
// change, and a charting library's first render (state store, tick measurement, animation frames) was the
// page's longest task while a file loads (e2e/main-thread.spec.ts). This draws ≤ 400 points, three shaded
// parts, the axes and a hover readout in a few milliseconds.
import { useState } from 'react';
import { usePlayground } from '../../store';
import { axisTicks, numberTicks } from '../charts/axisTicks';
import { PointerArea } from '../charts/PointerArea';
import { SvgAxes } from '../charts/SvgAxes';
import { useWidth } from '../charts/useWidth';
import { COLORS } from '../colors';
import { formatNumber, formatTick, formatTime } from '../format';

const SPLIT_FILL = { train: '#dbeafe', val: '#fef3c7', test: '#dcfce7' } as const;
const SPLIT_NAME = { train: 'train', val: 'validation', test: 'test' } as const;
const MARGIN = { top: 8, right: 16, bottom: 24, left: 56 };
const HEIGHT = 200;

/** The target series with its chronological train / validation / test parts shaded. */
export function OverviewChart() {
  const overview = usePlayground((s) => s.overview);
  const [ref, width] = useWidth();
  const [hover, setHover] = useState<number | null>(null);
  if (!overview) return <div className="chart chart--small chart-empty">Loading the sample dataset…</div>;
  const { rows, timeKind } = overview;
  const tick = (t: number) => formatTime(t, timeKind);
  const t0 = rows[0]?.time ?? 0;
  const t1 = rows[rows.length - 1]?.time ?? 1;
  const values = rows.map((r) => r.value).filter(Number.isFinite);
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const pad = (hi - lo) * 0.05 || 1;
  const yTicks = numberTicks(lo - pad, hi + pad, 6);
  const y0 = Math.min(lo - pad, yTicks[0] ?? lo);
  const y1 = Math.max(hi + pad, yTicks[yTicks.length - 1] ?? hi);
  const plotW = Math.max(10, width - MARGIN.left - MARGIN.right);
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (t: number) => MARGIN.left + ((t - t0) / (t1 - t0 || 1)) * plotW;
  const y = (v: number) => MARGIN.top + (1 - (v - y0) / (y1 - y0 || 1)) * plotH;
  const points = rows
    .filter((r) => Number.isFinite(r.value))
    .map((r) => `${x(r.time).toFixed(1)},${y(r.value).toFixed(1)}`)
    .join(' ');
  const xTicks = axisTicks(timeKind, t0, t1, 8);
  const span = t1 - t0;
  const hovered = hover !== null ? rows[hover] : null;
  return (
    <figure className="chart-figure">
      <figcaption className="visually-hidden">
        {overview.target} over time, split into{' '}
        {overview.splits.map((s) => `${SPLIT_NAME[s.name]} from ${tick(s.from)} to ${tick(s.to)}`).join(', ')}
        .
      </figcaption>
      <div className="chart chart--small" data-testid="overview-chart" data-points={rows.length} ref={ref}>
        {width > 0 && (
          <svg width={width} height={HEIGHT} className="line-svg" aria-hidden="true">
            {overview.splits.map((s) => (
              <g key={s.name}>
                <rect
                  x={x(s.from)}
                  y={MARGIN.top}
                  width={Math.max(0, x(s.to) - x(s.from))}
                  height={plotH}
                  fill={SPLIT_FILL[s.name]}
                  fillOpacity={0.6}
                />
                <text x={(x(s.from) + x(s.to)) / 2} y={MARGIN.top + 12} className="overview-split-label">
                  {SPLIT_NAME[s.name]}
                </text>
              </g>
            ))}
            <SvgAxes
              plot={{ left: MARGIN.left, top: MARGIN.top, width: plotW, height: plotH }}
              yTicks={yTicks}
              y={y}
              yLabel={(v) => formatNumber(v, 3)}
              xTicks={xTicks}
              x={x}
              xLabel={(t) => formatTick(t, timeKind, span)}
              labelY={HEIGHT - 6}
            />
            <line
              x1={MARGIN.left}
              x2={MARGIN.left + plotW}
              y1={MARGIN.top + plotH}
              y2={MARGIN.top + plotH}
              stroke="#64748b"
            />
            <polyline
              className="overview-line"
              points={points}
              fill="none"
              stroke={COLORS.actual}
              strokeWidth={1.5}
            />
            {hovered && Number.isFinite(hovered.value) && (
              <g className="overview-hover">
                <line
                  x1={x(hovered.time)}
                  x2={x(hovered.time)}
                  y1={MARGIN.top}
                  y2={MARGIN.top + plotH}
                  stroke="#64748b"
                />
                <circle cx={x(hovered.time)} cy={y(hovered.value)} r={3} fill={COLORS.actual} />
                <text
                  x={Math.min(x(hovered.time) + 6, MARGIN.left + plotW - 120)}
                  y={MARGIN.top + 28}
                  className="svg-readout"
                >
                  {tick(hovered.time)}: {formatNumber(hovered.value)}
                </text>
              </g>
            )}
            <PointerArea
              x={MARGIN.left}
              y={MARGIN.top}
              width={plotW}
              height={plotH}
              domain={[t0, t1]}
              xs={rows.map((r) => r.time)}
              onHover={setHover}
            />
          </svg>
        )}
      </div>
    </figure>
  );
}
