// Loss against epoch, drawn as plain SVG. The live chart re-renders with every progress message (about ten a
// second); a charting library spent about a quarter of the main thread on it while both models trained, in
// tasks up to 125 ms (e2e/main-thread.spec.ts). This draws the curves, axes, a legend and a hover readout
// of every curve's value at the nearest epoch in a few milliseconds.
import { useState } from 'react';
import { COLORS } from '../colors';
import { formatNumber } from '../format';
import { numberTicks } from './axisTicks';
import { PointerArea } from './PointerArea';
import { SvgAxes } from './SvgAxes';
import { useWidth } from './useWidth';

/** One loss curve: the row key it plots, its legend name, colour, and solid (train) or dashed (validation). */
export interface LossLine {
  key: string;
  name: string;
  color: string;
  dashed: boolean;
  /** An explicit SVG dash pattern (the comparison gives each run its own), instead of `dashed`. */
  dash?: string;
}

/** The four curves of a run: each model's train (solid) and validation (dashed) loss. */
export const LOSS_LINES = [
  { key: 'lstmTrain', name: 'LSTM train', color: COLORS.lstm, dashed: false },
  { key: 'lstmVal', name: 'LSTM val', color: COLORS.lstm, dashed: true },
  { key: 'gruTrain', name: 'GRU train', color: COLORS.gru, dashed: false },
  { key: 'gruVal', name: 'GRU val', color: COLORS.gru, dashed: true },
] as const satisfies readonly LossLine[];

interface Props {
  /** Rows with an `epoch` (may be fractional for points inside an epoch) and one number per line key. */
  rows: readonly object[];
  lines: readonly LossLine[];
  log: boolean;
  /** Label the x axis "epoch" (the live chart; the saved-run charts leave it to the caption). */
  axisLabel?: boolean;
}

const MARGIN = { top: 8, right: 16, bottom: 26, left: 64 };
const LEGEND = 26;

/** Round values for a log axis between lo and hi (> 0): powers of ten, with 2× and 5× (or every digit) when few. */
function logTicks(lo: number, hi: number): number[] {
  const between = (multipliers: number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of multipliers) {
        const v = Number((m * 10 ** e).toPrecision(6));
        if (v >= lo && v <= hi) out.push(v);
      }
    }
    return out;
  };
  for (const multipliers of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const ticks = between(multipliers);
    if (ticks.length >= 3) return ticks;
  }
  return numberTicks(lo, hi, 4);
}

/**
 * Loss against epoch on a log or linear axis: the chart body the live loss chart, a saved run and the comparison
 * of runs share (each adds its own caption, toolbar and container).
 */
export function LossLineChart({ rows, lines, log, axisLabel = false }: Props) {
  const [ref, width] = useWidth();
  const [hover, setHover] = useState<number | null>(null);
  const data = rows as readonly Record<string, number | undefined>[];
  const epochs = data.map((r) => r.epoch ?? 0);
  const x1 = Math.max(1, ...epochs);
  const values = data.flatMap((r) =>
    lines
      .map((l) => r[l.key])
      .filter((v): v is number => v !== undefined && Number.isFinite(v) && (!log || v > 0)),
  );
  let lo = values.length ? Math.min(...values) : 0.1;
  let hi = values.length ? Math.max(...values) : 1;
  if (log) {
    lo = lo / 1.15;
    hi = hi * 1.15;
  } else {
    lo = 0;
    hi = hi * 1.05 || 1;
  }
  const ticks = log ? logTicks(lo, hi) : numberTicks(lo, hi, 5);
  const height = 280 - LEGEND;
  const plotW = Math.max(10, width - MARGIN.left - MARGIN.right);
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const sx = (e: number) => MARGIN.left + (e / x1) * plotW;
  const sy = (v: number) => {
    const f = log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo || 1);
    return MARGIN.top + (1 - f) * plotH;
  };
  const xTicks = numberTicks(0, x1, Math.min(10, Math.max(2, Math.floor(plotW / 60)))).filter(
    Number.isInteger,
  );
  const path = (key: string) =>
    data
      .flatMap((r) => {
        const v = r[key];
        return v !== undefined && Number.isFinite(v) && (!log || v > 0)
          ? [`${sx(r.epoch ?? 0).toFixed(1)},${sy(v).toFixed(1)}`]
          : [];
      })
      .join(' ');
  const hovered = hover !== null && hover < data.length ? data[hover] : null;
  return (
    <div className="loss-chart" ref={ref}>
      {width > 0 && (
        <svg width={width} height={height} className="line-svg" aria-hidden="true">
          <SvgAxes
            plot={{ left: MARGIN.left, top: MARGIN.top, width: plotW, height: plotH }}
            yTicks={ticks}
            y={sy}
            yLabel={(v) => formatNumber(v, 2)}
            xTicks={xTicks}
            x={sx}
            xLabel={(e) => e}
            labelY={height - 8}
          />
          {axisLabel && (
            <text x={MARGIN.left + plotW} y={height - 8} className="svg-tick svg-axis-label">
              epoch
            </text>
          )}
          {lines.map((l) => (
            <polyline
              key={l.key}
              className="loss-line"
              data-key={l.key}
              points={path(l.key)}
              fill="none"
              stroke={l.color}
              strokeWidth={2}
              strokeDasharray={l.dash ?? (l.dashed ? '6 4' : undefined)}
            />
          ))}
          {hovered && (
            <g>
              <line
                x1={sx(hovered.epoch ?? 0)}
                x2={sx(hovered.epoch ?? 0)}
                y1={MARGIN.top}
                y2={MARGIN.top + plotH}
                stroke="#64748b"
              />
              <text x={MARGIN.left + 8} y={MARGIN.top + 14} className="svg-readout">
                epoch {formatNumber(hovered.epoch, 3)}
                {lines.map((l) =>
                  hovered[l.key] !== undefined ? ` · ${l.name} ${formatNumber(hovered[l.key], 3)}` : '',
                )}
              </text>
            </g>
          )}
          <PointerArea
            x={MARGIN.left}
            y={MARGIN.top}
            width={plotW}
            height={plotH}
            domain={[0, x1]}
            xs={epochs}
            onHover={setHover}
          />
        </svg>
      )}
      <ul className="svg-legend">
        {lines.map((l) => (
          <li key={l.key}>
            <svg width={22} height={10} aria-hidden="true">
              <line
                x1={0}
                x2={22}
                y1={5}
                y2={5}
                stroke={l.color}
                strokeWidth={2}
                strokeDasharray={l.dash ?? (l.dashed ? '6 4' : undefined)}
              />
            </svg>
            {l.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
