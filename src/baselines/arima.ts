// ARIMA with automatic order selection, after R's forecast::auto.arima (Hyndman & Khandakar 2008) with
// its defaults, so that on the same series it usually lands on the same model:
//  1. D by the seasonal-strength heuristic on STL (arimaUnitRoot.ts), then d by repeated KPSS tests on
//     the seasonally differenced series.
//  2. Stepwise search over (p,q)(P,Q) and the constant (mean when d + D = 0, drift when d + D = 1) by
//     AICc, from (2,d,2)(1,D,1), moving one or two orders at a time, at most p, q ≤ 5 and P, Q ≤ 2.
//  3. Estimation by CSS, then exact maximum likelihood through a Kalman filter (arimaFit.ts). For long
//     series (n > 150) or long seasons (m > 12) the search scores models by CSS only, then refits the
//     best by CSS-ML, falling down the ranking until one fits (R's `approximation`).
// Seasons above 24 are treated as non-seasonal (the state grows with m·(D + P, Q) and m > 24 is beyond
// what we promise to fit quickly); with fewer than three full seasons the seasonal AR/MA orders are
// capped at zero and with two or fewer there is no seasonal difference, as in R.
// Forecasts run a Kalman filter over the given history with the fitted coefficients and extend the
// final state, as R's predict.Arima does; the drift regressor continues as t = n + 1, n + 2, … The
// filter runs on the differenced history (O(n r), arimaStateSpace.ts); R's own filter on the
// undifferenced one stays beside it as forecastReference, and the two agree to O(1/kappa).
// forecastIntervals is R's forecast(fit, h, level): the reference filter's mean, and bounds from
// KalmanForecast's variances (σ² Σ ψ_j² once the filter has settled) times the fit's σ², ± the normal
// quantile, as predict.Arima and forecast.Arima compute them.

import {
  type ArimaFit,
  type ArimaSpec,
  arimaResidualVariance,
  fitArima,
  regressorOf,
  regressorValue,
  stateSpaceOf,
} from './arimaFit';
import {
  armaForecast,
  armaLikelihood,
  kalmanFilter,
  kalmanForecast,
  kalmanForecastVariances,
} from './arimaStateSpace';
import { diff, isConstant, ndiffs, nsdiffs } from './arimaUnitRoot';
import { gaussianIntervals } from './normal';
import type { BaselineFitter, FittedBaseline, ForecastIntervals } from './types';

/** Longest season fitted seasonally; longer ones are fitted as non-seasonal. */
export const MAX_ARIMA_SEASON = 24;
const MAX_MODELS = 94;

export interface FittedArima extends FittedBaseline {
  readonly spec: ArimaSpec;
  /** R's order: ar, ma, sar, sma, then intercept or drift. */
  readonly coef: Float64Array;
  /** AICc of the selected model (NaN when it was fixed rather than estimated). */
  readonly aicc: number;
  /** Innovation variance σ² of the fit (R's sigma2), which scales the forecast variances. */
  readonly sigma2: number;
  forecastIntervals(history: ArrayLike<number>, h: number, levels: readonly number[]): ForecastIntervals;
  /**
   * The reference for forecastFrom: R's own filter (diffuse prior of variance 1e6 on the differencing
   * states, O(n (r + d + mD)²)), which reproduces predict.Arima. forecastFrom filters the differenced
   * series instead (O(n r)) and agrees with it to O(1/kappa).
   */
  forecastReference(history: ArrayLike<number>, h: number): Float64Array;
  /**
   * One-step predictions ŷ_{t|t-1} over `history` (n) and their variances in units of σ² (n), by the
   * reference filter. R's fitted values are history - (history - predictions) / √variances.
   */
  oneStep(history: ArrayLike<number>): { predictions: Float64Array; variances: Float64Array };
}

/** R's arima.string: "ARIMA(2,1,1)(0,1,1)[12] with drift". */
export function describeArima(spec: ArimaSpec): string {
  const { p, d, q, P, D, Q, m } = spec;
  let text = `ARIMA(${p},${d},${q})`;
  if (m > 1 && P + D + Q > 0) text += `(${P},${D},${Q})[${m}]`;
  const regressor = regressorOf(spec);
  if (regressor === 'drift') text += ' with drift';
  else if (regressor === 'intercept') text += ' with non-zero mean';
  else if (d === 0 && D === 0) text += ' with zero mean';
  return text;
}

/**
 * A model with the given coefficients (R's order), ready to filter and forecast any history; its
 * forecast bounds need the innovation variance `sigma2` (NaN bounds without it).
 */
export function arimaWithCoefficients(
  spec: ArimaSpec,
  coef: ArrayLike<number>,
  aicc = Number.NaN,
  sigma2 = Number.NaN,
): FittedArima {
  const coefficients = Float64Array.from(coef);
  const model = stateSpaceOf(spec, coefficients);
  const { phi, theta, delta } = model;
  const differencingLags = [...delta.keys()].filter((i) => delta[i] !== 0);
  const regressor = regressorOf(spec);
  const narma = spec.p + spec.q + spec.P + spec.Q;
  const beta = regressor ? coefficients[narma] : 0;
  const adjusted = (history: ArrayLike<number>) =>
    Float64Array.from(history, (v, t) => v - beta * regressorValue(regressor, t));
  const filter = (history: ArrayLike<number>, keepPredictions: boolean) => {
    const run = kalmanFilter(adjusted(history), model, keepPredictions);
    if (!run) throw new Error(`cannot initialise the Kalman filter of ${describeArima(spec)}`);
    return run;
  };
  const addRegressor = (values: Float64Array, from: number) => {
    for (let i = 0; i < values.length; i++) values[i] += beta * regressorValue(regressor, from + i);
    return values;
  };
  const forecastReference = (history: ArrayLike<number>, h: number) =>
    addRegressor(kalmanForecast(model, filter(history, false).state, h), history.length);
  return {
    description: describeArima(spec),
    spec,
    coef: coefficients,
    aicc,
    sigma2,
    forecastFrom(history, h) {
      const n = history.length;
      const nd = delta.length;
      if (n <= nd) return forecastReference(history, h);
      // (n + h) adjusted history, then its forecasts
      const y = new Float64Array(n + h);
      y.set(adjusted(history));
      const w = new Float64Array(n - nd); // (n - nd) differenced
      for (let t = nd; t < n; t++) {
        let v = y[t];
        for (const i of differencingLags) v -= delta[i] * y[t - i - 1];
        w[t - nd] = v;
      }
      const run = armaLikelihood(w, phi, theta);
      if (!run) return forecastReference(history, h);
      const wf = armaForecast(phi, run.state, h);
      for (let k = 0; k < h; k++) {
        let v = wf[k];
        for (const i of differencingLags) v += delta[i] * y[n + k - i - 1];
        y[n + k] = v;
      }
      return addRegressor(y.slice(n), n);
    },
    forecastReference,
    forecastIntervals(history, h, levels) {
      const run = filter(history, false);
      const mean = addRegressor(kalmanForecast(model, run.state, h), history.length);
      const variance = kalmanForecastVariances(model, run.covariance, h).map((v) => v * sigma2);
      return gaussianIntervals(mean, variance, levels);
    },
    oneStep(history) {
      const run = filter(history, true);
      return { predictions: addRegressor(run.predictions!, 0), variances: run.gains! };
    },
  };
}

/** The selected fit, with σ² as auto.arima reports it (arimaResidualVariance). */
function fromFit(x: Float64Array, fit: ArimaFit): FittedArima {
  return arimaWithCoefficients(fit.spec, fit.coef, fit.aicc, arimaResidualVariance(x, fit.spec, fit.coef));
}

/** A model fixed rather than estimated (no ARMA part to fit): σ² with no coefficient counted. */
function fixedModel(x: Float64Array, spec: ArimaSpec, coef: number[]): FittedArima {
  return arimaWithCoefficients(spec, coef, Number.NaN, arimaResidualVariance(x, spec, coef, 0));
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** The season auto.arima works with: 1 when none was given or it is longer than MAX_ARIMA_SEASON. */
export function effectiveSeason(season: number): number {
  const m = Math.round(season);
  return m > 1 && m <= MAX_ARIMA_SEASON ? m : 1;
}

export interface AutoArimaOptions {
  /** Receives one line per model fitted, like auto.arima(trace = TRUE). */
  trace?: (line: string) => void;
}

/** auto.arima(values) for a series with season length `season`. */
export function autoArima(
  values: ArrayLike<number>,
  season: number,
  options: AutoArimaOptions = {},
): FittedArima {
  const trace = options.trace;
  const x = Float64Array.from(values);
  const n = x.length;
  if (n === 0) throw new Error('auto.arima needs at least one value');
  const m = effectiveSeason(season);
  const spec0 = (d: number, D: number, constant: boolean, period = m): ArimaSpec => ({
    p: 0,
    d,
    q: 0,
    P: 0,
    D,
    Q: 0,
    m: period,
    constant,
  });
  if (isConstant(x)) return fixedModel(x, spec0(0, 0, true, 1), [x[0]]);

  let maxp = Math.min(5, Math.floor(n / 3));
  let maxq = Math.min(5, Math.floor(n / 3));
  let maxP = Math.min(2, Math.floor(n / 3 / m));
  let maxQ = Math.min(2, Math.floor(n / 3 / m));

  // 1. differencing
  let D = 0;
  if (m === 1) {
    maxP = 0;
    maxQ = 0;
  } else if (n > 2 * m) {
    D = nsdiffs(x, m);
  }
  let dx: Float64Array = D > 0 ? diff(x, m) : x;
  let d = ndiffs(dx);
  if (d > 0 && dx.length <= d) d--; // nothing would be left after differencing
  for (let i = 0; i < d; i++) dx = diff(dx);
  if (dx.length === 0) return fixedModel(x, spec0(0, 0, true, 1), [mean(x)]);
  if (isConstant(dx)) {
    // A polynomial trend (or seasonal pattern) without noise: no ARMA part to estimate.
    if (D > 0 && d === 0) return fixedModel(x, spec0(0, D, true), [mean(dx) / m]);
    if (D > 0 || d === 2) return fixedModel(x, spec0(d, D, false), []);
    return fixedModel(x, spec0(d, 0, true, 1), [mean(dx)]);
  }
  if (m > 1) {
    if (maxP > 0) maxp = Math.min(maxp, m - 1);
    if (maxQ > 0) maxq = Math.min(maxq, m - 1);
  }

  // 2. stepwise search
  const approximation = n > 150 || m > 12;
  const allowConstant = d + D <= 1;
  let constant = allowConstant;
  const small = n < 10;
  let p = Math.min(small ? 1 : 2, maxp);
  let q = Math.min(small ? 1 : 2, maxq);
  let P = Math.min(small ? 0 : 1, maxP);
  let Q = Math.min(small ? 0 : 1, maxQ);

  interface Tried {
    spec: ArimaSpec;
    fit: ArimaFit | null;
    ic: number;
  }
  const tried: Tried[] = [];
  const specOf = (p: number, q: number, P: number, Q: number, c: boolean): ArimaSpec => ({
    p,
    d,
    q,
    P: m > 1 ? P : 0,
    D,
    Q: m > 1 ? Q : 0,
    m,
    constant: c,
  });
  const isNew = (s: ArimaSpec) =>
    !tried.some(
      (t) =>
        t.spec.p === s.p &&
        t.spec.q === s.q &&
        t.spec.P === s.P &&
        t.spec.Q === s.Q &&
        t.spec.constant === s.constant,
    );
  const method = approximation ? 'CSS' : 'CSS-ML';
  const fitTraced = (s: ArimaSpec, how: typeof method): ArimaFit | null => {
    const started = trace ? performance.now() : 0;
    const fit = fitArima(x, s, how);
    const ms = trace ? performance.now() - started : 0;
    const outcome = !fit ? 'failed' : fit.accepted ? `AICc ${fit.aicc}` : `rejected (AICc ${fit.aicc})`;
    trace?.(`${describeArima(s)} ${how}: ${outcome} (${ms.toFixed(0)} ms)`);
    return fit;
  };
  // AICc, except for three or fewer values where it is undefined and R falls back to AIC.
  const criterion = (fit: ArimaFit | null) => (!fit?.accepted ? Infinity : n <= 3 ? fit.aic : fit.aicc);
  const attempt = (s: ArimaSpec): Tried => {
    const fit = fitTraced(s, method);
    const entry = { spec: s, fit, ic: criterion(fit) };
    tried.push(entry);
    return entry;
  };

  let best = attempt(specOf(p, q, P, Q, constant));
  const consider = (s: ArimaSpec): boolean => {
    const entry = attempt(s);
    if (entry.ic < best.ic) {
      best = entry;
      return true;
    }
    return false;
  };
  if (consider(specOf(0, 0, 0, 0, constant))) p = q = P = Q = 0;
  if (maxp > 0 || maxP > 0) {
    const s = specOf(maxp > 0 ? 1 : 0, 0, m > 1 && maxP > 0 ? 1 : 0, 0, constant);
    if (consider(s)) {
      p = s.p;
      P = s.P;
      q = Q = 0;
    }
  }
  if (maxq > 0 || maxQ > 0) {
    const s = specOf(0, maxq > 0 ? 1 : 0, 0, m > 1 && maxQ > 0 ? 1 : 0, constant);
    if (consider(s)) {
      p = P = 0;
      q = s.q;
      Q = s.Q;
    }
  }
  if (constant && consider(specOf(0, 0, 0, 0, false))) p = q = P = Q = 0;

  // Neighbours in R's order: seasonal moves, then non-seasonal ones, then the constant toggled. The
  // first improvement restarts the scan from the new model.
  let startk = -1;
  while (startk < tried.length && tried.length < MAX_MODELS) {
    startk = tried.length;
    const moves: [number, number, number, number, boolean][] = [
      [p, q, P - 1, Q, P > 0],
      [p, q, P, Q - 1, Q > 0],
      [p, q, P + 1, Q, P < maxP],
      [p, q, P, Q + 1, Q < maxQ],
      [p, q, P - 1, Q - 1, Q > 0 && P > 0],
      [p, q, P - 1, Q + 1, Q < maxQ && P > 0],
      [p, q, P + 1, Q - 1, Q > 0 && P < maxP],
      [p, q, P + 1, Q + 1, Q < maxQ && P < maxP],
      [p - 1, q, P, Q, p > 0],
      [p, q - 1, P, Q, q > 0],
      [p + 1, q, P, Q, p < maxp],
      [p, q + 1, P, Q, q < maxq],
      [p - 1, q - 1, P, Q, q > 0 && p > 0],
      [p - 1, q + 1, P, Q, q < maxq && p > 0],
      [p + 1, q - 1, P, Q, q > 0 && p < maxp],
      [p + 1, q + 1, P, Q, q < maxq && p < maxp],
    ];
    let improved = false;
    for (const [np, nq, nP, nQ, allowed] of moves) {
      const s = specOf(np, nq, nP, nQ, constant);
      if (!allowed || !isNew(s)) continue;
      if (tried.length >= MAX_MODELS) break;
      if (consider(s)) {
        [p, q, P, Q] = [np, nq, nP, nQ];
        improved = true;
        break;
      }
    }
    if (improved) continue;
    if (allowConstant && tried.length < MAX_MODELS) {
      const s = specOf(p, q, P, Q, !constant);
      if (isNew(s) && consider(s)) constant = !constant;
    }
  }

  // 3. the CSS ranking refitted by maximum likelihood, best first, until one is acceptable
  if (approximation) {
    const ranking = tried.map((t, i) => ({ t, i })).sort((a, b) => a.t.ic - b.t.ic || a.i - b.i);
    for (const { t } of ranking) {
      const fit = fitTraced(t.spec, 'CSS-ML');
      if (criterion(fit) < Infinity) return fromFit(x, fit!);
    }
  }
  if (best.ic < Infinity) return fromFit(x, best.fit!);

  // Nothing acceptable (R stops with "No suitable ARIMA model found"): the bare differencing model.
  const fallback = fitArima(x, specOf(0, 0, 0, 0, allowConstant), 'CSS-ML');
  if (fallback) return fromFit(x, fallback);
  return fixedModel(x, specOf(0, 0, 0, 0, false), []);
}

export const arima: BaselineFitter = {
  name: 'ARIMA',
  fit: (values, season) => autoArima(values, season),
};
