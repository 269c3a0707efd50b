import { useId, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { usePlayground } from '../../store';
import { COLORS } from '../colors';
import { CheckboxField } from '../controls/Field';
import { formatNumber } from '../format';

const LINES = [
  { key: 'lstmTrain', name: 'LSTM train', color: COLORS.lstm, dashed: false },
  { key: 'lstmVal', name: 'LSTM val', color: COLORS.lstm, dashed: true },
  { key: 'gruTrain', name: 'GRU train', color: COLORS.gru, dashed: false },
  { key: 'gruVal', name: 'GRU val', color: COLORS.gru, dashed: true },
] as const;

/** Train (solid) and validation (dashed) loss of both models, per epoch, with running points inside an epoch. */
export function LossChart() {
  const rows = usePlayground((s) => s.lossRows);
  const summary = usePlayground((s) => s.lossSummary);
  const [log, setLog] = useState(true);
  const summaryId = useId();
  return (
    <figure className="chart-figure" aria-describedby={summaryId}>
      <div className="chart-toolbar">
        <figcaption>Loss (MSE on scaled data)</figcaption>
        <CheckboxField label="Log scale" checked={log} onChange={setLog} />
      </div>
      <div className="chart" data-testid="loss-chart" data-points={rows.length}>
        {rows.length === 0 ? (
          <p className="chart-empty">Loss curves appear here once training starts.</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
              <CartesianGrid stroke="#e2e8f0" />
              <XAxis
                dataKey="epoch"
                type="number"
                domain={[0, 'dataMax']}
                allowDecimals={false}
                label={{ value: 'epoch', position: 'insideBottomRight', offset: -2 }}
              />
              <YAxis
                scale={log ? 'log' : 'linear'}
                domain={log ? ['auto', 'auto'] : [0, 'auto']}
                allowDataOverflow
                tickFormatter={(v: number) => formatNumber(v, 2)}
                width={64}
              />
              <Tooltip
                formatter={(v) => formatNumber(Number(v))}
                labelFormatter={(e) => `epoch ${formatNumber(Number(e), 3)}`}
              />
              <Legend />
              {LINES.map((l) => (
                <Line
                  key={l.key}
                  dataKey={l.key}
                  name={l.name}
                  stroke={l.color}
                  strokeDasharray={l.dashed ? '6 4' : undefined}
                  strokeWidth={2}
                  dot={false}
                  connectNulls
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
      <p id={summaryId} className="chart-summary" data-testid="loss-summary">
        {summary}
      </p>
      <details className="data-details">
        <summary>Loss per epoch as a table</summary>
        <div className="table-scroll">
          <table className="data-table" aria-label="Loss per epoch">
            <thead>
              <tr>
                <th scope="col">Epoch</th>
                {LINES.map((l) => (
                  <th key={l.key} scope="col">
                    {l.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows
                .filter((r) => Number.isInteger(r.epoch))
                .map((r) => (
                  <tr key={r.epoch}>
                    <th scope="row">{r.epoch}</th>
                    {LINES.map((l) => (
                      <td key={l.key}>{formatNumber(r[l.key])}</td>
                    ))}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
