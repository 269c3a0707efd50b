// Rolling-origin backtest (forecast::tsCV, Darts' historical_forecasts): from k origins spread over the
// test part, every model forecasts the next `steps` rows from what was known at that origin. Networks keep
// their trained weights (recursive past their horizon); naive and seasonal naive read the series up to the
// origin; ETS and ARIMA are refitted on the rows before each origin. On request the networks are retrained
// at each origin too (backtestRetrain.ts). Errors are summarised per forecast
// step (MAE) and per origin (MASE), so the table can say mean ± sd across origins.

import type { BaselineFitter } from '../baselines/types';
import type { ForecastModel } from '../engine/types';
import { type SessionData, targetSeries, unscaleOutputs } from './evaluation';
import { forecastFromRow } from './prediction';
import type { BacktestRow, EvaluationContext } from './protocol';

export const BACKTEST_ORIGINS = 5;
/** Steps forecast from each origin: the horizon, or up to this many when the test part has room. */
const MAX_BACKTEST_STEPS = 12;

export interface BacktestPlan {
  /** First forecast row of each origin (the origin sees rows before it). */
  origins: number[];
  steps: number;
}

/** k origins evenly over the test part, each with room for `steps` rows after it. Null when it is too short. */
export function backtestPlan(data: SessionData, k = BACKTEST_ORIGINS): BacktestPlan | null {
  const { start, end } = data.splits.test;
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

/** A network's backtest row with its trained weights fixed. */
export async function networkBacktest(
  name: string,
  data: SessionData,
  context: EvaluationContext,
  model: ForecastModel,
  batchSize: number,
  plan: BacktestPlan,
): Promise<BacktestRow> {
  const K = data.targetIndex.length;
  const forecasts = new Float64Array(plan.origins.length * plan.steps * K);
  for (const [o, origin] of plan.origins.entries()) {
    forecasts.set(await originForecast(data, model, batchSize, origin, plan.steps), o * plan.steps * K);
  }
  return backtestRow(name, data, context, plan, forecasts);
}

/** Naive, seasonal naive and the refitted classical baselines over the same origins and steps. */
export function baselineBacktests(
  data: SessionData,
  context: EvaluationContext,
  plan: BacktestPlan,
  fitters: readonly BaselineFitter[],
): BacktestRow[] {
  const K = data.targetIndex.length;
  const series = targetSeries(data);
  const m = Math.max(1, context.season);
  const rows: BacktestRow[] = [];
  const run = (name: string, forecastFrom: (k: number, history: Float64Array) => ArrayLike<number>) => {
    const forecasts = new Float64Array(plan.origins.length * plan.steps * K);
    for (const [o, origin] of plan.origins.entries()) {
      for (let k = 0; k < K; k++) {
        const history = Float64Array.from({ length: origin }, (_, t) => series[t * K + k]);
        const ahead = forecastFrom(k, history);
        for (let s = 0; s < plan.steps; s++) forecasts[(o * plan.steps + s) * K + k] = ahead[s];
      }
    }
    rows.push(backtestRow(name, data, context, plan, forecasts));
  };
  run('naive', (_k, h) => new Float64Array(plan.steps).fill(h[h.length - 1]));
  run('seasonal-naive', (_k, h) =>
    Float64Array.from(
      { length: plan.steps },
      (_, s) => h[Math.max(0, h.length + s - m * Math.ceil((s + 1) / m))],
    ),
  );
  for (const fitter of fitters) {
    try {
      run(fitter.name, (_k, h) => fitter.fit(h, context.season).forecastFrom(h, plan.steps));
    } catch {
      // a fit that fails at some origin leaves the row out; the comparison table says why
    }
  }
  return rows;
}
