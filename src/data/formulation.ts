// What the networks learn: the formulation applied to each window between the scaler and the model.
//
// 'level':  x and y are the scaled values as they are.
// 'change': every input column and every target is taken relative to its own value at the window's last
//           input step (the anchor): x[b,t,f] − x[b,T−1,f], y[b,h,k] − a[b,k]. The network predicts how far
//           the series moves from where the window ends, which stays in the range the training rows
//           cover even when a trending series leaves its training range; outputs get the anchor added back.
//
// These functions are the only place the formulation is applied, outside the recurrent kernels, so the
// CPU reference, the GPU engine and an exported PyTorch model see exactly the same numbers. All work in
// place on scaled values (the scaler is applied before and undone after).

import type { WindowCodec } from '../engine/forecast';

export type Formulation = 'level' | 'change';
export const FORMULATIONS: readonly Formulation[] = ['level', 'change'];

/**
 * Makes the inputs x (B, T, F) relative to each window's last row, in place. `anchored` (F) says which
 * input columns are series values; the others (calendar features) are left as they are.
 */
export function encodeInputs(
  formulation: Formulation,
  x: Float32Array, // (B, T, F)
  B: number,
  T: number,
  F: number,
  anchored?: ArrayLike<boolean>,
): void {
  if (formulation === 'level') return;
  for (let b = 0; b < B; b++) {
    const last = (b * T + T - 1) * F;
    for (let f = 0; f < F; f++) {
      if (anchored && !anchored[f]) continue;
      const anchor = x[last + f];
      for (let t = 0; t < T; t++) x[(b * T + t) * F + f] -= anchor;
    }
  }
}

/** Makes targets y (B, horizon·K), step-major, relative to the anchors (B, K), in place. */
export function encodeTargets(
  formulation: Formulation,
  y: Float32Array, // (B, horizon, K)
  anchors: ArrayLike<number>, // (B, K)
  K: number,
): void {
  if (formulation === 'level') return;
  shift(y, anchors, K, -1);
}

/** Turns model outputs (B, horizon·K) back into scaled levels with the anchors (B, K), in place. */
export function decodeOutputs(
  formulation: Formulation,
  outputs: Float32Array | Float64Array, // (B, horizon, K)
  anchors: ArrayLike<number>, // (B, K)
  K: number,
): void {
  if (formulation === 'level') return;
  shift(outputs, anchors, K, 1);
}

function shift(
  values: Float32Array | Float64Array, // (B, horizon, K)
  anchors: ArrayLike<number>, // (B, K)
  K: number,
  sign: 1 | -1,
): void {
  const B = anchors.length / K;
  const perWindow = values.length / B;
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < perWindow; i++) values[b * perWindow + i] += sign * anchors[b * K + (i % K)];
  }
}

/** The formulation as a codec for one window at a time (the recursive forecast past the data). */
export function formulationCodec(
  formulation: Formulation,
  F: number,
  K: number,
  anchored?: ArrayLike<boolean>,
): WindowCodec {
  return {
    encode(window) {
      const x = window.slice(); // (T, F)
      encodeInputs(formulation, x, 1, x.length / F, F, anchored);
      return x;
    },
    decode(outputs, lastLevels) {
      const y = outputs.slice(); // (horizon, K)
      decodeOutputs(formulation, y, lastLevels, K);
      return y;
    },
  };
}
