// Small dense linear algebra and polynomial helpers for the ARIMA baseline. Pure, no imports.
// Matrices are Float64Array in row-major order unless a function says otherwise.

/**
 * Solves A X = B for X by Gaussian elimination with partial pivoting. A is (n, n), B is (n, k); both
 * are left untouched. Returns X (n, k), or null when A is singular to working precision.
 */
export function solveLinear(a: Float64Array, b: Float64Array, n: number, k = 1): Float64Array | null {
  const m = Float64Array.from(a); // (n, n)
  const x = Float64Array.from(b); // (n, k)
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(m[i]));
  const tiny = scale * n * Number.EPSILON;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(m[row * n + col]) > Math.abs(m[pivot * n + col])) pivot = row;
    }
    const diagonal = m[pivot * n + col];
    if (!(Math.abs(diagonal) > tiny)) return null;
    if (pivot !== col) {
      for (let j = 0; j < n; j++) swap(m, pivot * n + j, col * n + j);
      for (let j = 0; j < k; j++) swap(x, pivot * k + j, col * k + j);
    }
    for (let row = col + 1; row < n; row++) {
      const factor = m[row * n + col] / diagonal;
      if (factor === 0) continue;
      for (let j = col; j < n; j++) m[row * n + j] -= factor * m[col * n + j];
      for (let j = 0; j < k; j++) x[row * k + j] -= factor * x[col * k + j];
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    for (let j = 0; j < k; j++) {
      let s = x[row * k + j];
      for (let c = row + 1; c < n; c++) s -= m[row * n + c] * x[c * k + j];
      x[row * k + j] = s / m[row * n + row];
    }
  }
  return x;
}

function swap(v: Float64Array, i: number, j: number): void {
  const t = v[i];
  v[i] = v[j];
  v[j] = t;
}

/**
 * Least squares of y on one regressor without intercept (R's `lm(y ~ x - 1)`): the coefficient and its
 * standard error. Null when x is all zeros or there are fewer than two points.
 */
export function regressThroughOrigin(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): { coef: number; se: number } | null {
  const n = y.length;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
  }
  if (n < 2 || sxx === 0) return null;
  const coef = sxy / sxx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i] - coef * x[i]) ** 2;
  return { coef, se: Math.sqrt(rss / (n - 1) / sxx) };
}

/**
 * Whether every root of 1 - c[0] z - c[1] z² - … lies strictly outside the circle |z| = radius, by the
 * Schur–Cohn step-down (the Durbin–Levinson recursion run backwards): with z = radius·w the condition
 * is stationarity of the rescaled coefficients, which holds iff every partial autocorrelation met on
 * the way down has modulus below one. No root finding, so it is exact up to rounding at any degree.
 */
export function rootsOutside(c: ArrayLike<number>, radius = 1): boolean {
  let p = c.length;
  while (p > 0 && c[p - 1] === 0) p--;
  const a = new Float64Array(p);
  for (let i = 0; i < p; i++) a[i] = c[i] * radius ** (i + 1);
  const work = new Float64Array(p);
  for (let j = p - 1; j >= 0; j--) {
    const kappa = a[j];
    if (!(Math.abs(kappa) < 1)) return false;
    const denom = 1 - kappa * kappa;
    for (let i = 0; i < j; i++) work[i] = (a[i] + kappa * a[j - 1 - i]) / denom;
    for (let i = 0; i < j; i++) a[i] = work[i];
  }
  return true;
}

/** Complex number as [re, im]. */
export type Complex = [number, number];

/**
 * Roots of 1 + c[0] z + c[1] z² + … + c[n-1] zⁿ (trailing zeros must be trimmed by the caller), by the
 * Durand–Kerner iteration. Meant for the low degrees of non-seasonal and seasonal MA polynomials.
 */
export function polynomialRoots(c: ArrayLike<number>): Complex[] {
  const n = c.length;
  if (n === 0) return [];
  // Monic form: z^n + (c[n-2]/c[n-1]) z^(n-1) + … + 1/c[n-1].
  const lead = c[n - 1];
  const monic = new Float64Array(n + 1); // monic[k] = coefficient of z^k
  monic[0] = 1 / lead;
  for (let k = 1; k < n; k++) monic[k] = c[k - 1] / lead;
  monic[n] = 1;
  let bound = 0;
  for (let k = 0; k < n; k++) bound = Math.max(bound, Math.abs(monic[k]));
  const r0 = 1 + bound;
  const roots: Complex[] = [];
  for (let k = 0; k < n; k++) {
    const angle = (2 * Math.PI * k) / n + 0.4;
    roots.push([r0 * 0.5 * Math.cos(angle), r0 * 0.5 * Math.sin(angle)]);
  }
  for (let iter = 0; iter < 500; iter++) {
    let change = 0;
    for (let i = 0; i < n; i++) {
      // value of the monic polynomial at roots[i] (Horner)
      let vr = 1;
      let vi = 0;
      const [zr, zi] = roots[i];
      for (let k = n - 1; k >= 0; k--) {
        const tr = vr * zr - vi * zi + monic[k];
        vi = vr * zi + vi * zr;
        vr = tr;
      }
      let dr = 1;
      let di = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const er = zr - roots[j][0];
        const ei = zi - roots[j][1];
        const tr = dr * er - di * ei;
        di = dr * ei + di * er;
        dr = tr;
      }
      const den = dr * dr + di * di;
      if (den === 0) continue;
      const qr = (vr * dr + vi * di) / den;
      const qi = (vi * dr - vr * di) / den;
      roots[i] = [zr - qr, zi - qi];
      change = Math.max(change, Math.hypot(qr, qi) / Math.max(1, Math.hypot(zr, zi)));
    }
    if (change < 1e-14) break;
  }
  return roots;
}
