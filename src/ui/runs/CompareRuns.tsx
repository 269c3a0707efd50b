import { useState } from 'react';
import { compareRows } from '../../persist/runCharts';
import { configDifferences, describeDifferences } from '../../persist/trainingConfig';
import { LossLineChart } from '../charts/LossLineChart';
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
  const differences = configDifferences(runs.map((r) => r.config));
  const labels = runs.map((r, i) => (differences.length > 0 ? describeDifferences(differences, i) : r.name));
  const { rows, series } = compareRows(runs, which, labels);
  const metric = (run: (typeof runs)[number], cell: 'lstm' | 'gru') => {
    const m = run.models.find((x) => x.cell === cell)?.metrics as
      | { mase?: number; rmse?: number }
      | undefined;
    return m ? `${formatNumber(m.mase)} / ${formatNumber(m.rmse)}` : '–';
  };
  return (
    <figure className="chart-figure" aria-label="Loss curves of two saved runs">
      <div className="chart-toolbar">
        <figcaption>
          Compare: {runs[0].name} (solid) vs {runs[1].name} (dashed) — what changed:{' '}
          <span data-testid="what-changed">{describeDifferences(differences)}</span>
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
        <LossLineChart
          rows={rows}
          lines={series.map((s) => ({
            key: s.key,
            name: s.label,
            color: COLORS[s.cell],
            dashed: s.run === 1,
          }))}
          log={log}
        />
      </div>
      <div className="table-scroll">
        <table className="metrics-table" aria-label="What changed between the compared runs">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              {runs.map((r, i) => (
                <th key={r.id} scope="col">
                  {r.name} ({i === 0 ? 'solid' : 'dashed'})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {differences.map((d) => (
              <tr key={d.key}>
                <th scope="row">{d.label}</th>
                {d.values.map((v, i) => (
                  <td key={runs[i].id}>{v}</td>
                ))}
              </tr>
            ))}
            {(['lstm', 'gru'] as const).map((cell) => (
              <tr key={cell}>
                <th scope="row">{cell === 'lstm' ? 'LSTM' : 'GRU'} MASE / RMSE</th>
                {runs.map((r) => (
                  <td key={r.id}>{metric(r, cell)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
