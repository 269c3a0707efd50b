// Windows as index ranges over the series, and the gather that turns chosen windows into a Batch.
//
// Rule (leak-free): a window's targets are rows [r, r+horizon) inside one split, and its inputs are the T
// rows before them, [r−T, r). Training windows lie wholly inside the training rows; validation and test
// windows may read their inputs from the rows before their split, as a forecaster standing at that point
// would: those are past observations, never future ones. So every validation and test row can be
// forecast, however short the split, and inputs always come strictly before targets.

import type { Batch } from '../engine/types';
import type { RowRange, SplitName, SplitWindows, WindowConfig, WindowSet } from './types';

/** Number of windows whose targets fit in `rows` when the first target row is `firstTarget`. */
function countFrom(firstTarget: number, end: number, w: WindowConfig): number {
  const room = end - firstTarget - w.horizon;
  return room < 0 ? 0 : Math.floor(room / w.stride) + 1;
}

/** Number of windows that fit in a series of `rows` rows (all inputs and targets inside it). */
export function windowCount(rows: number, w: WindowConfig): number {
  return countFrom(w.inputLength, rows, w);
}

/**
 * The windows whose targets lie in `rows`. `historyStart` is the first row inputs may read: the split's
 * own start for training, 0 (the whole past) for validation and test.
 */
export function splitWindows(rows: RowRange, w: WindowConfig, historyStart = rows.start): SplitWindows {
  const firstTarget = Math.max(rows.start, historyStart + w.inputLength);
  const count = countFrom(firstTarget, rows.end, w);
  const first = firstTarget - w.inputLength;
  const stride = w.stride;
  return {
    rows: { ...rows },
    count,
    inputStart(k: number): number {
      if (!(k >= 0 && k < count) || !Number.isInteger(k))
        throw new RangeError(`window ${k} outside 0..${count - 1}`);
      return first + k * stride;
    },
  };
}

export function makeWindows(splits: Record<SplitName, RowRange>, w: WindowConfig): WindowSet {
  return {
    config: { ...w },
    train: splitWindows(splits.train, w),
    val: splitWindows(splits.val, w, 0),
    test: splitWindows(splits.test, w, 0),
  };
}

/**
 * Gathers windows into a Batch from the (N, C) row-major scaled series, as levels (the formulation is
 * applied by the caller, see formulation.ts).
 * x: (B, T, F) with x[b,t,f] = series[s_b + t, featureIndex[f]];
 * y: (B, O), O = horizon·K step-major: y[b, h·K + k] = series[s_b + T + h, targetIndex[k]].
 */
export function gatherWindows(
  series: Float32Array, // (N, C)
  columns: number,
  featureIndex: number[],
  targetIndex: number[],
  w: WindowConfig,
  starts: ArrayLike<number>,
): Batch {
  const B = starts.length;
  const T = w.inputLength;
  const F = featureIndex.length;
  const K = targetIndex.length;
  const O = w.horizon * K;
  const x = new Float32Array(B * T * F); // (B, T, F)
  const y = new Float32Array(B * O); // (B, O)
  for (let b = 0; b < B; b++) {
    const s = starts[b];
    for (let t = 0; t < T; t++) {
      const row = (s + t) * columns;
      const out = (b * T + t) * F;
      for (let f = 0; f < F; f++) x[out + f] = series[row + featureIndex[f]];
    }
    for (let h = 0; h < w.horizon; h++) {
      const row = (s + T + h) * columns;
      const out = b * O + h * K;
      for (let k = 0; k < K; k++) y[out + k] = series[row + targetIndex[k]];
    }
  }
  return { x, y, batchSize: B, timeSteps: T };
}

/** Each window's anchors: the targets' scaled values at its last input row, (B, K). */
export function gatherAnchors(
  series: Float32Array, // (N, C)
  columns: number,
  targetIndex: number[],
  T: number,
  starts: ArrayLike<number>,
): Float32Array {
  const K = targetIndex.length;
  const anchors = new Float32Array(starts.length * K); // (B, K)
  for (let b = 0; b < starts.length; b++) {
    const row = (starts[b] + T - 1) * columns;
    for (let k = 0; k < K; k++) anchors[b * K + k] = series[row + targetIndex[k]];
  }
  return anchors;
}
