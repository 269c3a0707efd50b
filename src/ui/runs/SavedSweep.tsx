import type { SweepSummary } from '../../persist/runRecord';
import { TableScroll } from '../controls/TableScroll';
import { formatDuration, formatNumber } from '../format';

/** The tuning sweep kept with a saved run: its ranking on validation and its ensembles on the test part. */
export function SavedSweep({ sweep }: { sweep: SweepSummary }) {
  const k = sweep.members.length;
  return (
    <TableScroll label="Saved sweep">
      <table className="metrics-table" aria-label="Saved sweep">
        <caption>
          Tuning sweep with this run: {sweep.models.length} models in {formatDuration(sweep.elapsedMs)},
          ranked by validation loss; the best {k} made the ensembles.
        </caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Model</th>
            <th scope="col">Status</th>
            <th scope="col">Best val loss</th>
            <th scope="col">Test MASE</th>
          </tr>
        </thead>
        <tbody>
          {sweep.ensembles.map((e) => (
            <tr key={e.kind}>
              <td>–</td>
              <th scope="row">
                Ensemble {e.kind} of the best {k}
              </th>
              <td>–</td>
              <td>–</td>
              <td>{formatNumber(e.metrics.mase, 3)}</td>
            </tr>
          ))}
          {sweep.models.map((m, i) => (
            <tr key={m.label}>
              <td>{i + 1}</td>
              <th scope="row">
                {m.label}
                {sweep.members.includes(m.label) && <span className="best-tag"> in ensemble</span>}
              </th>
              <td>{m.status}</td>
              <td>{Number.isFinite(m.bestVal) ? formatNumber(m.bestVal, 4) : '–'}</td>
              <td>–</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
