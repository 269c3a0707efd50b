import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ForecastMetrics } from '../../engine/metrics';
import { usePlayground } from '../../store';
import { sweepMatchesRun } from '../../store/selectors';
import { COLORS } from '../colors';
import { TableScroll } from '../controls/TableScroll';
import { formatNumber, formatTick, formatTime } from '../format';

const ENSEMBLE_COLOR = COLORS.ensemble;

interface Row {
  name: string;
  metrics: ForecastMetrics;
}

/** The ensembles of the best models on the test part, beside their members and every baseline (naive to Theta). */
export function EnsembleResults() {
  const result = usePlayground((s) => s.tuneResult);
  const context = usePlayground((s) => s.tuneContext);
  const baselines = usePlayground((s) => s.tuneBaselines);
  const candidates = usePlayground((s) => s.tuneCandidates);
  const sameAsComparison = usePlayground(sweepMatchesRun);
  const runScored = usePlayground((s) => s.context !== null);
  if (!result || !context || result.ensembles.length === 0) return null;
  const label = (id: number) => candidates.find((c) => c.id === id)?.label ?? `model ${id}`;
  const k = result.members.length;
  const rows: Row[] = [
    ...result.ensembles.map((e) => ({
      name: `Ensemble ${e.kind} of the best ${k}`,
      metrics: e.metrics,
    })),
    ...result.memberMetrics.map((m) => ({ name: label(m.id), metrics: m.metrics })),
    ...[...baselines, ...(result.baselines ?? [])].map((b) => ({ name: b.label, metrics: b.metrics })),
  ];
  const best = Math.min(...rows.map((r) => r.metrics.mase).filter(Number.isFinite));
  const K = context.targets.length;
  const mean = result.ensembles.find((e) => e.kind === 'mean');
  const median = result.ensembles.find((e) => e.kind === 'median');
  const chart: Record<string, number | [number, number] | undefined>[] = Array.from(
    context.historyTime,
    (time, i) => ({ time, actual: context.historyValues[i * K] }),
  );
  const last = chart.at(-1);
  if (last && typeof last.actual === 'number') {
    last.mean = last.actual;
    last.median = last.actual;
    last.spread = [last.actual, last.actual];
  }
  const steps = (mean?.forecast.length ?? 0) / K;
  for (let s = 0; s < steps; s++) {
    chart.push({
      time: context.forecastTime[s],
      mean: mean?.forecast[s * K],
      median: median?.forecast[s * K],
      spread: [result.spreadLower[s * K], result.spreadUpper[s * K]],
    });
  }
  const span = chart.length > 1 ? (chart.at(-1)!.time as number) - (chart[0].time as number) : 0;
  return (
    <>
      <TableScroll label="Ensemble on the test part">
        <table className="metrics-table" aria-label="Ensemble on the test part">
          <caption>
            {sameAsComparison
              ? 'On the same test windows as the comparison above'
              : "On the sweep's test windows"}{' '}
            ({context.windows.test} windows × {context.horizon} step{context.horizon === 1 ? '' : 's'}), read
            only after the ranking was fixed.
            {!sameAsComparison &&
              runScored &&
              ' The comparison above was scored on other data or other test windows, so the two do not compare.'}{' '}
            Lower is better.
          </caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">MASE</th>
              <th scope="col">RMSE</th>
              <th scope="col">MAE</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name}>
                <th scope="row">
                  {r.name}
                  {r.metrics.mase === best && <span className="best-tag"> best</span>}
                </th>
                <td>{formatNumber(r.metrics.mase, 3)}</td>
                <td>{formatNumber(r.metrics.rmse)}</td>
                <td>{formatNumber(r.metrics.mae)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <figure className="chart-figure">
        <figcaption>
          Ensemble forecast of {context.targets[0]}: the mean and median of the best {k} models, shaded
          between the lowest and highest member forecast.
          {mean &&
            ` The mean forecasts ${formatNumber(mean.forecast[0])} for ${formatTime(context.forecastTime[0], context.timeKind)}.`}
        </figcaption>
        <div className="chart" data-testid="ensemble-chart">
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={chart} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
              <CartesianGrid stroke="#e2e8f0" />
              <XAxis
                dataKey="time"
                type="number"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(t: number) => formatTick(t, context.timeKind, span)}
              />
              <YAxis domain={['auto', 'auto']} tickFormatter={(v: number) => formatNumber(v, 3)} width={56} />
              <Tooltip labelFormatter={(t) => formatTime(Number(t), context.timeKind)} />
              <Legend />
              <Area
                dataKey="spread"
                name="member spread"
                fill={ENSEMBLE_COLOR}
                fillOpacity={0.15}
                stroke="none"
                isAnimationActive={false}
              />
              <Line
                dataKey="actual"
                name="actual"
                stroke={COLORS.actual}
                dot={false}
                isAnimationActive={false}
              />
              <Line
                dataKey="mean"
                name="ensemble mean"
                stroke={ENSEMBLE_COLOR}
                strokeDasharray="5 3"
                strokeWidth={2.5}
                isAnimationActive={false}
              />
              <Line
                dataKey="median"
                name="ensemble median"
                stroke={ENSEMBLE_COLOR}
                strokeOpacity={0.6}
                dot={false}
                isAnimationActive={false}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </>
  );
}
