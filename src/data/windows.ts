// Windows as index ranges over the series, and the gather that turns chosen windows into a Batch.
//
// Rule (leak-free and simple): window k of a split has inputs at rows [s, s+T) and targets at rows
// [s+T, s+T+horizon), s = split.start + k·stride, and the whole window lies inside the split. So a
// window never sees rows of another split, and its inputs always come strictly before its targets.

import type { Batch } from '../engine/types';
import type { RowRange, SplitName, SplitWindows, WindowConfig, WindowSet } from './types';

/** Number of windows that fit in `rows` rows. */
export function windowCount(rows: number, w: WindowConfig): number {
  const span = w.inputLength + w.horizon;
  return rows < span ? 0 : Math.floor((rows - span) / w.stride) + 1;
}

export function splitWindows(rows: RowRange, w: WindowConfig): SplitWindows {
  const count = windowCount(rows.end - rows.start, w);
  const start = rows.start;
  const stride = w.stride;
  return {
    rows: { ...rows },
    count,
    inputStart(k: number): number {
      if (!(k >= 0 && k < count) || !Number.isInteger(k))
        throw new RangeError(`window ${k} outside 0..${count - 1}`);
      return start + k * stride;
    },
  };
}

export function makeWindows(splits: Record<SplitName, RowRange>, w: WindowConfig): WindowSet {
  return {
    config: { ...w },
    train: splitWindows(splits.train, w),
    val: splitWindows(splits.val, w),
    test: splitWindows(splits.test, w),
  };
}

/**
 * Gathers windows into a Batch from the (N, C) row-major scaled series.
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
