import { formatNumber } from '../format';

/** The accuracy figures every metrics table shows, in the data's original units. */
export interface MetricSet {
  mase: number;
  mse: number;
  rmse: number;
  mae: number;
  smape: number;
}

/** Column headers of the metric cells, in the order MetricCells renders them. */
export const METRIC_HEADERS = ['MASE', 'RMSE', 'MAE', 'sMAPE', 'MSE'] as const;

/**
 * The MASE, RMSE, MAE, sMAPE and MSE cells of one table row (sMAPE as a percentage, "–" when undefined).
 * Saved runs hold their metrics as a plain record (older ones without MASE), hence the partial type.
 */
export function MetricCells({ metrics }: { metrics: Partial<MetricSet> }) {
  const smape = metrics.smape ?? Number.NaN;
  return (
    <>
      <td>{formatNumber(metrics.mase)}</td>
      <td>{formatNumber(metrics.rmse)}</td>
      <td>{formatNumber(metrics.mae)}</td>
      <td>{Number.isFinite(smape) ? `${smape.toFixed(2)} %` : '–'}</td>
      <td>{formatNumber(metrics.mse)}</td>
    </>
  );
}
