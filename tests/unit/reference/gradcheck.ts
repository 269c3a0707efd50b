// Finite-difference helpers for the reference gradient tests (Float64 central differences).
import { mulberry32 } from '../../../src/engine/random';

/** Central-difference step: small enough for O(ε²) truncation, large enough for Float64 rounding. */
export const FD_EPS = 1e-5;
/** The gradient checks require max|analytic − numeric| / max|numeric| ≤ this, per parameter group. */
export const FD_TOLERANCE = 1e-6;

/** dLoss/dv[i] for every i, by perturbing v in place (restored afterwards). */
export function numericGrad(loss: () => number, v: Float64Array): Float64Array {
  const grad = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const saved = v[i];
    v[i] = saved + FD_EPS;
    const up = loss();
    v[i] = saved - FD_EPS;
    const down = loss();
    v[i] = saved;
    grad[i] = (up - down) / (2 * FD_EPS);
  }
  return grad;
}

/** max|a − n| / max|n|: one number per tensor, so tiny entries cannot hide or fake an error. */
export function relError(analytic: ArrayLike<number>, numeric: ArrayLike<number>): number {
  if (analytic.length !== numeric.length) return Number.POSITIVE_INFINITY;
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < numeric.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(analytic[i] - numeric[i]));
    maxRef = Math.max(maxRef, Math.abs(numeric[i]));
  }
  if (maxRef === 0) return maxDiff;
  return maxDiff / maxRef;
}

/** n uniform values in [−scale, scale), seeded. */
export function randomArray(n: number, seed: number, scale = 1): Float64Array {
  const rand = mulberry32(seed);
  return Float64Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
}

/** Σ a[i]·b[i] */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>, aOffset = 0): number {
  let sum = 0;
  for (let i = 0; i < b.length; i++) sum += a[aOffset + i] * b[i];
  return sum;
}
