import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { MODEL_NAME } from '../../config';
import { usePlayground } from '../../store';
import { COLORS } from '../colors';
import { TableScroll } from '../controls/TableScroll';
import { formatDuration, formatNumber, formatTime } from '../format';

const NAMES: Record<string, string> = {
  lstm: 'LSTM',
  gru: 'GRU',
  naive: 'Naive (last value)',
  'seasonal-naive': 'Seasonal naive',
  combination: 'Combination',
};

const COLOR: Record<string, string> = {
  lstm: COLORS.lstm,
  gru: COLORS.gru,
  naive: COLORS.naive,
  'seasonal-naive': COLORS.seasonal,
  ETS: COLORS.ets,
  ARIMA: COLORS.arima,
  Theta: COLORS.theta,
  combination: COLORS.combination,
};

/** One chart row per step ahead: each model's MAE at that step. */
function chartRows(rows: { name: string; maeByStep: number[] }[], steps: number) {
  return Array.from({ length: steps }, (_, s) => {
    const row: Record<string, number> = { step: s + 1 };
    for (const r of rows) row[r.name] = r.maeByStep[s];
    return row;
  });
}

/** Retraining the networks at each origin: its cost before it starts, its progress, and a way out. */
function RetrainControl() {
  const backtest = usePlayground((s) => s.backtest);
  const retrain = usePlayground((s) => s.backtestRetrain);
  const runStatus = usePlayground((s) => s.runStatus);
  const timeKind = usePlayground((s) => s.context?.timeKind ?? 'index');
  const start = usePlayground((s) => s.retrainBacktest);
  const stop = usePlayground((s) => s.stop);
  if (!backtest) return null;
  if (retrain?.kind === 'running') {
    return (
      <div className="retrain-control" role="status">
        <progress value={retrain.done} max={retrain.total} aria-label="Retraining progress" /> Retraining{' '}
        {MODEL_NAME[retrain.model]} for the origin at {formatTime(retrain.originTime, timeKind)} (
        {retrain.done} of {retrain.total} trainings done).{' '}
        <button type="button" onClick={stop}>
          Cancel retraining
        </button>
      </div>
    );
  }
  const origins = backtest.originTimes.length;
  return (
    <div className="retrain-control">
      {backtest.networks === 'fixed' && (
        <button type="button" onClick={start} disabled={runStatus !== 'finished'}>
          Retrain networks at each origin
        </button>
      )}{' '}
      {backtest.networks === 'fixed' && (
        <span>
          Trains both networks afresh {origins} times, once per origin, on the rows before it: about{' '}
          {formatDuration(backtest.retrainEstimateMs)} at this run's speed.
        </span>
      )}
      {retrain?.kind === 'cancelled' && (
        <span role="status"> Retraining was cancelled; the table keeps the run's weights.</span>
      )}
      {retrain?.kind === 'failed' && (
        <span role="alert"> Retraining failed ({retrain.message}); the table keeps the run's weights.</span>
      )}
      {retrain?.kind === 'unavailable' && (
        <span role="alert"> This run's backtest can no longer be redone; train again first.</span>
      )}
    </div>
  );
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
        ), each forecasting {steps} step{steps === 1 ? '' : 's'};{' '}
        {backtest.networks === 'retrained'
          ? 'the networks were retrained from scratch on the rows before each origin'
          : 'the networks keep their trained weights'}
        , ETS, ARIMA and Theta are refitted on the rows before each origin.
      </figcaption>
      <RetrainControl />
      <TableScroll label="Backtest">
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
      </TableScroll>
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
