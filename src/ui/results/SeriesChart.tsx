import {
  Area,
  Brush,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { BandKey, SeriesRow } from '../../store/chartRows';
import { formatNumber, formatTick, formatTime } from '../format';

export interface SeriesBand {
  key: BandKey;
  name: string;
  color: string;
  /** Fill opacity: the narrower band is drawn darker. */
  opacity: number;
}

export interface SeriesLine {
  key: Exclude<keyof SeriesRow, 'time' | BandKey>;
  name: string;
  color: string;
  dashed?: boolean;
  width?: number;
  /** Draw a dot at every point (for short series such as forecasts). */
  dots?: boolean;
}

/** A time-series line chart shared by the predictions and forecast views; optional Brush for zooming. */
export function SeriesChart({
  rows,
  lines,
  timeKind,
  brush,
  testId,
  bands = [],
}: {
  rows: SeriesRow[];
  lines: SeriesLine[];
  bands?: SeriesBand[];
  timeKind: string;
  brush?: boolean;
  testId: string;
}) {
  const tick = (t: number) => formatTime(t, timeKind);
  const span = rows.length > 1 ? rows[rows.length - 1].time - rows[0].time : 0;
  const axisTick = (t: number) => formatTick(t, timeKind, span);
  return (
    <div className={`chart${brush ? ' chart--brush' : ''}`} data-testid={testId} data-points={rows.length}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="#e2e8f0" />
          <XAxis
            dataKey="time"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={axisTick}
            minTickGap={24}
          />
          <YAxis domain={['auto', 'auto']} tickFormatter={(v: number) => formatNumber(v, 3)} width={64} />
          <Tooltip
            formatter={(v) =>
              Array.isArray(v)
                ? `${formatNumber(Number(v[0]))} – ${formatNumber(Number(v[1]))}`
                : formatNumber(Number(v))
            }
            labelFormatter={(t) => tick(Number(t))}
          />
          <Legend />
          {bands.map((b) => (
            <Area
              key={b.key}
              dataKey={b.key}
              name={b.name}
              type="linear"
              stroke="none"
              fill={b.color}
              fillOpacity={b.opacity}
              connectNulls={false}
              isAnimationActive={false}
              legendType="square"
            />
          ))}
          {lines.map((l) => (
            <Line
              key={l.key}
              dataKey={l.key}
              name={l.name}
              stroke={l.color}
              strokeDasharray={l.dashed ? '5 4' : undefined}
              strokeWidth={l.width ?? 1.75}
              dot={l.dots ? { r: 2.5, fill: l.color } : false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
          {brush && rows.length > 20 && (
            <Brush dataKey="time" height={24} stroke="#64748b" tickFormatter={axisTick} travellerWidth={10} />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
