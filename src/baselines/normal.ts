// Gaussian prediction bands: the standard normal quantile and mean ± z·sd at each level, the way R's
// forecast() turns a forecast variance into bounds. Pure. The one normal quantile of the baselines (ETS,
// ARIMA and Theta bounds all use it).

import type { ForecastIntervals } from './types';

/**
 * The standard normal quantile, R's qnorm: Wichura's algorithm AS 241 (PPND16), accurate to about 1e-16,
 * with rational approximations in the centre, the near tails and the far tails.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * polynomial(CENTRE_NUMERATOR, r)) / polynomial(CENTRE_DENOMINATOR, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value = polynomial(NEAR_TAIL_NUMERATOR, r) / polynomial(NEAR_TAIL_DENOMINATOR, r);
  } else {
    r -= 5;
    value = polynomial(FAR_TAIL_NUMERATOR, r) / polynomial(FAR_TAIL_DENOMINATOR, r);
  }
  return q < 0 ? -value : value;
}

/** Σ c_k r^k by Horner's rule, coefficients from the constant term up. */
function polynomial(coefficients: readonly number[], r: number): number {
  let sum = 0;
  for (let k = coefficients.length - 1; k >= 0; k--) sum = sum * r + coefficients[k];
  return sum;
}

// AS 241's coefficients (Wichura 1988, Applied Statistics 37, 477–484), constant term first, as the
// nearest doubles to the published 20-digit values.
const CENTRE_NUMERATOR = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const CENTRE_DENOMINATOR = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852546,
];
const NEAR_TAIL_NUMERATOR = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const NEAR_TAIL_DENOMINATOR = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const FAR_TAIL_NUMERATOR = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const FAR_TAIL_DENOMINATOR = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

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
