// Which ETS smoothing parameters R's ets() accepts while optimising (bounds = "both"): the "usual" box
// (0 < beta < alpha, 0 < gamma < 1 - alpha, 0.8 <= phi <= 0.98, with R's 1e-4 margins) and the
// admissible region of Hyndman et al. (2008, ch. 10), where the state-space model is forecastable.
// For seasonal models that last test asks whether the characteristic polynomial has its roots in the unit disc. Pure: no imports.

export interface EtsSmoothing {
  readonly alpha: number;
  /** 0 without a trend. */
  readonly beta: number;
  /** 0 without a season. */
  readonly gamma: number;
  /** 1 without damping. */
  readonly phi: number;
}

/** R's default bounds for alpha, beta, gamma, phi. */
export const ETS_LOWER = { alpha: 1e-4, beta: 1e-4, gamma: 1e-4, phi: 0.8 } as const;
export const ETS_UPPER = { alpha: 0.9999, beta: 0.9999, gamma: 0.9999, phi: 0.98 } as const;

export interface EtsFreeParameters {
  readonly trend: boolean;
  readonly season: boolean;
  readonly damped: boolean;
}

/** R's check_params with bounds = "both". `m` is the season length (1 without a season). */
export function etsParametersAllowed(p: EtsSmoothing, free: EtsFreeParameters, m: number): boolean {
  if (p.alpha < ETS_LOWER.alpha || p.alpha > ETS_UPPER.alpha) return false;
  if (free.trend && (p.beta < ETS_LOWER.beta || p.beta > p.alpha || p.beta > ETS_UPPER.beta)) return false;
  if (free.damped && (p.phi < ETS_LOWER.phi || p.phi > ETS_UPPER.phi)) return false;
  if (free.season && (p.gamma < ETS_LOWER.gamma || p.gamma > 1 - p.alpha || p.gamma > ETS_UPPER.gamma)) {
    return false;
  }
  return etsAdmissible(p, free, m);
}

/** The admissible region (forecast's admissible()): the model's discount matrix has all eigenvalues in the unit disc. */
export function etsAdmissible(p: EtsSmoothing, free: EtsFreeParameters, m: number): boolean {
  const { alpha, gamma, phi } = p;
  const beta = free.trend ? p.beta : 0;
  if (phi < 0 || phi > 1 + 1e-8) return false;

  if (!free.season) {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
    if (free.trend && (beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha))) return false;
    return true;
  }
  if (m <= 1) return true;

  if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) return false;
  if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
  if (beta < -(1 - phi) * (gamma / m + alpha)) return false;

  // Characteristic polynomial, coefficients of z^0 … z^(m+1).
  const coefficients = new Float64Array(m + 2);
  coefficients[0] = phi * (1 - alpha - gamma);
  coefficients[1] = alpha + beta - alpha * phi + gamma - 1;
  for (let k = 2; k < m; k++) coefficients[k] = alpha + beta - alpha * phi;
  coefficients[m] = alpha + beta - phi;
  coefficients[m + 1] = 1;
  return rootsWithin(coefficients, 1 + 1e-10);
}

/**
 * Whether every root of c0 + c1 z + … + cd z^d (cd ≠ 0) has modulus below `radius`, by the Schur–Cohn
 * step-down: with a(z) scaled to the unit disc, |a0| < |ad| is necessary, and then a has all roots inside
 * exactly when (ad a(z) - a0 z^d a(1/z)) / z, of degree d - 1, does. O(d²), no root finding.
 */
export function rootsWithin(coefficients: ArrayLike<number>, radius: number): boolean {
  let degree = coefficients.length - 1;
  while (degree > 0 && coefficients[degree] === 0) degree--;
  // a(radius z) / (leading coefficient), then reduced one degree at a time between two buffers.
  let a = new Float64Array(degree + 1); // (d + 1)
  let reduced = new Float64Array(degree + 1); // (d + 1)
  for (let k = 0; k <= degree; k++) a[k] = (coefficients[k] / coefficients[degree]) * radius ** (k - degree);
  for (let d = degree; d >= 1; d--) {
    const lead = a[d];
    const constant = a[0];
    if (Math.abs(constant) >= Math.abs(lead)) return false;
    for (let k = 1; k <= d; k++) reduced[k - 1] = lead * a[k] - constant * a[d - k];
    const top = reduced[d - 1];
    for (let k = 0; k < d; k++) reduced[k] /= top;
    [a, reduced] = [reduced, a];
  }
  return true;
}
