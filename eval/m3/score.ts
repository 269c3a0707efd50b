// The M3 competition's scores of one forecast: sMAPE as the competition defined it and MASE scaled by the
// history's in-sample seasonal-naive MAE.

/** Mean over steps of 200·|y − f| / (|y| + |f|) (a step where both are 0 counts 0). */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  for (let h = 0; h < actual.length; h++) {
    const denominator = Math.abs(actual[h]) + Math.abs(forecast[h]);
    sum += denominator === 0 ? 0 : (200 * Math.abs(actual[h] - forecast[h])) / denominator;
  }
  return sum / actual.length;
}

/** Mean |y − f| over the steps divided by the mean |x[t] − x[t−m]| over the history (lag 1 when m ≥ n). */
export function mase(
  history: ArrayLike<number>,
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  m: number,
): number {
  const lag = m < history.length ? m : 1;
  let scale = 0;
  for (let t = lag; t < history.length; t++) scale += Math.abs(history[t] - history[t - lag]);
  scale /= history.length - lag;
  let error = 0;
  for (let h = 0; h < actual.length; h++) error += Math.abs(actual[h] - forecast[h]);
  return error / actual.length / (scale > 0 ? scale : 1);
}

/** Per step: 1 when the actual value lies inside [lower, upper], else 0. */
export function insideByStep(
  actual: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): number[] {
  return Array.from(actual, (y, h) => (y >= lower[h] && y <= upper[h] ? 1 : 0));
}

/** Share of actual values inside [lower, upper]. */
export function covered(
  actual: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): number {
  const inside = insideByStep(actual, lower, upper);
  return inside.reduce((a, b) => a + b, 0) / inside.length;
}
