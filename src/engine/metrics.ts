// Forecast accuracy metrics and the two baselines every model is compared with.
// Pure functions over plain arrays in original units; the worker calls them, the UI only shows results.
//
// Layouts: a target series is (N, K) row-major (N time steps, K target columns); forecasts for a set of
// windows are (W, horizon, K) row-major, step-major inside a window like the model head's outputs.

export interface ForecastMetrics {
  mse: number;
  rmse: number;
  mae: number;
  /** Symmetric mean absolute percentage error in percent, 0–200; pairs where both values are 0 count as 0. */
  smape: number;
  /**
   * Mean absolute scaled error: each absolute error divided by its target's in-sample seasonal-naive MAE
   * on the training rows (`maseScale`), averaged. Below 1 beats that in-sample benchmark. NaN without scales.
   */
  mase: number;
  /** Number of (actual, predicted) pairs the metrics were averaged over. */
  count: number;
}

type Numbers = ArrayLike<number>;

/**
 * MSE, RMSE, MAE, sMAPE and MASE over paired values. NaN for every metric when there are no pairs.
 * `maseScale` (K): one scale per target column; pair i belongs to target i mod K (the (…, K) layouts).
 */
export function forecastMetrics(
  actual: Numbers,
  predicted: Numbers,
  maseScale: Numbers = [],
): ForecastMetrics {
  if (actual.length !== predicted.length) {
    throw new Error(`forecastMetrics: ${actual.length} actual values but ${predicted.length} predictions`);
  }
  const n = actual.length;
  const none = Number.NaN;
  if (n === 0) return { mse: none, rmse: none, mae: none, smape: none, mase: none, count: 0 };
  const K = maseScale.length;
  let squared = 0;
  let absolute = 0;
  let symmetric = 0;
  let scaled = 0;
  for (let i = 0; i < n; i++) {
    const a = actual[i];
    const p = predicted[i];
    const err = p - a;
    squared += err * err;
    absolute += Math.abs(err);
    if (K > 0) scaled += Math.abs(err) / maseScale[i % K];
    const denom = Math.abs(a) + Math.abs(p);
    if (denom > 0) symmetric += (2 * Math.abs(err)) / denom;
  }
  const mse = squared / n;
  return {
    mse,
    rmse: Math.sqrt(mse),
    mae: absolute / n,
    smape: (100 * symmetric) / n,
    mase: K > 0 ? scaled / n : Number.NaN,
    count: n,
  };
}

/**
 * The MASE denominator of one series: the mean absolute difference between each value and the value
 * `season` steps earlier (the in-sample seasonal-naive MAE), over `values` (the training rows).
 * Falls back to lag 1 when the series is shorter than a season and a half, and to 1 when it is constant.
 */
export function maseScale(values: Numbers, season: number): number {
  let m = Math.max(1, Math.floor(season));
  if (values.length < m + Math.max(2, Math.ceil(m / 2))) m = 1;
  let sum = 0;
  let count = 0;
  for (let t = m; t < values.length; t++) {
    const d = values[t] - values[t - m];
    if (Number.isNaN(d)) continue;
    sum += Math.abs(d);
    count++;
  }
  const scale = count > 0 ? sum / count : 0;
  return scale > 0 ? scale : 1;
}

/** The windows a forecast is made for: window w reads inputs [start, start+T) and predicts [start+T, start+T+horizon). */
export interface ForecastWindows {
  /** First input index of each window. */
  starts: ArrayLike<number>;
  /** T: input steps per window. */
  windowLength: number;
  horizon: number;
}

/** Actual future values for each window: (W, horizon, K), read from `series` (N, K). */
export function windowTargets(series: Numbers, numTargets: number, windows: ForecastWindows): Float64Array {
  const { starts, windowLength: T, horizon } = windows;
  const K = numTargets;
  const out = new Float64Array(starts.length * horizon * K);
  for (let w = 0; w < starts.length; w++) {
    for (let k = 0; k < horizon; k++) {
      const t = starts[w] + T + k;
      for (let j = 0; j < K; j++) out[(w * horizon + k) * K + j] = series[t * K + j];
    }
  }
  return out;
}

/**
 * Season length guess from the autocorrelation of one column: the lag in [2, maxLag] with the highest
 * autocorrelation among its local maxima, if that correlation is at least `minCorrelation`; otherwise 1
 * (no season, seasonal naive = naive).
 */
export function detectSeasonLength(values: Numbers, maxLag: number, minCorrelation = 0.3): number {
  const n = values.length;
  const limit = Math.min(Math.floor(maxLag), Math.floor(n / 2));
  if (limit < 2) return 1;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (values[i] - mean) ** 2;
  if (!(variance > 0)) return 1;
  const acf = new Float64Array(limit + 2);
  for (let lag = 1; lag <= limit + 1 && lag < n; lag++) {
    let sum = 0;
    for (let i = lag; i < n; i++) sum += (values[i] - mean) * (values[i - lag] - mean);
    acf[lag] = sum / variance;
  }
  let best = 1;
  let bestValue = minCorrelation;
  for (let lag = 2; lag <= limit; lag++) {
    const isPeak = acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];
    if (isPeak && acf[lag] >= bestValue) {
      best = lag;
      bestValue = acf[lag];
    }
  }
  return best;
}
