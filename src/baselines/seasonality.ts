// Seasonality tools of the classical Theta method (Assimakopoulos & Nikolopoulos 2000, as R's
// forecast::thetaf applies it): sample autocorrelations, the test that decides whether a series is
// deseasonalised, and the classical decomposition's seasonal indices (R's stats::decompose). Checked
// against R on the fixtures written by scripts/fixtures/theta.R.
//
//   acf            r_k = Σ_{t<n-k} (x_t - x̄)(x_{t+k} - x̄) / Σ_t (x_t - x̄)²         (R's acf)
//   seasonal test  m > 1, x not constant, n > 2m, and  |r_m| > z_{0.95} √((1 + 2 Σ_{k<m} r_k²) / n)
//   decomposition  centred moving average of order m (2×m for even m), detrended values averaged by
//                  position in the season, then normalised to mean 1 (multiplicative) or sum 0 (additive)

/** The 95 % quantile of the standard normal, qnorm(0.95): the test is a two-sided 90 % one. */
export const SEASONALITY_Z = 1.6448536269514722;

/** Autocorrelations (maxLag) r_1 … r_maxLag, mean removed, each lag over the full sum of squares as R's acf. */
export function acf(values: ArrayLike<number>, maxLag: number): Float64Array {
  const n = values.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += values[t];
  mean /= n;
  let sumSquares = 0;
  for (let t = 0; t < n; t++) sumSquares += (values[t] - mean) ** 2;
  const r = new Float64Array(maxLag); // (maxLag) r[k - 1] is lag k
  for (let k = 1; k <= maxLag; k++) {
    let sum = 0;
    for (let t = 0; t + k < n; t++) sum += (values[t] - mean) * (values[t + k] - mean);
    r[k - 1] = sum / sumSquares;
  }
  return r;
}

/**
 * The seasonality test of R's thetaf: seasonal when m > 1, the values are not all equal, there are more
 * than two full seasons (n > 2m), and the autocorrelation at lag m is outside the 90 % band of Bartlett's
 * formula for the lags below it.
 */
export function seasonalityTest(values: ArrayLike<number>, m: number): boolean {
  const n = values.length;
  if (!(m > 1) || !Number.isInteger(m) || n <= 2 * m || isConstant(values)) return false;
  const r = acf(values, m);
  let sumSquares = 0;
  for (let k = 0; k < m - 1; k++) sumSquares += r[k] * r[k];
  const bound = Math.sqrt((1 + 2 * sumSquares) / n);
  return Math.abs(r[m - 1]) / bound > SEASONALITY_Z;
}

export type DecompositionType = 'multiplicative' | 'additive';

export interface ClassicalDecomposition {
  /**
   * (m) seasonal indices by position from the first value: seasonal[t % m] applies to values[t], so
   * seasonal[0] belongs to values[0] whatever its month or quarter (R's decompose()$figure for a series
   * that starts where this one does). Mean 1 (multiplicative) or sum 0 (additive).
   */
  readonly seasonal: Float64Array;
}

/** R's decompose(ts(values, frequency = m), type)$figure. Needs m >= 2 and at least two full seasons. */
export function classicalDecomposition(
  values: ArrayLike<number>,
  m: number,
  type: DecompositionType,
): ClassicalDecomposition {
  const n = values.length;
  if (!(m >= 2) || !Number.isInteger(m) || n < 2 * m) {
    throw new Error(
      `classicalDecomposition: needs a season length >= 2 and two full seasons (m ${m}, n ${n})`,
    );
  }
  const trend = centredMovingAverage(values, m);
  const sums = new Float64Array(m); // (m) detrended values per position
  const counts = new Float64Array(m); // (m)
  for (let t = 0; t < n; t++) {
    if (Number.isNaN(trend[t])) continue;
    sums[t % m] += type === 'additive' ? values[t] - trend[t] : values[t] / trend[t];
    counts[t % m]++;
  }
  const seasonal = new Float64Array(m); // (m)
  let total = 0;
  for (let j = 0; j < m; j++) {
    seasonal[j] = sums[j] / counts[j];
    total += seasonal[j];
  }
  const centre = total / m;
  for (let j = 0; j < m; j++) {
    seasonal[j] = type === 'additive' ? seasonal[j] - centre : seasonal[j] / centre;
  }
  return { seasonal };
}

/**
 * (n) centred moving average of order m, NaN where the window leaves the series: equal weights 1/m for
 * odd m; for even m, m + 1 values with halves at both ends (a 2×m average), as R's decompose filters.
 */
function centredMovingAverage(values: ArrayLike<number>, m: number): Float64Array {
  const n = values.length;
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  const out = new Float64Array(n).fill(Number.NaN); // (n)
  for (let t = half; t + half < n; t++) {
    let sum = 0;
    for (let j = -half; j <= half; j++) {
      const weight = even && Math.abs(j) === half ? 0.5 : 1;
      sum += weight * values[t + j];
    }
    out[t] = sum / m;
  }
  return out;
}

function isConstant(values: ArrayLike<number>): boolean {
  for (let t = 1; t < values.length; t++) if (values[t] !== values[0]) return false;
  return true;
}
