// Bands for the forecast past the data, step by step. The scored model (which never trained on the
// validation and test rows) forecasts recursively from origins spread over those rows, as far ahead as the
// rows allow; its absolute errors at each step ahead, in the scaled space the network works in (after the
// seasonal adjustment and the log transform), give that step's split-conformal half-width. The forecast's
// bounds are its scaled values ± the half-width, taken back to original units row by row, so they stay
// positive under the log transform and swell and shrink with a multiplicative season.
// A step with too few errors for its rank takes the previous step's half-width grown by √((s+1)/s).
// To check such bands step by step without reading the test part twice, the same errors are also kept
// apart: those from origins whose forecast ends before the test part build a band, and the errors of the
// origins inside the test part say how often it held at each step (stepCoverage).

import { conformalQuantile } from '../engine/intervals';
import type { ForecastModel } from '../engine/types';
import { type SessionData, unscaleOutputs } from './evaluation';
import { forecastFromRow } from './prediction';

/** Most origins a model forecasts from (evenly spread): bounds the cost to this many forecasts. */
export const MAX_BAND_ORIGINS = 24;

/** Origins from the validation part's first row to the last row, at most MAX_BAND_ORIGINS of them. */
export function bandOrigins(data: SessionData): number[] {
  const T = data.windows.config.inputLength;
  const first = Math.max(T, data.splits.val.start);
  const last = data.length - 1; // forecasts from here reach one row
  if (last < first) return [];
  const count = Math.min(MAX_BAND_ORIGINS, last - first + 1);
  const step = count > 1 ? (last - first) / (count - 1) : 0;
  return [...new Set(Array.from({ length: count }, (_, i) => Math.round(first + i * step)))];
}

/** Absolute errors of each step ahead in scaled units, one list per (step, target), (steps, K) step-major. */
export interface StepErrors {
  /** From every origin over the validation and test rows: the bands past the data. */
  all: number[][];
  /** Those whose origin and actual row both lie before the test part: a band that never read it. */
  beforeTest: number[][];
  /** Those of origins inside the test part: what that band is checked against. */
  inTest: number[][];
}

export async function stepErrors(
  data: SessionData,
  model: ForecastModel,
  batchSize: number,
  steps: number,
): Promise<StepErrors> {
  const K = data.targetIndex.length;
  const lists = () => Array.from({ length: steps * K }, (): number[] => []);
  const errors: StepErrors = { all: lists(), beforeTest: lists(), inTest: lists() };
  const testStart = data.splits.test.start;
  for (const origin of bandOrigins(data)) {
    const ahead = Math.min(steps, data.length - origin);
    const f = await forecastFromRow(data, model, batchSize, origin, ahead, (s) => data.time[origin + s]);
    for (let s = 0; s < f.produced; s++) {
      const row = origin + s;
      const actual = data.anchorsAt(row + 1); // (K) scaled targets at row origin + s
      for (let k = 0; k < K; k++) {
        const e = Math.abs(actual[k] - f.values[s * K + k]);
        errors.all[s * K + k].push(e);
        if (origin >= testStart) errors.inTest[s * K + k].push(e);
        else if (row < testStart) errors.beforeTest[s * K + k].push(e);
      }
    }
  }
  return errors;
}

/**
 * Per step ahead: the share of the test part's errors (over targets) inside a band built from the errors
 * before the test part, with how many errors were checked; NaN where no test origin reached that step.
 */
export function stepCoverage(
  errors: StepErrors,
  K: number,
  level: number,
): { held: number[]; checked: number[] } {
  const half = stepHalfWidths(errors.beforeTest, K, level);
  const steps = errors.inTest.length / K;
  const held: number[] = [];
  const checked: number[] = [];
  for (let s = 0; s < steps; s++) {
    let inside = 0;
    let n = 0;
    for (let k = 0; k < K; k++) {
      for (const e of errors.inTest[s * K + k]) {
        n++;
        if (e <= half[s * K + k]) inside++;
      }
    }
    held.push(n > 0 ? inside / n : Number.NaN);
    checked.push(n);
  }
  return { held, checked };
}

/** (steps, K) half-widths at `level`: the ⌈(n+1)·level⌉-th smallest error of each step. */
export function stepHalfWidths(errors: number[][], K: number, level: number): Float64Array {
  const half = new Float64Array(errors.length);
  for (let i = 0; i < errors.length; i++) {
    const finite = errors[i].filter(Number.isFinite);
    const s = Math.floor(i / K);
    half[i] = conformalQuantile(finite, finite.length, level);
    if (half[i] === Number.POSITIVE_INFINITY && s > 0) half[i] = half[i - K] * Math.sqrt((s + 1) / s);
  }
  return half;
}

/** Bounds in original units around a scaled forecast (steps, K) that starts at row `firstRow`. */
export function stepBands(
  data: SessionData,
  scaledForecast: ArrayLike<number>, // (steps, K)
  half: Float64Array, // (steps', K), steps' ≥ steps
  firstRow: number,
): { lower: Float64Array; upper: Float64Array } {
  const lower = Float64Array.from(scaledForecast, (v, i) => v - half[i]);
  const upper = Float64Array.from(scaledForecast, (v, i) => v + half[i]);
  return {
    lower: unscaleOutputs(data, lower, [firstRow]),
    upper: unscaleOutputs(data, upper, [firstRow]),
  };
}
