// The classical Theta method (Assimakopoulos & Nikolopoulos 2000) as R's forecast::thetaf computes it,
// in the form of Hyndman & Billah (2003): simple exponential smoothing plus half the slope of the linear
// trend. Checked against R on fixtures written by scripts/fixtures/theta.R.
//
//   1. Seasonality: when thetaf's test passes (seasonality.ts), x_t = y_t / s_{t mod m} with the
//      multiplicative classical-decomposition indices s (m), indexed by position from the first value.
//   2. SES on x: ETS(A,N,N) fitted as R's ses() does, by least one-step MSE (opt.crit = "mse") over the
//      smoothing parameter alpha and the initial level, with ets' starting values and Nelder–Mead.
//      Level recursion l_t = l_{t-1} + alpha (x_t - l_{t-1}); the SES forecast is the last level l_n.
//   3. Drift b = half the least-squares slope of x on t = 0 … n-1.
//   4. Forecast h = 1, 2, …:  x̂_{n+h} = l_n + b (h - 1 + (1 - (1 - alpha)^n) / alpha),
//      times the index at position n + h - 1 when seasonal.
//   Intervals, as thetaf: the SES model's, x̂ ± z sqrt(sigma²) sqrt(1 + (h - 1) alpha²) with
//   sigma² = Σ e² / (n - 2) on the adjusted values, around the reseasonalised mean and not rescaled.
//
// Forecasts from a later origin (forecastFrom) keep alpha, the initial level, b and the indices, and run
// the level through the whole history of N values, so the (1 - alpha)^N term counts them all.
// Where we part from R: below 7 values R's ets switches to HoltWinters' SES, we keep the MSE fit (and with
// fewer than 4 values forecast the last value plus the drift); indices that are not finite (a zero in the
// moving average) count as "close to zero" and the series is forecast without a season, where R gives NaN.

import { type EtsParams, type EtsSpec, etsFilterState, etsFitted } from './ets';
import { ETS_LOWER, ETS_UPPER, etsParametersAllowed } from './etsAdmissible';
import { etsInitialGuess } from './etsInit';
import { normalQuantile } from './normal';
import { nelderMead } from './optim';
import { classicalDecomposition, seasonalityTest } from './seasonality';
import type { BaselineFitter, FittedBaseline } from './types';

export interface ThetaModel {
  /** Season length m of the indices (1 when not seasonal). */
  readonly season: number;
  /** (m) multiplicative indices by position from the first fitted value: indices[t % m] divides values[t]. */
  readonly indices: Float64Array;
  readonly alpha: number;
  /** SES level before the first value. */
  readonly initialLevel: number;
  /** b: half the slope of the linear trend through the adjusted values, per step. */
  readonly drift: number;
}

export interface ThetaFit extends ThetaModel {
  /** Whether the seasonality test passed and the indices were applied. */
  readonly seasonal: boolean;
  /** Values fitted on. */
  readonly n: number;
  /** SES error variance on the adjusted values, Σ e² / (n - 2) as R's ets. */
  readonly sigma2: number;
}

export interface ThetaForecast {
  /** (h) point forecasts after the last value. */
  readonly mean: Float64Array;
  /** Interval levels in %, e.g. [80, 95]. */
  readonly levels: readonly number[];
  /** (levels, h) lower and upper bounds, one row per level. */
  readonly lower: number[][];
  readonly upper: number[][];
  readonly description: string;
  readonly fit: ThetaFit;
}

/** R's thetaf() deseasonalises only when every index is at least this far from 0. */
const MIN_INDEX = 1e-4;

const SES_SPEC: EtsSpec = { error: 'A', trend: 'N', season: 'N', damped: false };

/** Optimiser settings of R's etsmodel(). */
const NELDER_MEAD = { reltol: Math.sqrt(Number.EPSILON), maxEvaluations: 2000 } as const;

// ---------------------------------------------------------------------------------------------------
// Fitting

/** Fits the Theta method to `values` with season length `season` (1 = none), as thetaf(values). */
export function fitTheta(values: ArrayLike<number>, season: number): ThetaFit {
  const n = values.length;
  if (n === 0) throw new Error('fitTheta: no values to fit');
  const indices = seasonalIndices(values, season);
  const seasonal = indices.length > 1;
  const adjusted = deseasonalise(values, indices); // (n)
  const ses = fitSes(adjusted);
  return {
    season: indices.length,
    indices,
    seasonal,
    alpha: Math.max(1e-10, ses.alpha),
    initialLevel: ses.initialLevel,
    drift: trendSlope(adjusted) / 2,
    n,
    sigma2: ses.sigma2,
  };
}

/** (m) thetaf's indices when its test passes and they are usable, otherwise [1] (no season). */
function seasonalIndices(values: ArrayLike<number>, season: number): Float64Array {
  if (!seasonalityTest(values, season)) return Float64Array.of(1);
  const { seasonal } = classicalDecomposition(values, season, 'multiplicative');
  const usable = seasonal.every((s) => Number.isFinite(s) && Math.abs(s) >= MIN_INDEX);
  return usable ? seasonal : Float64Array.of(1);
}

function deseasonalise(values: ArrayLike<number>, indices: Float64Array): Float64Array {
  const m = indices.length;
  const adjusted = new Float64Array(values.length); // (n)
  for (let t = 0; t < values.length; t++) adjusted[t] = values[t] / indices[t % m];
  return adjusted;
}

/** Least-squares slope of `values` on t = 0 … n-1 (R's lsfit); 0 for a single value. */
function trendSlope(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  const tMean = (n - 1) / 2;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += values[t];
  mean /= n;
  let sxy = 0;
  let sxx = 0;
  for (let t = 0; t < n; t++) {
    sxy += (t - tMean) * (values[t] - mean);
    sxx += (t - tMean) ** 2;
  }
  return sxy / sxx;
}

interface SesFit {
  readonly alpha: number;
  readonly initialLevel: number;
  readonly sigma2: number;
}

/**
 * R's ses(x): ETS(A,N,N) with alpha and the initial level chosen by least one-step MSE, from ets'
 * starting values (alpha 0.2 inside its bounds, the level at the mean of the first ten values), by the
 * same Nelder–Mead as our ETS fits. The MSE is accumulated as a running mean, as R's C code does, so the
 * simplex sees the same numbers.
 */
function fitSes(x: Float64Array): SesFit {
  const n = x.length;
  if (n < 4) {
    // Too few values for two free parameters (R's ets needs np < n - 1): the last value, alpha near 1.
    return { alpha: ETS_UPPER.alpha, initialLevel: x[0], sigma2: Number.NaN };
  }
  const free = { trend: false, season: false, damped: false };
  const paramsOf = (alpha: number, level: number): EtsParams => ({
    alpha,
    beta: 0,
    gamma: 0,
    phi: 1,
    initial: { level, slope: 0, seasonal: new Float64Array(0) },
  });
  const objective = (p: Float64Array): number => {
    if (!etsParametersAllowed({ alpha: p[0], beta: 0, gamma: 0, phi: 1 }, free, 1)) {
      return Number.POSITIVE_INFINITY;
    }
    const mse = runningMse(x, etsFitted(SES_SPEC, paramsOf(p[0], p[1]), x));
    return Number.isNaN(mse) ? Number.POSITIVE_INFINITY : mse;
  };
  const alpha0 = ETS_LOWER.alpha + 0.2 * (ETS_UPPER.alpha - ETS_LOWER.alpha);
  const level0 = etsInitialGuess(x, 1, 'N', 'N').level;
  const best = nelderMead(objective, [alpha0, level0], NELDER_MEAD);
  const [alpha, initialLevel] = best.x;
  const fitted = etsFitted(SES_SPEC, paramsOf(alpha, initialLevel), x);
  let sse = 0;
  for (let t = 0; t < n; t++) sse += (x[t] - fitted[t]) ** 2;
  return { alpha, initialLevel, sigma2: sse / (n - 2) };
}

/** Mean of (x - fitted)², accumulated as m_t = (m_{t-1} (t - 1) + e_t²) / t. */
function runningMse(x: Float64Array, fitted: Float64Array): number {
  let mse = 0;
  for (let t = 0; t < x.length; t++) mse = (mse * t + (x[t] - fitted[t]) ** 2) / (t + 1);
  return mse;
}

// ---------------------------------------------------------------------------------------------------
// Forecasting

/**
 * (h) point forecasts after the last value of `history` (the fitted values, possibly continued): the SES
 * level filtered through the adjusted history with the fitted alpha, plus the drift term, times the
 * index continued past the history.
 */
export function thetaForecastFrom(model: ThetaModel, history: ArrayLike<number>, h: number): Float64Array {
  const { alpha, drift, indices } = model;
  const m = indices.length;
  const N = history.length;
  const sesParams: EtsParams = {
    alpha,
    beta: 0,
    gamma: 0,
    phi: 1,
    initial: { level: model.initialLevel, slope: 0, seasonal: new Float64Array(0) },
  };
  const { level } = etsFilterState(SES_SPEC, sesParams, deseasonalise(history, indices));
  const start = (1 - (1 - alpha) ** N) / alpha; // h - 1 + start at step h
  const out = new Float64Array(h); // (h)
  for (let i = 0; i < h; i++) out[i] = (level + drift * (i + start)) * indices[(N + i) % m];
  return out;
}

/**
 * Bounds (h) around `mean` at coverage `fraction` (0.8 for 80 %): thetaf's, from the SES model's
 * standard error sqrt(sigma² (1 + (i - 1) alpha²)) at step i, not rescaled by the seasonal index.
 */
function thetaBounds(
  fit: ThetaFit,
  mean: Float64Array,
  fraction: number,
): { lower: Float64Array; upper: Float64Array } {
  const z = normalQuantile(0.5 + fraction / 2);
  const lower = new Float64Array(mean.length); // (h)
  const upper = new Float64Array(mean.length); // (h)
  for (let i = 0; i < mean.length; i++) {
    const se = Math.sqrt(fit.sigma2) * Math.sqrt(i * fit.alpha ** 2 + 1);
    lower[i] = mean[i] - z * se;
    upper[i] = mean[i] + z * se;
  }
  return { lower, upper };
}

/**
 * thetaf(values, h, level = levels): point forecasts past the last value and the 80 %/95 % (or other)
 * bounds, with `levels` in percent as R takes them.
 */
export function thetaForecast(
  values: ArrayLike<number>,
  season: number,
  h: number,
  levels: readonly number[] = [80, 95],
): ThetaForecast {
  const fit = fitTheta(values, season);
  const mean = thetaForecastFrom(fit, values, h);
  const bounds = levels.map((level) => thetaBounds(fit, mean, level / 100));
  return {
    mean,
    levels: [...levels],
    lower: bounds.map((b) => Array.from(b.lower)),
    upper: bounds.map((b) => Array.from(b.upper)),
    description: describeTheta(fit),
    fit,
  };
}

/** E.g. "Theta(SES α=0.934, drift 1.24, seasonal m=12)", in the manner of "ETS(A,N,N)". */
export function describeTheta(fit: ThetaFit): string {
  const season = fit.seasonal ? `, seasonal m=${fit.season}` : '';
  return `Theta(SES α=${fit.alpha.toPrecision(3)}, drift ${fit.drift.toPrecision(3)}${season})`;
}

export interface FittedTheta extends FittedBaseline {
  readonly fit: ThetaFit;
  /**
   * Mean and bounds `h` steps after the last value of `history` (as forecastFrom), `levels` as fractions
   * (0.8, 0.95): thetaf's intervals from that origin, with the fitted alpha and sigma².
   */
  forecastIntervals(
    history: ArrayLike<number>,
    h: number,
    levels: readonly number[],
  ): { mean: Float64Array; lower: Float64Array[]; upper: Float64Array[] };
}

/** A fitted Theta model as a baseline: forecasts from any origin with the fitted alpha, level, drift and indices. */
export function thetaBaseline(fit: ThetaFit): FittedTheta {
  return {
    fit,
    description: describeTheta(fit),
    forecastFrom: (history, h) => thetaForecastFrom(fit, history, h),
    forecastIntervals(history, h, levels) {
      const mean = thetaForecastFrom(fit, history, h);
      const bounds = levels.map((fraction) => thetaBounds(fit, mean, fraction));
      return { mean, lower: bounds.map((b) => b.lower), upper: bounds.map((b) => b.upper) };
    },
  };
}

export const theta: BaselineFitter = {
  name: 'Theta',
  fit: (values, season) => thetaBaseline(fitTheta(values, season)),
};
