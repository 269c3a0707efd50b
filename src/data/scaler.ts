// Per-column scalers fitted on the training rows only (so nothing about validation or test data leaks
// into training): scaled = (value − offset) / scale.

import { deseasonalise, reseasonalise } from './seasonalAdjust';
import type { Scaler, ScalerKind, ScalerParams } from './types';

/**
 * Fits one scaler per column of `values` (N, C) row-major over rows [0, trainEnd). Missing values (NaN)
 * are ignored. A constant column gets scale 1 so it maps to 0 instead of dividing by zero.
 */
export function fitScaler(
  kind: ScalerKind,
  columns: string[],
  values: ArrayLike<number>, // (N, C)
  trainEnd: number,
): ScalerParams {
  const C = columns.length;
  const offset = new Array<number>(C).fill(0);
  const scale = new Array<number>(C).fill(1);
  if (kind === 'none') return { kind, columns: [...columns], offset, scale };
  for (let c = 0; c < C; c++) {
    let n = 0;
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < trainEnd; r++) {
      const v = values[r * C + c];
      if (Number.isNaN(v)) continue;
      n++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (n === 0) continue;
    if (kind === 'minmax') {
      offset[c] = min;
      scale[c] = max - min > 0 ? max - min : 1;
    } else if (kind === 'changes') {
      // Standard deviation of the one-step changes between consecutive present values.
      let m = 0;
      let sumD = 0;
      let sumD2 = 0;
      let previous = Number.NaN;
      for (let r = 0; r < trainEnd; r++) {
        const v = values[r * C + c];
        if (Number.isNaN(v)) continue;
        if (!Number.isNaN(previous)) {
          const d = v - previous;
          m++;
          sumD += d;
          sumD2 += d * d;
        }
        previous = v;
      }
      const mean = sum / n;
      const sd = m > 0 ? Math.sqrt(Math.max(0, sumD2 / m - (sumD / m) ** 2)) : 0;
      offset[c] = mean;
      scale[c] = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1;
    } else {
      const mean = sum / n;
      let ss = 0;
      for (let r = 0; r < trainEnd; r++) {
        const v = values[r * C + c];
        if (!Number.isNaN(v)) ss += (v - mean) * (v - mean);
      }
      // Population standard deviation, as scikit-learn's StandardScaler.
      const sd = Math.sqrt(ss / n);
      offset[c] = mean;
      scale[c] = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1;
    }
  }
  return { kind, columns: [...columns], offset, scale };
}

/** Wraps plain (e.g. JSON-loaded) parameters with `transform` and `inverse`. */
export function makeScaler(params: ScalerParams): Scaler {
  const { offset, scale } = params;
  const log = params.log ? [...params.log] : undefined;
  const seasonal = params.seasonal
    ? params.seasonal.map((f) => (f ? { ...f, factors: [...f.factors] } : null))
    : undefined;
  /** The row of value i, required for a seasonally adjusted column. */
  const rowOf = (column: number, rows: ArrayLike<number> | undefined, i: number) => {
    if (rows === undefined)
      throw new Error(`column ${params.columns[column]} is seasonally adjusted: rows are needed`);
    return rows[i];
  };
  return {
    kind: params.kind,
    columns: [...params.columns],
    offset: [...offset],
    scale: [...scale],
    ...(log ? { log } : {}),
    ...(seasonal ? { seasonal } : {}),
    transform(column, values, rows) {
      const out = new Float32Array(values.length);
      const o = offset[column];
      const s = scale[column];
      const season = seasonal?.[column];
      for (let i = 0; i < values.length; i++) {
        const adjusted = season ? deseasonalise(values[i], rowOf(column, rows, i), season) : values[i];
        out[i] = ((log?.[column] ? Math.log(adjusted) : adjusted) - o) / s;
      }
      return out;
    },
    inverse(column, values, rows) {
      const out = new Float32Array(values.length);
      const o = offset[column];
      const s = scale[column];
      const season = seasonal?.[column];
      for (let i = 0; i < values.length; i++) {
        const level = values[i] * s + o;
        const adjusted = log?.[column] ? Math.exp(level) : level;
        out[i] = season ? reseasonalise(adjusted, rowOf(column, rows, i), season) : adjusted;
      }
      return out;
    },
  };
}

/** Plain parameters of a scaler, for export as JSON. */
export function scalerParams(s: ScalerParams): ScalerParams {
  return {
    kind: s.kind,
    columns: [...s.columns],
    offset: [...s.offset],
    scale: [...s.scale],
    ...(s.log ? { log: [...s.log] } : {}),
    ...(s.seasonal
      ? { seasonal: s.seasonal.map((f) => (f ? { type: f.type, factors: [...f.factors] } : null)) }
      : {}),
  };
}
