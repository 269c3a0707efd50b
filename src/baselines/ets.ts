// Exponential smoothing state-space models (ETS; Hyndman, Koehler, Ord & Snyder 2008), following R's
// forecast::ets: the same model family, state recursion, likelihood, parameter bounds, starting values,
// Nelder–Mead optimiser and AICc choice, so that fits can be checked against R's (tests/fixtures/ets,
// written by scripts/fixtures/ets.R).
//
//   error  A | M      trend  N | A | Ad (damped)      season  N | A | M
//
// Left out as in R's defaults: additive error with multiplicative season, and multiplicative trends.
// Multiplicative error or season only for positive data; seasons only for 2 <= m <= 24 and at least two
// full seasons plus a few values.
//
// State after observation t: level l, slope b, seasonal states s (m), most recent first as R stores
// them (s[0] is the newest, s[m-1] the one the next observation uses). Recursion, with q = l + phi*b:
//   one-step forecast  f = q + s[m-1]       (A season)   or  q * s[m-1]   (M season)
//   level              l' = q + alpha * (y - s[m-1] - q)            (A; M divides y by s[m-1])
//   slope              b' = phi*b + (beta/alpha) * (l' - l - phi*b)
//   season             s' = s[m-1] + gamma * (y - q - s[m-1])      (A; M uses y / q)
// The error type does not change the recursion, only the likelihood (R's "lik", -2 log L up to a constant):
//   A: n log(Σ e²),  e = y - f           M: n log(Σ e²) + 2 Σ log|f|,  e = (y - f) / f
// Forecasts are the recursion's point forecasts, l + (phi + … + phi^h) b plus or times the matching
// seasonal state. For multiplicative error and season R's forecast() reports the forecast mean instead
// (other damping, sigma² terms past one season); the gap is measured in tests/unit/baselines/ets.test.ts.
// forecastIntervals gives what forecast() gives, mean and bounds, by R's analytic formulas (etsIntervals.ts).

import { ETS_LOWER, ETS_UPPER, type EtsSmoothing, etsParametersAllowed } from './etsAdmissible';
import { etsInitialGuess } from './etsInit';
import { etsForecastDistribution } from './etsIntervals';
import { gaussianIntervals } from './normal';
import { nelderMead } from './optim';
import type { BaselineFitter, FittedBaseline } from './types';

export type EtsErrorType = 'A' | 'M';
export type EtsTrendType = 'N' | 'A';
export type EtsSeasonType = 'N' | 'A' | 'M';

export interface EtsSpec {
  readonly error: EtsErrorType;
  readonly trend: EtsTrendType;
  readonly season: EtsSeasonType;
  readonly damped: boolean;
}

export interface EtsState {
  readonly level: number;
  /** 0 without a trend. */
  readonly slope: number;
  /** (m) most recent first, as R's states; empty without a season. */
  readonly seasonal: Float64Array;
}

/** Smoothing parameters (beta 0 without a trend, gamma 0 without a season, phi 1 undamped) and initial state. */
export interface EtsParams extends EtsSmoothing {
  readonly initial: EtsState;
}

export interface EtsFit {
  readonly spec: EtsSpec;
  /** Season length used (1 for non-seasonal models). */
  readonly period: number;
  readonly params: EtsParams;
  /** -0.5 * R's lik, as forecast::ets reports it. */
  readonly loglik: number;
  readonly aic: number;
  readonly aicc: number;
  /** Parameters counted in the information criteria: optimised ones plus the error variance. */
  readonly nParams: number;
  /**
   * Residual variance as R's ets reports it: Σ e² / (n - k), e relative for multiplicative errors, k the
   * optimised parameters and initial states (NaN when n ≤ k).
   */
  readonly sigma2: number;
  /** (n) one-step fitted values on the fitting data. */
  readonly fitted: Float64Array;
  /** State after the last fitting value. */
  readonly finalState: EtsState;
}

export interface EtsCandidate {
  readonly spec: EtsSpec;
  /** Infinity when the model could not be fitted. */
  readonly aicc: number;
}

/** Largest season R's ets handles; longer ones are fitted without a season. */
export const ETS_MAX_SEASON = 24;

/** Optimiser settings of R's etsmodel(). */
const NELDER_MEAD = { reltol: Math.sqrt(Number.EPSILON), maxEvaluations: 2000 } as const;

/** R's guards in the recursion: a divisor below TOL makes the ratio HUGE instead of Infinity or NaN. */
const TOL = 1e-10;
const HUGE = 1e10;

export function etsComponents(spec: EtsSpec): string {
  return `${spec.error}${spec.trend}${spec.season}`;
}

export function etsName(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend}${spec.damped ? 'd' : ''},${spec.season})`;
}

// ---------------------------------------------------------------------------------------------------
// The recursion

interface Filtered {
  /** R's lik: n log(Σ e²) (+ 2 Σ log|f| for multiplicative errors); NaN if the recursion broke down. */
  readonly lik: number;
  /** Σ e², e relative for multiplicative errors. */
  readonly sse: number;
  readonly finalState: EtsState;
}

/**
 * Runs the state recursion over `values` from `params.initial`, writing one-step forecasts into `fitted`
 * (n) when given. The seasonal states live in a ring indexed by time mod m, so a step costs O(1).
 */
function filter(
  spec: EtsSpec,
  params: EtsParams,
  values: ArrayLike<number>,
  fitted?: Float64Array,
): Filtered {
  const { alpha, beta, gamma } = params;
  const phi = spec.damped ? params.phi : 1;
  const hasTrend = spec.trend !== 'N';
  const additiveSeason = spec.season === 'A';
  const multiplicativeSeason = spec.season === 'M';
  const multiplicativeError = spec.error === 'M';
  const m = spec.season === 'N' ? 0 : params.initial.seasonal.length;
  const n = values.length;
  const betaStar = beta / alpha; // slope smoothing in R's error-correction form

  let level = params.initial.level;
  let slope = hasTrend ? params.initial.slope : 0;
  // ring[t mod m] is the seasonal state observation t uses: R's s[m-1] for t = 0, s[m-2] for t = 1, …
  const ring = new Float64Array(m); // (m)
  for (let k = 0; k < m; k++) ring[k] = params.initial.seasonal[m - 1 - k];

  let sse = 0;
  let logSum = 0;
  let slot = 0; // t mod m
  for (let t = 0; t < n; t++) {
    const y = values[t];
    const phib = hasTrend ? phi * slope : 0;
    const q = level + phib;
    const oldSeason = m > 0 ? ring[slot] : 0;

    let forecast = q;
    if (additiveSeason) forecast = q + oldSeason;
    else if (multiplicativeSeason) forecast = q * oldSeason;
    if (fitted) fitted[t] = forecast;

    if (multiplicativeError) {
      const e = (y - forecast) / forecast;
      sse += e * e;
      logSum += Math.log(Math.abs(forecast));
    } else {
      const e = y - forecast;
      sse += e * e;
    }

    let p = y;
    if (additiveSeason) p = y - oldSeason;
    else if (multiplicativeSeason) p = Math.abs(oldSeason) < TOL ? HUGE : y / oldSeason;
    const newLevel = q + alpha * (p - q);
    if (hasTrend) slope = phib + betaStar * (newLevel - level - phib);
    level = newLevel;
    if (additiveSeason) ring[slot] = oldSeason + gamma * (y - q - oldSeason);
    else if (multiplicativeSeason)
      ring[slot] = oldSeason + gamma * ((Math.abs(q) < TOL ? HUGE : y / q) - oldSeason);
    if (++slot === m) slot = 0;
  }

  let lik = n * Math.log(sse);
  if (multiplicativeError) lik += 2 * logSum;
  const seasonal = new Float64Array(m); // back to R's order: newest first
  for (let j = 0; j < m; j++) seasonal[j] = ring[(((n - 1 - j) % m) + m) % m];
  return { lik, sse, finalState: { level, slope, seasonal } };
}

/** One-step fitted values (n) of the model with `params` on `values`. */
export function etsFitted(spec: EtsSpec, params: EtsParams, values: ArrayLike<number>): Float64Array {
  const fitted = new Float64Array(values.length);
  filter(spec, params, values, fitted);
  return fitted;
}

/** State after filtering `values` from `params.initial`. */
export function etsFilterState(spec: EtsSpec, params: EtsParams, values: ArrayLike<number>): EtsState {
  return filter(spec, params, values).finalState;
}

/** Point forecasts (h) from `state`: l + (phi + … + phi^k) b, then plus or times the matching season. */
export function etsForecast(spec: EtsSpec, phi: number, state: EtsState, h: number): Float64Array {
  const m = spec.season === 'N' ? 0 : state.seasonal.length;
  const damping = spec.damped ? phi : 1;
  const out = new Float64Array(h);
  let phistar = damping;
  for (let i = 0; i < h; i++) {
    let f = spec.trend === 'N' ? state.level : state.level + phistar * state.slope;
    if (m > 0) {
      const s = state.seasonal[(((m - 1 - i) % m) + m) % m];
      f = spec.season === 'A' ? f + s : f * s;
    }
    out[i] = f;
    phistar += damping ** (i + 2); // phi + phi² + … + phi^(i+1) at step i
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Fitting one model

export interface EtsFitOptions {
  /**
   * Extra Nelder–Mead runs started from the previous optimum, while they still improve the likelihood.
   * 0 (the default) is R's single run, so fits match R's; restarts can only raise the likelihood.
   */
  readonly restarts?: number;
}

/**
 * Fits one ETS model by maximum likelihood, as R's etsmodel(): smoothing parameters start where R's
 * initparam puts them, initial states at R's heuristic; Nelder–Mead moves all of them together (m - 1
 * free seasonal states, the last one makes them sum to 0, or to m when multiplicative). Returns null when
 * the model is not allowed for these values or has too many parameters for them.
 */
export function fitEts(
  values: ArrayLike<number>,
  season: number,
  spec: EtsSpec,
  options: EtsFitOptions = {},
): EtsFit | null {
  const n = values.length;
  const period = spec.season === 'N' ? 1 : season;
  if (!modelAllowed(values, season, spec)) return null;

  const hasTrend = spec.trend !== 'N';
  const hasSeason = spec.season !== 'N';
  const free = { trend: hasTrend, season: hasSeason, damped: spec.damped };

  // Starting smoothing parameters, R's initparam.
  const alpha0 = ETS_LOWER.alpha + (0.2 * (ETS_UPPER.alpha - ETS_LOWER.alpha)) / period;
  const start: number[] = [alpha0];
  if (hasTrend) {
    const upper = Math.min(ETS_UPPER.beta, alpha0);
    start.push(ETS_LOWER.beta + 0.1 * (upper - ETS_LOWER.beta));
  }
  if (hasSeason) {
    const upper = Math.min(ETS_UPPER.gamma, 1 - alpha0);
    start.push(ETS_LOWER.gamma + 0.05 * (upper - ETS_LOWER.gamma));
  }
  if (spec.damped) start.push(ETS_LOWER.phi + 0.99 * (ETS_UPPER.phi - ETS_LOWER.phi));
  const guess = etsInitialGuess(values, period, spec.trend, spec.season);
  start.push(guess.level);
  if (hasTrend) start.push(guess.slope);
  start.push(...guess.seasonal);

  const nFree = start.length;
  if (nFree >= n - 1) return null;

  const unpack = (x: ArrayLike<number>): EtsParams | null => {
    let k = 0;
    const alpha = x[k++];
    const beta = hasTrend ? x[k++] : 0;
    const gamma = hasSeason ? x[k++] : 0;
    const phi = spec.damped ? x[k++] : 1;
    if (!etsParametersAllowed({ alpha, beta, gamma, phi }, free, period)) return null;
    const level = x[k++];
    const slope = hasTrend ? x[k++] : 0;
    const seasonal = new Float64Array(hasSeason ? period : 0);
    if (hasSeason) {
      let sum = 0;
      for (let j = 0; j < period - 1; j++) {
        seasonal[j] = x[k++];
        sum += seasonal[j];
      }
      seasonal[period - 1] = (spec.season === 'M' ? period : 0) - sum;
      if (spec.season === 'M' && seasonal.some((s) => s < 0)) return null;
    }
    return { alpha, beta, gamma, phi, initial: { level, slope, seasonal } };
  };

  const objective = (x: Float64Array): number => {
    const params = unpack(x);
    if (!params) return Number.POSITIVE_INFINITY;
    const { lik } = filter(spec, params, values);
    if (Number.isNaN(lik)) return Number.POSITIVE_INFINITY;
    return Math.max(lik, -1e10); // no reward for a perfect fit
  };

  if (!Number.isFinite(objective(Float64Array.from(start)))) return null;
  let best = nelderMead(objective, start, NELDER_MEAD);
  for (let restart = 0; restart < (options.restarts ?? 0); restart++) {
    const again = nelderMead(objective, best.x, NELDER_MEAD);
    if (!(again.value < best.value - 1e-8 * Math.abs(best.value))) break;
    best = again;
  }
  const params = unpack(best.x);
  if (!params) return null;

  const fitted = new Float64Array(n);
  const { lik, sse, finalState } = filter(spec, params, values, fitted);
  const nParams = nFree + 1;
  const aic = lik + 2 * nParams;
  const aicc = aic + (2 * nParams * (nParams + 1)) / (n - nParams - 1);
  const sigma2 = residualVariance(sse, n, nFree);
  return { spec, period, params, loglik: -0.5 * lik, aic, aicc, nParams, sigma2, fitted, finalState };
}

/** R's sigma2: Σ e² / (n - k) for k estimated values (smoothing parameters and initial states). */
function residualVariance(sse: number, n: number, k: number): number {
  return n > k ? sse / (n - k) : Number.NaN;
}

/** The residual variance of `values` under the model with `params` (R's sigma2, see EtsFit). */
export function etsResidualVariance(spec: EtsSpec, params: EtsParams, values: ArrayLike<number>): number {
  const trend = spec.trend !== 'N' ? 1 : 0;
  const m = spec.season === 'N' ? 0 : params.initial.seasonal.length;
  const smoothing = 1 + trend + (m > 0 ? 1 : 0) + (spec.damped ? 1 : 0);
  const initialStates = 1 + trend + Math.max(m - 1, 0); // the last season follows from the others
  return residualVariance(filter(spec, params, values).sse, values.length, smoothing + initialStates);
}

/** Whether `spec` may be fitted to `values` with season length `season` (the rules in the header). */
export function modelAllowed(values: ArrayLike<number>, season: number, spec: EtsSpec): boolean {
  if (spec.trend === 'N' && spec.damped) return false;
  if (spec.error === 'A' && spec.season === 'M') return false;
  if (spec.season !== 'N' && !seasonAllowed(values.length, season)) return false;
  if (spec.error === 'M' || spec.season === 'M') {
    for (let t = 0; t < values.length; t++) if (!(values[t] > 0)) return false;
  }
  return true;
}

/** Seasonal models need 2 <= m <= 24 and at least two full seasons plus a few values (4, as R's np check). */
export function seasonAllowed(n: number, season: number): boolean {
  return Number.isInteger(season) && season >= 2 && season <= ETS_MAX_SEASON && n >= 2 * season + 4;
}

// ---------------------------------------------------------------------------------------------------
// Automatic choice

/** Every model ets(y) considers, in R's order (ties go to the first). */
export function etsFamily(): EtsSpec[] {
  const family: EtsSpec[] = [];
  for (const error of ['A', 'M'] as const) {
    for (const trend of ['N', 'A'] as const) {
      for (const season of ['N', 'A', 'M'] as const) {
        for (const damped of [true, false]) {
          if (trend === 'N' && damped) continue;
          if (error === 'A' && season === 'M') continue;
          family.push({ error, trend, season, damped });
        }
      }
    }
  }
  return family;
}

export interface EtsSelection {
  readonly fit: EtsFit;
  readonly candidates: EtsCandidate[];
}

/**
 * R's ets(y): fits every allowed model and keeps the one with the smallest AICc. A constant series gets
 * simple exponential smoothing with alpha near 1, as in R; a series too short for any model gets
 * ETS(A,N,N) with alpha near 1 started at the first value (the naive forecast).
 */
export function autoEts(
  values: ArrayLike<number>,
  season: number,
  options: EtsFitOptions = {},
): EtsSelection {
  const n = values.length;
  if (n === 0) throw new Error('autoEts: no values to fit');

  let constant = true;
  for (let t = 1; t < n; t++) if (values[t] !== values[0]) constant = false;
  if (!constant) {
    const candidates: EtsCandidate[] = [];
    let best: EtsFit | null = null;
    for (const spec of etsFamily()) {
      if (!modelAllowed(values, season, spec)) continue;
      const fit = fitEts(values, season, spec, options);
      const aicc = fit && Number.isFinite(fit.aicc) ? fit.aicc : Number.POSITIVE_INFINITY;
      candidates.push({ spec, aicc });
      if (fit && aicc < (best?.aicc ?? Number.POSITIVE_INFINITY)) best = fit;
    }
    if (best) return { fit: best, candidates };
  }
  return { fit: naiveLevelFit(values), candidates: [] };
}

/** ETS(A,N,N) with alpha = 0.99999 from the first value: R's answer for constant series. */
function naiveLevelFit(values: ArrayLike<number>): EtsFit {
  const spec: EtsSpec = { error: 'A', trend: 'N', season: 'N', damped: false };
  const params: EtsParams = {
    alpha: 0.99999,
    beta: 0,
    gamma: 0,
    phi: 1,
    initial: { level: values[0], slope: 0, seasonal: new Float64Array(0) },
  };
  const fitted = new Float64Array(values.length);
  const { lik, sse, finalState } = filter(spec, params, values, fitted);
  return {
    spec,
    period: 1,
    params,
    loglik: -0.5 * lik,
    aic: Number.NaN,
    aicc: Number.NaN,
    nParams: 1,
    sigma2: residualVariance(sse, values.length, 2), // R's ses: alpha and the level
    fitted,
    finalState,
  };
}

// ---------------------------------------------------------------------------------------------------
// The baseline interface

/**
 * A fitted model as a baseline: forecasts from any origin by filtering the history with the fitted
 * parameters; forecastIntervals adds R's analytic bounds with the fit's residual variance.
 */
export function etsBaseline(fit: Pick<EtsFit, 'spec' | 'params' | 'sigma2'>): FittedBaseline {
  return {
    description: etsName(fit.spec),
    forecastFrom(history: ArrayLike<number>, h: number): Float64Array {
      const state = etsFilterState(fit.spec, fit.params, history);
      return etsForecast(fit.spec, fit.params.phi, state, h);
    },
    forecastIntervals(history: ArrayLike<number>, h: number, levels: readonly number[]) {
      const state = etsFilterState(fit.spec, fit.params, history);
      const { mean, variance } = etsForecastDistribution(fit.spec, fit.params, state, fit.sigma2, h);
      return gaussianIntervals(mean, variance, levels);
    },
  };
}

export const ets: BaselineFitter = {
  name: 'ETS',
  fit(values: ArrayLike<number>, season: number): FittedBaseline {
    return etsBaseline(autoEts(values, season).fit);
  },
};
