// A recursive forecast feeds its own outputs back as inputs, so a small bias can compound until the
// forecast runs off far beyond anything the series has done. Such a forecast is caught here: a value more
// than the data's own range beyond its minimum or maximum (below min − (max − min) or above
// max + (max − min)) is held at that bound, and the caller says from which step.

/** (steps, K) forecast held inside each target's bounds, and the first step (0-based) that left them, if any. */
export function holdRunaway(
  forecast: ArrayLike<number>, // (steps, K)
  history: ArrayLike<number>, // (N, K) the targets in original units
  K: number,
): { values: Float64Array; firstStep: number | null } {
  const values = Float64Array.from(forecast);
  let firstStep: number | null = null;
  for (let k = 0; k < K; k++) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = k; i < history.length; i += K) {
      if (!Number.isFinite(history[i])) continue;
      min = Math.min(min, history[i]);
      max = Math.max(max, history[i]);
    }
    if (!(max >= min)) continue;
    const width = max - min;
    const [low, high] = [min - width, max + width];
    for (let i = k; i < values.length; i += K) {
      if (!(values[i] < low || values[i] > high)) continue;
      values[i] = values[i] < low ? low : high;
      const step = Math.floor(i / K);
      firstStep = firstStep === null ? step : Math.min(firstStep, step);
    }
  }
  return { values, firstStep };
}
