// Rolling-origin backtest (forecast::tsCV, Darts' historical_forecasts): from k origins spread over the
// test part, every model forecasts the next `steps` rows from what was known at that origin. Networks keep
// their trained weights (recursive past their horizon); naive, seasonal naive, ETS, ARIMA and Theta (one loop
// over fitters) are refitted on the rows before each origin. On request the networks are retrained
// at each origin too (backtestRetrain.ts). Errors are summarised per forecast
// step (MAE) and per origin (MASE), so the table can say mean ± sd across origins.

import { NAIVE_BASELINES } from '../baselines';
import type { BaselineFitter } from '../baselines/types';
import type { ForecastModel } from '../engine/types';
import { type SessionData, targetSeries, unscaleOutputs } from './evaluation';
import { forecastFromRow } from './prediction';
import type { BacktestRow, EvaluationContext, Recommendation } from './protocol';

export const BACKTEST_ORIGINS = 5;
/** Steps forecast from each origin: the horizon, or up to this many when the test part has room. */
const MAX_BACKTEST_STEPS = 12;

export interface BacktestPlan {
  /** First forecast row of each origin (the origin sees rows before it). */
  origins: number[];
  steps: number;
}

/**
 * k origins evenly over a part (the test part for the backtest table; the validation part for the
 * recommendation, which must never read the test part), each with room for `steps` rows after it inside
 * the part. Null when it is too short.
 */
export function backtestPlan(
  data: SessionData,
  k = BACKTEST_ORIGINS,
  part: 'test' | 'val' = 'test',
): BacktestPlan | null {
  const { start, end } = data.splits[part];
  const T = data.windows.config.inputLength;
  const rows = end - start;
  const steps = Math.min(
    rows,
    Math.max(data.windows.config.horizon, Math.min(MAX_BACKTEST_STEPS, Math.floor(rows / 2))),
  );
  const first = Math.max(start, T);
  const last = end - steps;
  if (steps < 1 || last < first) return null;
  const count = Math.min(k, last - first + 1);
  const origins = Array.from({ length: count }, (_, i) =>
    count === 1 ? last : Math.round(first + (i * (last - first)) / (count - 1)),
  );
  return { origins, steps };
}

/** (origins, steps, K) forecasts in original units → the row of the backtest table. */
export function backtestRow(
  name: string,
  data: SessionData,
  context: EvaluationContext,
  plan: BacktestPlan,
  forecasts: Float64Array,
): BacktestRow {
  const K = data.targetIndex.length;
  const series = targetSeries(data);
  const { origins, steps } = plan;
  const maeByStep = new Array<number>(steps).fill(0);
  const maseByOrigin = origins.map((origin, o) => {
    let scaled = 0;
    for (let s = 0; s < steps; s++) {
      for (let k = 0; k < K; k++) {
        const e = Math.abs(series[(origin + s) * K + k] - forecasts[(o * steps + s) * K + k]);
        maeByStep[s] += e / (origins.length * K);
        scaled += e / context.maseScale[k];
      }
    }
    return scaled / (steps * K);
  });
  const mean = maseByOrigin.reduce((a, b) => a + b, 0) / maseByOrigin.length;
  const sd = Math.sqrt(
    maseByOrigin.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, maseByOrigin.length - 1),
  );
  return { name, maeByStep, maseByOrigin, meanMase: mean, sdMase: sd };
}

/** (steps, K) a network's forecast from `origin` in original units; steps past a horizon-only model's reach stay NaN. */
export async function originForecast(
  data: SessionData,
  model: ForecastModel,
  batchSize: number,
  origin: number,
  steps: number,
): Promise<Float64Array> {
  const K = data.targetIndex.length;
  const ahead = await forecastFromRow(
    data,
    model,
    batchSize,
    origin,
    steps,
    (step) => data.time[origin + step],
  );
  const values = unscaleOutputs(data, ahead.values, [origin]);
  const row = new Float64Array(steps * K).fill(Number.NaN);
  row.set(values.subarray(0, row.length));
  return row;
}

/** (origins, steps, K) a network's backtest forecasts with its trained weights fixed. */
export async function networkBacktestForecasts(
  data: SessionData,
  model: ForecastModel,
  batchSize: number,
  plan: BacktestPlan,
): Promise<Float64Array> {
  const K = data.targetIndex.length;
  const forecasts = new Float64Array(plan.origins.length * plan.steps * K);
  for (const [o, origin] of plan.origins.entries()) {
    forecasts.set(await originForecast(data, model, batchSize, origin, plan.steps), o * plan.steps * K);
  }
  return forecasts;
}

/**
 * (origins, steps, K) forecasts of naive, seasonal naive and the classical baselines refitted on the rows
 * before each origin, by row name. A baseline whose fit fails at some origin is left out.
 */
export function baselineBacktestForecasts(
  data: SessionData,
  context: EvaluationContext,
  plan: BacktestPlan,
  fitters: readonly BaselineFitter[],
): Map<string, Float64Array> {
  const K = data.targetIndex.length;
  const series = targetSeries(data);
  const rows = new Map<string, Float64Array>();
  const run = (name: string, forecastFrom: (k: number, history: Float64Array) => ArrayLike<number>) => {
    const forecasts = new Float64Array(plan.origins.length * plan.steps * K);
    for (const [o, origin] of plan.origins.entries()) {
      for (let k = 0; k < K; k++) {
        const history = Float64Array.from({ length: origin }, (_, t) => series[t * K + k]);
        const ahead = forecastFrom(k, history);
        for (let s = 0; s < plan.steps; s++) forecasts[(o * plan.steps + s) * K + k] = ahead[s];
      }
    }
    rows.set(name, forecasts);
  };
  for (const fitter of [...NAIVE_BASELINES, ...fitters]) {
    try {
      run(fitter.name, (_k, h) => fitter.fit(h, context.season).forecastFrom(h, plan.steps));
    } catch {
      // a fit that fails at some origin leaves the row out; the comparison table says why
    }
  }
  return rows;
}

/**
 * The row recommended for the future, with every row the backtest scored ranked by mean MASE (best first) so
 * the page can say where the recommendation stands. The combination when it was scored: a fixed choice by
 * evidence, since on the M3 sample (`npm run eval -- --suite m3 --recommended`) taking each series' backtest
 * winner lost to always taking the combination (27.24 against 23.73 sMAPE on 60 monthly series, 10.23 against
 * 8.75 on 60 quarterly). Otherwise the backtest's lowest. Null when no row has a finite score.
 */
export function recommend(rows: readonly BacktestRow[], plan: BacktestPlan): Recommendation | null {
  const ranking = rows
    .filter((r) => Number.isFinite(r.meanMase))
    .map((r) => ({ name: r.name, meanMase: r.meanMase }))
    .sort((a, b) => a.meanMase - b.meanMase);
  if (ranking.length === 0) return null;
  const fixed = ranking.find((r) => r.name === RECOMMENDED_ROW);
  return {
    name: fixed?.name ?? ranking[0].name,
    basis: fixed ? 'evidence' : 'backtest',
    ranking,
    origins: plan.origins.length,
    steps: plan.steps,
  };
}

/** The row the page recommends whenever it has one (see `recommend`). */
export const RECOMMENDED_ROW = 'combination';
