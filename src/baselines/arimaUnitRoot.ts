// How many differences auto.arima takes, decided as forecast::ndiffs and forecast::nsdiffs decide by
// default:
//  - d: the KPSS test for level stationarity (urca::ur.kpss, type "mu", lag trunc(3√n / 13)) at the
//    5 % level, repeated on the differenced series up to d = 2. The p-value is interpolated in the table
//    of critical values and clamped to [1 %, 10 %], so "p < 5 %" is exactly "statistic > 0.463".
//  - D: the seasonal-strength heuristic (seas.heuristic): STL with s.window = 11, strength
//    max(0, min(1, 1 - var(remainder) / var(remainder + seasonal))), one seasonal difference when the
//    strength exceeds 0.64. Needs more than two full seasons, otherwise D = 0.

import { stl } from './arimaStl';

/** 5 % critical value of the KPSS level-stationarity statistic (Kwiatkowski et al. 1992, table 1). */
const KPSS_CRITICAL_5 = 0.463;
const SEASONAL_STRENGTH_THRESHOLD = 0.64;

/**
 * forecast's is.constant (all.equal to the first value): the mean absolute deviation from x[0] is at
 * most 1.5e-8 of the mean absolute value. R switches to an absolute test when that mean is itself
 * below 1.5e-8, which calls every small-scale series constant; we keep the relative test throughout.
 */
export function isConstant(x: ArrayLike<number>): boolean {
  let deviation = 0;
  let size = 0;
  for (let i = 0; i < x.length; i++) {
    deviation += Math.abs(x[i] - x[0]);
    size += Math.abs(x[i]);
  }
  return deviation <= 1.5e-8 * size;
}

export function diff(x: ArrayLike<number>, lag = 1): Float64Array {
  const out = new Float64Array(Math.max(0, x.length - lag));
  for (let t = 0; t < out.length; t++) out[t] = x[t + lag] - x[t];
  return out;
}

/** KPSS statistic against level stationarity with Bartlett-weighted long-run variance (lag trunc(3√n/13)). */
export function kpssStatistic(x: ArrayLike<number>): number {
  const n = x.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += x[t];
  mean /= n;
  const e = Float64Array.from(x, (v) => v - mean);
  let partial = 0;
  let numerator = 0;
  let s2 = 0;
  for (let t = 0; t < n; t++) {
    partial += e[t];
    numerator += partial * partial;
    s2 += e[t] * e[t];
  }
  numerator /= n * n;
  s2 /= n;
  const lags = Math.trunc((3 * Math.sqrt(n)) / 13);
  let longRun = 0;
  for (let i = 1; i <= lags; i++) {
    let cov = 0;
    for (let t = i; t < n; t++) cov += e[t] * e[t - i];
    longRun += (1 - i / (lags + 1)) * cov;
  }
  return numerator / (s2 + (2 / n) * longRun);
}

/** forecast::ndiffs(x) with its defaults (KPSS, α = 5 %, at most 2). */
export function ndiffs(x: ArrayLike<number>, maxD = 2): number {
  let series: ArrayLike<number> = x;
  let d = 0;
  if (isConstant(series)) return d;
  let dodiff = kpssStatistic(series) > KPSS_CRITICAL_5;
  while (dodiff && d < maxD) {
    d++;
    series = diff(series);
    if (isConstant(series)) return d;
    dodiff = kpssStatistic(series) > KPSS_CRITICAL_5;
  }
  return d;
}

/** Sample variance (n - 1 denominator). */
function variance(x: ArrayLike<number>): number {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] - mean) ** 2;
  return s / (n - 1);
}

/** forecast's seas.heuristic: strength of the STL seasonal component in [0, 1]; null without two full seasons. */
export function seasonalStrength(x: ArrayLike<number>, m: number): number | null {
  const n = x.length;
  if (m < 2 || n <= 2 * m) return null;
  const { seasonal, trend } = stl(x, m, 11);
  const remainder = Float64Array.from(x, (v, t) => v - seasonal[t] - trend[t]);
  const withSeason = Float64Array.from(remainder, (v, t) => v + seasonal[t]);
  return Math.max(0, Math.min(1, 1 - variance(remainder) / variance(withSeason)));
}

/** forecast::nsdiffs(x) with its defaults (seasonal-strength heuristic, at most one difference). */
export function nsdiffs(x: ArrayLike<number>, m: number): number {
  if (isConstant(x) || m >= x.length) return 0;
  const strength = seasonalStrength(x, m);
  return strength !== null && strength > SEASONAL_STRENGTH_THRESHOLD ? 1 : 0;
}
