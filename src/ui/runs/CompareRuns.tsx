import { useState } from 'react';
import { compareRows } from '../../persist/runCharts';
import { LossLineChart } from '../charts/LossLineChart';
import { COLORS } from '../colors';
import { CheckboxField } from '../controls/Field';
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
    </figure>
  );
}
