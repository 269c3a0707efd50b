// The sentence under the forecast chart that names the recommended forecast, why, and where it stands in the
// backtest over the validation part (worker/backtest.ts recommend).

import { rowLabel } from '../../store/chartRows';
import type { Recommendation } from '../../worker/protocol';

/**
 * "Recommended forecast: Combination, chosen on the M3 evaluation … In a backtest over the validation part
 * (5 origins × 6 steps; the test part is not read) its MASE was 0.712, 4 % above the lowest, ETS (0.684)."
 */
export function describeRecommendation(r: Recommendation): string {
  const fmt = (x: number) => x.toPrecision(3);
  const percent = (x: number) => Math.round(Math.abs(x) * 100);
  const where = `a backtest over the validation part (${r.origins} origin${r.origins === 1 ? '' : 's'} × ${r.steps} step${r.steps === 1 ? '' : 's'}; the test part is not read)`;
  const own = r.ranking.find((x) => x.name === r.name);
  const rest = r.ranking.filter((x) => x.name !== r.name);
  if (!own) return `Recommended forecast: ${rowLabel(r.name)}.`;
  const why =
    r.basis === 'evidence'
      ? `${rowLabel(r.name)}, the median of the network, ETS, ARIMA and Theta: on the M3 competition’s series it beat each of them, and picking each series’ backtest winner instead did worse`
      : `${rowLabel(r.name)}, the lowest MASE (${fmt(own.meanMase)}) in ${where}`;
  if (rest.length === 0) return `Recommended forecast: ${why}.`;
  const other = rest[0]; // the lowest of the others
  const relative = own.meanMase / other.meanMase - 1;
  const standing =
    r.basis === 'evidence'
      ? ` In ${where} its MASE was ${fmt(own.meanMase)}, ${percent(relative)} % ${relative <= 0 ? 'below the best of the others' : 'above the lowest'}, ${rowLabel(other.name)} (${fmt(other.meanMase)}).`
      : `, ${percent(relative)} % below the next, ${rowLabel(other.name)} (${fmt(other.meanMase)}).`;
  return `Recommended forecast: ${why}${r.basis === 'evidence' ? '.' : ''}${standing}`;
}
