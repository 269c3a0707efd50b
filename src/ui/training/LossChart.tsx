import { useId, useState } from 'react';
import { usePlayground } from '../../store';
import { LOSS_LINES as LINES, LossLineChart } from '../charts/LossLineChart';
import { CheckboxField } from '../controls/Field';
import { TableScroll } from '../controls/TableScroll';
import { formatNumber } from '../format';

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
          <LossLineChart rows={rows} lines={LINES} log={log} axisLabel />
        )}
      </div>
      <p id={summaryId} className="chart-summary" data-testid="loss-summary">
        {summary}
      </p>
      <details className="data-details">
        <summary>Loss per epoch as a table</summary>
        <TableScroll label="Loss per epoch">
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
        </TableScroll>
      </details>
    </figure>
  );
}
