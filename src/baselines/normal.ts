// Gaussian prediction bands: the standard normal quantile and mean ± z·sd at each level, the way R's
// forecast() turns a forecast variance into bounds. Pure, no imports.
//
// The quantile is found by Newton steps on an upper-tail probability computed to full precision:
//   Q(x) = e^{-x²/2} / √(2π) · Σ_n x^{2n+1} / (1·3·…·(2n+1))  subtracted from ½     for x < 3
//   Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …))))                                   for x ≥ 3
// (the first a series of positive terms, the second Laplace's continued fraction), so no table of
// rational-approximation coefficients is needed and the result matches R's qnorm to a few ulps.

import type { ForecastIntervals } from './types';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Standard normal density φ(x). */
function density(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Upper-tail probability Q(x) = P(Z > x) for x ≥ 0. */
function upperTail(x: number): number {
  if (x < 3) {
    // Φ(x) - ½ = φ(x) Σ x^{2n+1} / (2n+1)!!
    let term = x;
    let sum = x;
    for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
      term *= (x * x) / (2 * n + 1);
      sum += term;
    }
    return 0.5 - density(x) * sum;
  }
  // continued fraction evaluated from the back, 60 levels (ample for x ≥ 3)
  let fraction = x;
  for (let k = 60; k >= 1; k--) fraction = x + k / fraction;
  return density(x) / fraction;
}

/** The standard normal quantile z with P(Z ≤ z) = p, for 0 < p < 1 (R's qnorm(p)). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : Number.NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -normalQuantile(1 - p);
  const tail = 1 - p; // solve Q(z) = tail
  let z = Math.sqrt(-2 * Math.log(tail)); // a rough start, above the root
  z -=
    (2.515517 + 0.802853 * z + 0.010328 * z * z) / (1 + 1.432788 * z + 0.189269 * z * z + 0.001308 * z ** 3);
  for (let i = 0; i < 50; i++) {
    // Newton on Q(z) - tail, with Halley's correction (Q'' = z φ)
    const f = upperTail(Math.max(z, 0)) - tail;
    const step = f / density(z);
    const next = z + step / (1 - 0.5 * z * step);
    if (Math.abs(next - z) <= 1e-15 * Math.max(1, next)) return next;
    z = next;
  }
  return z;
}

/**
 * Bounds mean ± z·√variance at each level (fractions, e.g. 0.8 and 0.95), z the normal quantile of
 * (1 + level) / 2: what forecast() reports for a Gaussian forecast distribution. NaN variances give NaN bounds.
 */
export function gaussianIntervals(
  mean: Float64Array,
  variance: ArrayLike<number>,
  levels: readonly number[],
): ForecastIntervals {
  const lower: Float64Array[] = [];
  const upper: Float64Array[] = [];
  for (const level of levels) {
    const z = normalQuantile(0.5 * (1 + level));
    const lo = new Float64Array(mean.length); // (h)
    const hi = new Float64Array(mean.length); // (h)
    for (let i = 0; i < mean.length; i++) {
      const margin = z * Math.sqrt(variance[i]);
      lo[i] = mean[i] - margin;
      hi[i] = mean[i] + margin;
    }
    lower.push(lo);
    upper.push(hi);
  }
  return { mean, lower, upper };
}
