// What the comparison needs besides the models: actual test values, baselines, times for the charts.
// Pure functions of a prepared dataset; the training session calls them once per run.

import { seasonFor } from '../data/season';
import { stepFrom } from '../data/timeGrid';
import type { PreparedDataset, SplitName, SplitWindows } from '../data/types';
import { type ForecastWindows, maseScale, windowTargets } from '../engine/metrics';
import type { EvaluationContext } from './protocol';

/** The parts of a PreparedDataset the training session uses (tests build small ones by hand). */
export type SessionData = Pick<
  PreparedDataset,
  | 'columns'
  | 'featureIndex'
  | 'targetIndex'
  | 'length'
  | 'values'
  | 'time'
  | 'timeKind'
  | 'splits'
  | 'scaler'
  | 'windows'
  | 'outputSize'
  | 'gatherBatch'
  | 'formulation'
  | 'calendar'
  | 'anchoredInputs'
  | 'anchors'
  | 'inputAt'
  | 'anchorsAt'
  | 'report'
>;

/** Rows of history shown before a forecast: three times the forecast, within these bounds. */
const HISTORY_ROWS = { min: 24, max: 120 };

export function windowStarts(windows: SplitWindows): Int32Array {
  return Int32Array.from({ length: windows.count }, (_, k) => windows.inputStart(k));
}

/** (N, K) target columns in original units. */
export function targetSeries(data: SessionData): Float64Array {
  const C = data.columns.length;
  const K = data.targetIndex.length;
  const out = new Float64Array(data.length * K);
  for (let t = 0; t < data.length; t++) {
    for (let j = 0; j < K; j++) out[t * K + j] = data.values[t * C + data.targetIndex[j]];
  }
  return out;
}

/** The MASE denominators (K): each target's in-sample seasonal-naive MAE over the training rows. */
export function maseScales(data: SessionData, season: number): number[] {
  const K = data.targetIndex.length;
  const series = targetSeries(data);
  const { start, end } = data.splits.train;
  return Array.from({ length: K }, (_, j) =>
    maseScale(
      Float64Array.from({ length: end - start }, (_, i) => series[(start + i) * K + j]),
      season,
    ),
  );
}

/**
 * Converts (W, steps, K) scaled levels (formulation undone) to original units with the training scaler;
 * block w's first step is row `firstRows[w]` and its step s row firstRows[w] + s (a seasonally adjusted
 * column gets the season of that row back).
 */
export function unscaleOutputs(
  data: SessionData,
  scaled: ArrayLike<number>, // (W, steps, K)
  firstRows: ArrayLike<number>, // (W)
): Float64Array {
  const K = data.targetIndex.length;
  const W = firstRows.length;
  const steps = W > 0 ? scaled.length / (W * K) : 0;
  const rows = Float64Array.from(
    { length: scaled.length / K },
    (_, i) => firstRows[Math.floor(i / steps)] + (i % steps),
  );
  const out = new Float64Array(scaled.length);
  for (let j = 0; j < K; j++) {
    const column = Array.from({ length: scaled.length / K }, (_, i) => scaled[i * K + j]);
    const original = data.scaler.inverse(data.targetIndex[j], column, rows);
    for (let i = 0; i < original.length; i++) out[i * K + j] = original[i];
  }
  return out;
}

/** Row of each window's first target step in a split (W). */
export function firstTargetRows(data: SessionData, split: SplitName): Int32Array {
  const T = data.windows.config.inputLength;
  return Int32Array.from(windowStarts(data.windows[split]), (s) => s + T);
}

/** (W, horizon, K) actual values of a split's windows, original units. */
export function splitActuals(data: SessionData, split: SplitName): Float64Array {
  return windowTargets(targetSeries(data), data.targetIndex.length, forecastWindows(data, split));
}

function forecastWindows(data: SessionData, split: SplitName): ForecastWindows {
  const { inputLength, horizon } = data.windows.config;
  return { starts: windowStarts(data.windows[split]), windowLength: inputLength, horizon };
}

/**
 * Season length for every row of the comparison (seasonal naive, ETS, ARIMA, the MASE scale): the user's
 * when requested (≥ 1), otherwise automatic (0): the same `seasonFor` as the window suggestion and the page.
 */
export function chooseSeason(data: SessionData, requested: number): number {
  if (requested >= 1) return Math.floor(requested);
  return seasonFor(data).m;
}

/**
 * Times of the steps past the end of the data: the median step between rows, or whole calendar months for
 * monthly, quarterly and yearly dates (so that 1 December is followed by 1 January, not 31 December).
 */
export function futureTimes(
  data: Pick<SessionData, 'length' | 'time' | 'timeKind' | 'report'>,
  steps: number,
) {
  const N = data.length;
  let step = 1;
  if (data.timeKind === 'datetime') {
    step = data.report.intervals?.medianMs ?? (N >= 2 ? data.time[N - 1] - data.time[N - 2] : 1);
  } else if (N >= 2) {
    step = data.time[N - 1] - data.time[N - 2];
  }
  const last = N > 0 ? data.time[N - 1] : -1;
  if (data.timeKind === 'datetime')
    return Float64Array.from({ length: steps }, (_, k) => stepFrom(last, step, k + 1));
  return Float64Array.from({ length: steps }, (_, k) => last + (k + 1) * step);
}

export function evaluationContext(
  data: SessionData,
  season: number,
  forecastSteps: number,
): EvaluationContext {
  const { inputLength: T, horizon } = data.windows.config;
  const K = data.targetIndex.length;
  const series = targetSeries(data);
  const test = forecastWindows(data, 'test');
  const testTime = Float64Array.from(test.starts, (s) => data.time[s + T]);
  const historyRows = Math.min(HISTORY_ROWS.max, Math.max(HISTORY_ROWS.min, 3 * forecastSteps));
  const historyStart = Math.max(0, data.length - historyRows);
  return {
    targets: data.targetIndex.map((i) => data.columns[i]),
    windowLength: T,
    horizon,
    testTime,
    testActual: windowTargets(series, K, test),
    historyTime: data.time.slice(historyStart),
    historyValues: series.slice(historyStart * K),
    forecastTime: futureTimes(data, forecastSteps),
    timeKind: data.timeKind,
    season,
    maseScale: maseScales(data, season),
    windows: {
      train: data.windows.train.count,
      val: data.windows.val.count,
      test: data.windows.test.count,
    },
  };
}
