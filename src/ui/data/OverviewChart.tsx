import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { usePlayground } from '../../store';
import { axisTicks } from '../charts/axisTicks';
import { COLORS } from '../colors';
import { formatNumber, formatTick, formatTime } from '../format';

const SPLIT_FILL = { train: '#dbeafe', val: '#fef3c7', test: '#dcfce7' } as const;
const SPLIT_NAME = { train: 'train', val: 'validation', test: 'test' } as const;

/** The target series with its chronological train / validation / test parts shaded. */
export function OverviewChart() {
  const overview = usePlayground((s) => s.overview);
  if (!overview) return <div className="chart chart--small chart-empty">Loading the sample dataset…</div>;
  const tick = (t: number) => formatTime(t, overview.timeKind);
  const { rows } = overview;
  const span = rows.length > 1 ? rows[rows.length - 1].time - rows[0].time : 0;
  const axisTick = (t: number) => formatTick(t, overview.timeKind, span);
  return (
    <figure className="chart-figure">
      <figcaption className="visually-hidden">
        {overview.target} over time, split into{' '}
        {overview.splits.map((s) => `${SPLIT_NAME[s.name]} from ${tick(s.from)} to ${tick(s.to)}`).join(', ')}
        .
      </figcaption>
      <div className="chart chart--small" data-testid="overview-chart" data-points={overview.rows.length}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={overview.rows} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" />
            {overview.splits.map((s) => (
              <ReferenceArea
                key={s.name}
                x1={s.from}
                x2={s.to}
                fill={SPLIT_FILL[s.name]}
                fillOpacity={0.6}
                label={{ value: SPLIT_NAME[s.name], position: 'insideTop', fontSize: 11, fill: '#475569' }}
              />
            ))}
            <XAxis
              dataKey="time"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={axisTick}
              ticks={axisTicks(overview.timeKind, rows[0]?.time ?? 0, rows[rows.length - 1]?.time ?? 0, 8)}
              interval={0}
            />
            <YAxis
              domain={['auto', 'auto']}
              tickFormatter={(v: number) => formatNumber(v, 3)}
              width={56}
              interval={0}
            />
            <Tooltip formatter={(v) => formatNumber(Number(v))} labelFormatter={(t) => tick(Number(t))} />
            <Line
              dataKey="value"
              name={overview.target}
              stroke={COLORS.actual}
              dot={false}
              strokeWidth={1.5}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
