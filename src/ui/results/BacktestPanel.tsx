import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { usePlayground } from '../../store';
import { COLORS } from '../colors';
import { formatNumber, formatTime } from '../format';

const NAMES: Record<string, string> = {
  lstm: 'LSTM',
  gru: 'GRU',
  naive: 'Naive (last value)',
  'seasonal-naive': 'Seasonal naive',
};

const COLOR: Record<string, string> = {
  lstm: COLORS.lstm,
  gru: COLORS.gru,
  naive: COLORS.naive,
  'seasonal-naive': COLORS.seasonal,
  ETS: COLORS.ets,
  ARIMA: COLORS.arima,
};

/** One chart row per step ahead: each model's MAE at that step. */
function chartRows(rows: { name: string; maeByStep: number[] }[], steps: number) {
  return Array.from({ length: steps }, (_, s) => {
    const row: Record<string, number> = { step: s + 1 };
    for (const r of rows) row[r.name] = r.maeByStep[s];
    return row;
  });
}

/** Rolling-origin backtest: MASE mean ± sd across origins, and the error at each step ahead. */
export function BacktestPanel() {
  const backtest = usePlayground((s) => s.backtest);
  const timeKind = usePlayground((s) => s.context?.timeKind ?? 'index');
  if (!backtest) return null;
  const { rows, steps, originTimes } = backtest;
  const best = Math.min(...rows.map((r) => r.meanMase).filter(Number.isFinite));
  return (
    <figure className="chart-figure">
      <figcaption>
        Backtest: {originTimes.length} forecast origins over the test part (from{' '}
        {formatTime(originTimes[0], timeKind)} to {formatTime(originTimes[originTimes.length - 1], timeKind)}
        ), each forecasting {steps} step{steps === 1 ? '' : 's'}; the networks keep their trained weights, ETS
        and ARIMA are refitted on the rows before each origin.
      </figcaption>
      <div className="table-scroll">
        <table className="metrics-table" aria-label="Backtest">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">MASE mean ± sd</th>
              {Array.from({ length: steps }, (_, s) => `+${s + 1}`).map((step) => (
                <th key={step} scope="col">
                  MAE {step}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name}>
                <th scope="row">
                  <span
                    className="swatch"
                    style={{ background: COLOR[r.name] ?? COLORS.naive }}
                    aria-hidden="true"
                  />
                  {NAMES[r.name] ?? r.name}
                  {r.meanMase === best && <span className="best-tag"> best</span>}
                </th>
                <td>
                  {formatNumber(r.meanMase, 3)} ± {formatNumber(r.sdMase, 2)}
                </td>
                {r.maeByStep
                  .map((e, s) => ({ e, step: `${r.name}+${s + 1}` }))
                  .map(({ e, step }) => (
                    <td key={step}>{formatNumber(e, 3)}</td>
                  ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {steps > 1 && (
        <div className="chart" data-testid="backtest-chart">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={chartRows(rows, steps)} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
              <CartesianGrid stroke="#e2e8f0" />
              <XAxis dataKey="step" type="number" domain={[1, steps]} allowDecimals={false} />
              <YAxis tickFormatter={(v: number) => formatNumber(v, 3)} width={64} />
              <Tooltip
                formatter={(v) => formatNumber(Number(v))}
                labelFormatter={(s) => `${s} step(s) ahead`}
              />
              <Legend />
              {rows.map((r) => (
                <Line
                  key={r.name}
                  dataKey={r.name}
                  name={`${NAMES[r.name] ?? r.name} MAE`}
                  stroke={COLOR[r.name] ?? COLORS.naive}
                  dot={{ r: 2 }}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      <p className="chart-summary">
        The sd is across the {originTimes.length} origins: a difference between two models smaller than it may
        not hold on other stretches of the series.
      </p>
    </figure>
  );
}
