import { formatNumber } from '../format';

/** The accuracy figures every metrics table shows, in the data's original units. */
export interface MetricSet {
  mse: number;
  rmse: number;
  mae: number;
  smape: number;
}

/** Column headers of the metric cells, in the order MetricCells renders them. */
export const METRIC_HEADERS = ['MSE', 'RMSE', 'MAE', 'sMAPE'] as const;

/**
 * The MSE, RMSE, MAE and sMAPE cells of one table row (sMAPE as a percentage, "–" when undefined). Saved runs
 * hold their metrics as a plain record, hence the partial type.
 */
export function MetricCells({ metrics }: { metrics: Partial<MetricSet> }) {
  const smape = metrics.smape ?? Number.NaN;
  return (
    <>
      <td>{formatNumber(metrics.mse)}</td>
      <td>{formatNumber(metrics.rmse)}</td>
      <td>{formatNumber(metrics.mae)}</td>
      <td>{Number.isFinite(smape) ? `${smape.toFixed(2)} %` : '–'}</td>
    </>
  );
}
