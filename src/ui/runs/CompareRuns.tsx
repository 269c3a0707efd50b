import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { compareRows } from '../../persist/runCharts';
import { COLORS } from '../colors';
import { CheckboxField } from '../controls/Field';
import { formatNumber } from '../format';
import { useSavedRuns } from './useSavedRuns';

/** The loss curves of the two runs ticked in the list, in one chart: first run solid, second dashed. */
export function CompareRuns() {
  const compareIds = useSavedRuns((s) => s.compareIds);
  const all = useSavedRuns((s) => s.savedRuns);
  const [which, setWhich] = useState<'val' | 'train'>('val');
  const [log, setLog] = useState(true);
  const runs = compareIds.map((id) => all.find((r) => r.id === id)).filter((r) => r !== undefined);
  if (runs.length === 0) return null;
  if (runs.length === 1) {
    return <p className="muted">Tick a second run to compare its loss curves with “{runs[0].name}”.</p>;
  }
  const { rows, series } = compareRows(runs, which);
  return (
    <figure className="chart-figure" aria-label="Loss curves of two saved runs">
      <div className="chart-toolbar">
        <figcaption>
          Compare: {runs[0].name} (solid) vs {runs[1].name} (dashed)
        </figcaption>
        <label>
          Loss{' '}
          <select value={which} onChange={(e) => setWhich(e.target.value as 'val' | 'train')}>
            <option value="val">validation</option>
            <option value="train">training</option>
          </select>
        </label>
        <CheckboxField label="Log scale" checked={log} onChange={setLog} />
      </div>
      <div
        className="chart"
        data-testid="compare-chart"
        data-series={series.length}
        data-points={rows.length}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" />
            <XAxis dataKey="epoch" type="number" domain={[0, 'dataMax']} allowDecimals={false} />
            <YAxis
              scale={log ? 'log' : 'linear'}
              domain={log ? ['auto', 'auto'] : [0, 'auto']}
              allowDataOverflow
              tickFormatter={(v: number) => formatNumber(v, 2)}
              width={64}
            />
            <Tooltip formatter={(v) => formatNumber(Number(v))} labelFormatter={(e) => `epoch ${e}`} />
            <Legend />
            {series.map((s) => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={COLORS[s.cell]}
                strokeDasharray={s.run === 1 ? '6 4' : undefined}
                strokeWidth={2}
                dot={false}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
