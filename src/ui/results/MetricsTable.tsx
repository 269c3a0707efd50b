import { usePlayground } from '../../store';
import { comparisonSentence } from '../../store/chartRows';
import { METRIC_HEADERS, MetricCells } from '../charts/metricCells';
import { TableScroll } from '../controls/TableScroll';
import { formatDuration, formatInteger, formatRelative } from '../format';

/** Test-set accuracy in original units for both models and the two baselines, side by side. */
export function MetricsTable() {
  const rows = usePlayground((s) => s.metricsRows);
  const context = usePlayground((s) => s.context);
  if (!context) return <p className="chart-empty">The metrics table fills in as the models finish.</p>;
  const verdict = comparisonSentence(rows);
  return (
    <TableScroll label="Test metrics">
      {verdict && (
        <p className="comparison-verdict" data-testid="comparison-verdict">
          {verdict}
        </p>
      )}
      <table className="metrics-table" aria-label="Test metrics">
        <caption>
          Test part ({formatInteger(context.windows.test)} windows × {context.horizon} step
          {context.horizon === 1 ? '' : 's'}), the same points for every row, in the units of{' '}
          {context.targets.join(', ')}. Lower is better. MASE divides the absolute errors by the training
          part's own seasonal-naive error (season {context.season}): below 1 beats that in-sample benchmark.
        </caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            {METRIC_HEADERS.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
            <th scope="col">vs best baseline</th>
            <th scope="col">Parameters</th>
            <th scope="col">Training time</th>
            <th scope="col">Samples/s</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={`metrics-row metrics-row--${r.id}`}>
              <th scope="row">
                {(r.id === 'lstm' || r.id === 'gru') && (
                  <span className={`swatch swatch--${r.id}`} aria-hidden="true" />
                )}
                {r.name}
                {r.best && <span className="best-tag"> best</span>}
              </th>
              <MetricCells metrics={r.metrics} />
              <td className={r.vsBestBaseline !== undefined && r.vsBestBaseline < 0 ? 'better' : undefined}>
                {r.vsBestBaseline === undefined ? '–' : formatRelative(r.vsBestBaseline)}
              </td>
              <td>{r.params === undefined ? '–' : formatInteger(r.params)}</td>
              <td>{r.trainMs === undefined ? '–' : formatDuration(r.trainMs)}</td>
              <td>{r.samplesPerSec === undefined ? '–' : formatInteger(r.samplesPerSec)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
