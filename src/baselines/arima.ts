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

/** auto.arima(values) for a series with season length `season`: differencing, stepwise search, selection. */
export function autoArima(
  values: ArrayLike<number>,
  season: number,
  options: AutoArimaOptions = {},
): FittedArima {
  const x = Float64Array.from(values);
  const n = x.length;
  if (n === 0) throw new Error('auto.arima needs at least one value');
  const m = effectiveSeason(season);
  if (isConstant(x)) return fixedModel(x, bareSpec(0, 0, true, 1), [x[0]]);
  const differencing = chooseDifferencing(x, m);
  if (differencing.kind === 'fixed') return differencing.model;
  const { d, D, bounds } = differencing;
  const search: Search = {
    x,
    d,
    D,
    m,
    approximation: n > 150 || m > 12,
    allowConstant: d + D <= 1,
    trace: options.trace,
  };
  const { tried, best } = stepwiseSearch(search, bounds);
  return selectModel(search, tried, best);
}

/** The model with no ARMA part: differencing (d, D) at period m, with or without a constant. */
function bareSpec(d: number, D: number, constant: boolean, m: number): ArimaSpec {
  return { p: 0, d, q: 0, P: 0, D, Q: 0, m, constant };
}

/** The largest orders the search may reach. */
interface OrderBounds {
  maxp: number;
  maxq: number;
  maxP: number;
  maxQ: number;
}

type Differencing =
  | { kind: 'search'; d: number; D: number; bounds: OrderBounds }
  /** Nothing is left to estimate after differencing: the model is fixed. */
  | { kind: 'fixed'; model: FittedArima };

/**
 * Step 1: D by nsdiffs (when there are more than two seasons), then d by ndiffs on the seasonally
 * differenced series, and the order bounds that follow from n and m.
 */
function chooseDifferencing(x: Float64Array, m: number): Differencing {
  const n = x.length;
  let maxp = Math.min(5, Math.floor(n / 3));
  let maxq = Math.min(5, Math.floor(n / 3));
  let maxP = Math.min(2, Math.floor(n / 3 / m));
  let maxQ = Math.min(2, Math.floor(n / 3 / m));
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
  if (dx.length === 0) return { kind: 'fixed', model: fixedModel(x, bareSpec(0, 0, true, 1), [mean(x)]) };
  if (isConstant(dx)) return { kind: 'fixed', model: noiselessModel(x, dx, d, D, m) };
  if (m > 1) {
    if (maxP > 0) maxp = Math.min(maxp, m - 1);
    if (maxQ > 0) maxq = Math.min(maxq, m - 1);
  }
  return { kind: 'search', d, D, bounds: { maxp, maxq, maxP, maxQ } };
}

/** A polynomial trend (or seasonal pattern) without noise, `dx` constant: no ARMA part to estimate. */
function noiselessModel(x: Float64Array, dx: Float64Array, d: number, D: number, m: number): FittedArima {
  if (D > 0 && d === 0) return fixedModel(x, bareSpec(0, D, true, m), [mean(dx) / m]);
  if (D > 0 || d === 2) return fixedModel(x, bareSpec(d, D, false, m), []);
  return fixedModel(x, bareSpec(d, 0, true, 1), [mean(dx)]);
}

/** What the search holds fixed: the series, the differencing and how models are scored. */
interface Search {
  x: Float64Array;
  d: number;
  D: number;
  m: number;
  /** Score by CSS only, then refit the ranking by CSS-ML (R's `approximation`). */
  approximation: boolean;
  /** A mean (d + D = 0) or drift (d + D = 1) may be fitted. */
  allowConstant: boolean;
  trace?: (line: string) => void;
}

interface Tried {
  spec: ArimaSpec;
  fit: ArimaFit | null;
  ic: number;
}

function searchSpec(
  search: Search,
  p: number,
  q: number,
  P: number,
  Q: number,
  constant: boolean,
): ArimaSpec {
  const { d, D, m } = search;
  return { p, d, q, P: m > 1 ? P : 0, D, Q: m > 1 ? Q : 0, m, constant };
}

function fitTraced(search: Search, spec: ArimaSpec, how: 'CSS' | 'CSS-ML'): ArimaFit | null {
  const { trace } = search;
  const started = trace ? performance.now() : 0;
  const fit = fitArima(search.x, spec, how);
  const ms = trace ? performance.now() - started : 0;
  const outcome = !fit ? 'failed' : fit.accepted ? `AICc ${fit.aicc}` : `rejected (AICc ${fit.aicc})`;
  trace?.(`${describeArima(spec)} ${how}: ${outcome} (${ms.toFixed(0)} ms)`);
  return fit;
}

/** AICc, except for three or fewer values where it is undefined and R falls back to AIC. */
function criterion(search: Search, fit: ArimaFit | null): number {
  return !fit?.accepted ? Infinity : search.x.length <= 3 ? fit.aic : fit.aicc;
}

/**
 * Step 2: R's stepwise search by the criterion, from (2,d,2)(1,D,1) (smaller for short series), then the
 * four starting alternatives, then neighbours until none improves or MAX_MODELS have been fitted.
 */
function stepwiseSearch(search: Search, bounds: OrderBounds): { tried: Tried[]; best: Tried } {
  const { maxp, maxq, maxP, maxQ } = bounds;
  const { m, allowConstant } = search;
  const method = search.approximation ? 'CSS' : 'CSS-ML';
  let constant = allowConstant;
  const small = search.x.length < 10;
  let p = Math.min(small ? 1 : 2, maxp);
  let q = Math.min(small ? 1 : 2, maxq);
  let P = Math.min(small ? 0 : 1, maxP);
  let Q = Math.min(small ? 0 : 1, maxQ);

  const tried: Tried[] = [];
  const specOf = (p: number, q: number, P: number, Q: number, c: boolean) =>
    searchSpec(search, p, q, P, Q, c);
  const isNew = (s: ArimaSpec) =>
    !tried.some(
      (t) =>
        t.spec.p === s.p &&
        t.spec.q === s.q &&
        t.spec.P === s.P &&
        t.spec.Q === s.Q &&
        t.spec.constant === s.constant,
    );
  const attempt = (s: ArimaSpec): Tried => {
    const fit = fitTraced(search, s, method);
    const entry = { spec: s, fit, ic: criterion(search, fit) };
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

  // The first improvement restarts the scan from the new model.
  let startk = -1;
  while (startk < tried.length && tried.length < MAX_MODELS) {
    startk = tried.length;
    let improved = false;
    for (const [np, nq, nP, nQ, allowed] of neighbours(p, q, P, Q, bounds)) {
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
  return { tried, best };
}

/**
 * The neighbours of (p,q)(P,Q) in R's order, each with whether the bounds allow it: seasonal moves, then
 * non-seasonal ones (the constant toggled is tried after them).
 */
function neighbours(
  p: number,
  q: number,
  P: number,
  Q: number,
  { maxp, maxq, maxP, maxQ }: OrderBounds,
): [number, number, number, number, boolean][] {
  return [
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
}

/**
 * Step 3: the selected model. With the approximation, the CSS ranking refitted by maximum likelihood, best
 * first, until one is acceptable; else the search's best; when nothing is acceptable (R stops with "No
 * suitable ARIMA model found"), the bare differencing model.
 */
function selectModel(search: Search, tried: Tried[], best: Tried): FittedArima {
  const { x } = search;
  if (search.approximation) {
    const ranking = tried.map((t, i) => ({ t, i })).sort((a, b) => a.t.ic - b.t.ic || a.i - b.i);
    for (const { t } of ranking) {
      const fit = fitTraced(search, t.spec, 'CSS-ML');
      if (criterion(search, fit) < Infinity) return fromFit(x, fit!);
    }
  }
  if (best.ic < Infinity) return fromFit(x, best.fit!);
  const fallback = fitArima(x, searchSpec(search, 0, 0, 0, 0, search.allowConstant), 'CSS-ML');
  if (fallback) return fromFit(x, fallback);
  return fixedModel(x, searchSpec(search, 0, 0, 0, 0, false), []);
}

export const arima: BaselineFitter = {
  name: 'ARIMA',
  fit: (values, season) => autoArima(values, season),
};
