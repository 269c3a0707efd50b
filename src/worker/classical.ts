// The baselines as rows of the comparison, one loop over fitters (src/baselines): naive and seasonal naive as
// the run starts; the classical ones (ETS, ARIMA, Theta) after the networks, in two parts:
//  - scored: fitted on the training and validation rows of each target, then forecasting every test
//    window from its own origin with the fitted parameters (the state follows the observations up to the
//    origin), so they are scored on exactly the networks' test points and horizons;
//  - forecast: refitted on every row of each target and forecast past the end of the data, the context's
//    forecast steps, with 80 % and 95 % bounds where the baseline has a forecast distribution — the
//    forecast a user would take away, drawn beside the networks'.

import { NAIVE_BASELINES } from '../baselines';
import type { BaselineFitter } from '../baselines/types';
import { forecastMetrics } from '../engine/metrics';
import { type SessionData, targetSeries, windowStarts } from './evaluation';
import type { BaselineForecast, BaselineResult, EvaluationContext } from './protocol';

/** Levels of the bands around the classical forecasts past the data (the networks' levels). */
export const FORECAST_LEVELS: readonly number[] = [0.8, 0.95];

/** K × (N) the target columns in original units. */
function targetColumns(data: SessionData): Float64Array[] {
  const K = data.targetIndex.length;
  const series = targetSeries(data); // (N, K)
  return Array.from({ length: K }, (_, k) =>
    Float64Array.from({ length: data.length }, (_, t) => series[t * K + k]),
  );
}

/**
 * One baseline's row scored on the test windows: fitted on the training and validation rows of each target,
 * then forecasting every test window from its own origin (the rows before it).
 */
function scoredRow(
  fitter: BaselineFitter,
  data: SessionData,
  context: EvaluationContext,
  columns: readonly Float64Array[],
): BaselineResult {
  const K = columns.length;
  const { inputLength: T, horizon } = data.windows.config;
  const fitEnd = data.splits.val.end; // training and validation rows
  const origins = Array.from(windowStarts(data.windows.test), (s) => s + T); // first target row of each window
  const predictions = new Float64Array(origins.length * horizon * K); // (W, horizon, K)
  const descriptions: string[] = [];
  try {
    columns.forEach((column, k) => {
      const fitted = fitter.fit(column.subarray(0, fitEnd), context.season);
      descriptions.push(fitted.description);
      origins.forEach((origin, w) => {
        const ahead = fitted.forecastFrom(column.subarray(0, origin), horizon);
        for (let h = 0; h < horizon; h++) predictions[(w * horizon + h) * K + k] = ahead[h];
      });
    });
  } catch (err) {
    predictions.fill(Number.NaN);
    descriptions.splice(0, descriptions.length, `could not be fitted: ${errorText(err)}`);
  }
  return {
    name: fitter.name as BaselineResult['name'],
    label: `${fitter.label ?? fitter.name} (${[...new Set(descriptions)].join('; ')})`,
    testPredictions: predictions,
    metrics: forecastMetrics(context.testActual, predictions, context.maseScale),
  };
}

/** Naive and seasonal naive on the test windows, as the run starts (they take no time to fit). */
export function naiveBaselines(data: SessionData, context: EvaluationContext): BaselineResult[] {
  const columns = targetColumns(data);
  return NAIVE_BASELINES.map((fitter) => scoredRow(fitter, data, context, columns));
}

/** The classical baselines on the test windows, each with its time and its forecast past the data. */
export function classicalBaselines(
  data: SessionData,
  context: EvaluationContext,
  fitters: readonly BaselineFitter[],
  now: () => number,
): BaselineResult[] {
  const columns = targetColumns(data);
  return fitters.map((fitter) => {
    const started = now();
    const row: BaselineResult = { ...scoredRow(fitter, data, context, columns), fitMs: now() - started };
    const forecast = forecastPastData(fitter, columns, context);
    return forecast ? { ...row, forecast } : row;
  });
}

/**
 * `fitter` refitted on every row of each target (K columns of N values, original units) and forecast
 * context.forecastTime.length steps past the last row, with bounds at FORECAST_LEVELS when every
 * target's model has them. Null when a fit fails (the row keeps its test scores, without a forecast).
 */
export function forecastPastData(
  fitter: BaselineFitter,
  columns: readonly Float64Array[],
  context: Pick<EvaluationContext, 'forecastTime' | 'season'>,
): BaselineForecast | null {
  const K = columns.length;
  const steps = context.forecastTime.length;
  if (K === 0 || steps === 0) return null;
  const values = new Float64Array(steps * K); // (steps, K)
  const bands = FORECAST_LEVELS.map((level) => ({
    level,
    lower: new Float64Array(steps * K), // (steps, K)
    upper: new Float64Array(steps * K), // (steps, K)
  }));
  const descriptions: string[] = [];
  let withBands = true;
  try {
    columns.forEach((column, k) => {
      const fitted = fitter.fit(column, context.season);
      descriptions.push(fitted.description);
      const intervals = fitted.forecastIntervals?.(column, steps, FORECAST_LEVELS);
      const mean = intervals?.mean ?? fitted.forecastFrom(column, steps);
      if (!intervals) withBands = false;
      for (let s = 0; s < steps; s++) {
        values[s * K + k] = mean[s];
        bands.forEach((band, i) => {
          band.lower[s * K + k] = intervals ? intervals.lower[i][s] : Number.NaN;
          band.upper[s * K + k] = intervals ? intervals.upper[i][s] : Number.NaN;
        });
      }
    });
  } catch {
    return null;
  }
  return {
    values,
    bands: withBands ? bands : [],
    description: [...new Set(descriptions)].join('; '),
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
