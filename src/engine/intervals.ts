// Split-conformal prediction intervals: the absolute errors a model made on the validation windows, per
// forecast step and target, give each band's half-width as an order statistic, so that (for exchangeable
// errors) a new point falls inside with at least the nominal probability. No distribution is assumed.
// Layouts follow metrics.ts: forecasts are (W, horizon, K) row-major.

/** The nominal coverages the page shows. */
export const INTERVAL_LEVELS = [0.8, 0.95] as const;

/**
 * Half-widths (horizon, K) at `level` from validation actuals and predictions (W, horizon, K): for each
 * (step, target), the ⌈(W+1)·level⌉-th smallest absolute error; Infinity when W is too small for it.
 */
export function conformalHalfWidths(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  horizon: number,
  K: number,
  level: number,
): Float64Array {
  const W = actual.length / (horizon * K);
  const out = new Float64Array(horizon * K);
  for (let i = 0; i < horizon * K; i++) {
    const errors: number[] = [];
    for (let w = 0; w < W; w++)
      errors.push(Math.abs(actual[w * horizon * K + i] - predicted[w * horizon * K + i]));
    out[i] = conformalQuantile(errors, W, level);
  }
  return out;
}

/**
 * The split-conformal half-width of `errors` at `level`: the ⌈(n+1)·level⌉-th smallest finite error, with n
 * the number of calibration points (`count`); Infinity when there are too few finite errors for that rank.
 */
export function conformalQuantile(errors: readonly number[], count: number, level: number): number {
  const sorted = errors.filter(Number.isFinite).sort((a, b) => a - b);
  const rank = Math.ceil((count + 1) * level); // 1-based
  return rank <= sorted.length ? sorted[rank - 1] : Number.POSITIVE_INFINITY;
}

/**
 * Lower and upper bounds around forecasts (S, K) or (W, horizon, K) laid out step-major. Step s (0-based)
 * of a forecast longer than the horizon (recursive) takes the last step's half-width scaled by
 * √(⌈(s+1)/horizon⌉): errors of a recursive forecast grow, and without validation errors that far ahead
 * this random-walk-like growth is an assumption, said so in the UI.
 */
export function bands(
  forecast: ArrayLike<number>,
  halfWidths: ArrayLike<number>, // (horizon, K)
  horizon: number,
  K: number,
  stepsPerRow: number,
): { lower: Float64Array; upper: Float64Array } {
  const lower = new Float64Array(forecast.length);
  const upper = new Float64Array(forecast.length);
  for (let i = 0; i < forecast.length; i++) {
    const k = i % K;
    const s = Math.floor(i / K) % stepsPerRow;
    const h = Math.min(s, horizon - 1);
    const growth = s < horizon ? 1 : Math.sqrt(Math.ceil((s + 1) / horizon));
    const half = halfWidths[h * K + k] * growth;
    lower[i] = forecast[i] - half;
    upper[i] = forecast[i] + half;
  }
  return { lower, upper };
}

/** Share of actual values inside [lower, upper]; NaN when there are none. */
export function coverage(
  actual: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): number {
  let inside = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    if (!Number.isFinite(actual[i])) continue;
    n++;
    if (actual[i] >= lower[i] && actual[i] <= upper[i]) inside++;
  }
  return n > 0 ? inside / n : Number.NaN;
}
