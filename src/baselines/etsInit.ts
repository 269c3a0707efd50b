// Starting values for the ETS initial states, R's heuristic (forecast:::initstate): a classical
// decomposition (or, with fewer than three seasons, a trend + one-harmonic regression) gives the seasonal
// indices; a straight line through the first max(10, 2m) seasonally adjusted values gives level and slope.
// The optimiser then moves all of them. Pure: no imports.

export interface EtsInitialGuess {
  readonly level: number;
  /** 0 when there is no trend. */
  readonly slope: number;
  /** (m - 1) free seasonal states in R's order (most recent first); empty without a season. */
  readonly seasonal: Float64Array;
}

export function etsInitialGuess(
  values: ArrayLike<number>,
  period: number,
  trend: 'N' | 'A',
  season: 'N' | 'A' | 'M',
): EtsInitialGuess {
  const n = values.length;
  const m = season === 'N' ? 1 : period;
  let adjusted = Float64Array.from(values); // (n) seasonally adjusted
  let seasonal = new Float64Array(0);

  if (season !== 'N') {
    const multiplicative = season === 'M';
    const pattern =
      n < 3 * m
        ? regressionSeasonal(values, m, multiplicative)
        : decomposeSeasonal(values, m, multiplicative);
    // R keeps pattern[1..m-1] reversed: the state for the m-th observation first, the 2nd one last.
    seasonal = new Float64Array(m - 1);
    for (let j = 0; j < m - 1; j++) seasonal[j] = pattern[m - 1 - j];
    if (multiplicative) {
      let sum = 0;
      for (let j = 0; j < m - 1; j++) {
        seasonal[j] = Math.max(seasonal[j], 1e-2); // no negative seasonal indices
        sum += seasonal[j];
      }
      if (sum > m) {
        const scale = sum + 1e-2 * (m - 1);
        for (let j = 0; j < m - 1; j++) seasonal[j] /= scale;
      }
      for (let t = 0; t < n; t++) adjusted[t] = values[t] / Math.max(pattern[t], 1e-2);
    } else {
      adjusted = adjusted.map((v, t) => v - pattern[t]);
    }
  }

  const head = Math.min(Math.max(10, 2 * m), n);
  if (trend === 'N') {
    let sum = 0;
    for (let t = 0; t < head; t++) sum += adjusted[t];
    return { level: sum / head, slope: 0, seasonal };
  }
  let [level, slope] = straightLine(adjusted.subarray(0, head));
  if (Math.abs(level + slope) < 1e-8) {
    // Keep l0 + b0 away from zero: a multiplicative error divides by it.
    level *= 1 + 1e-3;
    slope *= 1 - 1e-3;
  }
  return { level, slope, seasonal };
}

/**
 * The seasonal component of R's decompose(): a centred moving average of order m (2×m when m is even)
 * as trend, the detrended values averaged by position in the season, centred to sum 0 (additive) or
 * average 1 (multiplicative). Returns (n): the pattern repeated from the first value on.
 */
export function decomposeSeasonal(
  values: ArrayLike<number>,
  m: number,
  multiplicative: boolean,
): Float64Array {
  const n = values.length;
  const weights =
    m % 2 === 0 ? [0.5 / m, ...new Array(m - 1).fill(1 / m), 0.5 / m] : new Array(m).fill(1 / m);
  const half = Math.floor(weights.length / 2);

  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = half; t + half < n; t++) {
    let movingAverage = 0;
    for (let j = 0; j < weights.length; j++) movingAverage += weights[j] * values[t + half - j];
    const detrended = multiplicative ? values[t] / movingAverage : values[t] - movingAverage;
    sums[t % m] += detrended;
    counts[t % m] += 1;
  }
  const figure = sums.map((s, i) => s / counts[i]);
  let mean = 0;
  for (const f of figure) mean += f / m;
  const centred = figure.map((f) => (multiplicative ? f / mean : f - mean));
  return Float64Array.from({ length: n }, (_, t) => centred[t % m]);
}

/**
 * For short series (fewer than three seasons), R's stand-in for decompose(): regress on a linear trend
 * and one harmonic of period m, and call everything but the trend line seasonal. Returns (n).
 */
function regressionSeasonal(values: ArrayLike<number>, m: number, multiplicative: boolean): Float64Array {
  const n = values.length;
  // Columns: intercept, trend 1..n, then sin and cos of 2πt/m (the sine vanishes when m = 2).
  const columns: Float64Array[] = [
    new Float64Array(n).fill(1),
    Float64Array.from({ length: n }, (_, t) => t + 1),
    Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * (t + 1)) / m)),
  ];
  if (m > 2) columns.push(Float64Array.from({ length: n }, (_, t) => Math.sin((2 * Math.PI * (t + 1)) / m)));
  const [intercept, slope] = leastSquares(columns, values);
  return Float64Array.from({ length: n }, (_, t) => {
    const line = intercept + slope * (t + 1);
    return multiplicative ? values[t] / line : values[t] - line;
  });
}

/** Intercept and slope of the least-squares line through (1, y0), (2, y1), … like R's lsfit(1:k, y). */
function straightLine(y: ArrayLike<number>): [number, number] {
  const k = y.length;
  if (k < 2) return [y[0], 0];
  const meanX = (k + 1) / 2;
  let meanY = 0;
  for (let t = 0; t < k; t++) meanY += y[t] / k;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < k; t++) {
    const dx = t + 1 - meanX;
    sxy += dx * (y[t] - meanY);
    sxx += dx * dx;
  }
  const slope = sxy / sxx;
  return [meanY - slope * meanX, slope];
}

/**
 * Ordinary least squares by modified Gram–Schmidt QR: coefficients for `columns` (p of them, each (n)).
 * Small p only; good enough for a starting point.
 */
function leastSquares(columns: Float64Array[], y: ArrayLike<number>): Float64Array {
  const p = columns.length;
  const q = columns.map((c) => c.slice()); // (p, n), orthonormalised in place
  const r = Array.from({ length: p }, () => new Float64Array(p)); // (p, p) upper triangular
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < j; i++) {
      r[i][j] = dot(q[i], q[j]);
      for (let t = 0; t < q[j].length; t++) q[j][t] -= r[i][j] * q[i][t];
    }
    r[j][j] = Math.sqrt(dot(q[j], q[j]));
    for (let t = 0; t < q[j].length; t++) q[j][t] /= r[j][j];
  }
  const rhs = q.map((column) => dot(column, y));
  const coefficients = new Float64Array(p);
  for (let j = p - 1; j >= 0; j--) {
    let sum = rhs[j];
    for (let i = j + 1; i < p; i++) sum -= r[j][i] * coefficients[i];
    coefficients[j] = sum / r[j][j];
  }
  return coefficients;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let t = 0; t < a.length; t++) sum += a[t] * b[t];
  return sum;
}
