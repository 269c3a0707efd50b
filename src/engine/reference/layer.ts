// Shared types for one recurrent layer (LSTM or GRU), in PyTorch's parameter layout.
// All buffers are time-major and row-major: x (T, B, In), h (T+1, B, H).

/** Sizes of one recurrent layer's problem: T time steps, B batch rows, In inputs, H hidden units. */
export interface LayerDims {
  T: number;
  B: number;
  In: number;
  H: number;
}

/** One layer's parameters; G = 4 (LSTM i,f,g,o) or 3 (GRU r,z,n), gate-major rows like PyTorch. */
export interface LayerParams {
  wIh: Float64Array; // (G·H, In)
  wHh: Float64Array; // (G·H, H)
  bIh: Float64Array; // (G·H)
  bHh: Float64Array; // (G·H)
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * out[r] += Σ_k w[r, k] · v[k] for rows r of w (rows, cols), reading v at vOffset.
 * The one matrix-vector product of every forward step; rows of w are contiguous.
 */
export function addMatVec(
  out: Float64Array,
  w: Float64Array,
  rows: number,
  cols: number,
  v: Float64Array,
  vOffset: number,
): void {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    const rowStart = r * cols;
    for (let k = 0; k < cols; k++) sum += w[rowStart + k] * v[vOffset + k];
    out[r] += sum;
  }
}

/**
 * Backward of addMatVec for one batch row: given dOut (rows), accumulate
 * dw[r, k] += dOut[r] · v[k] and dv[k] += dOut[r] · w[r, k] (dv written at dvOffset).
 */
export function addMatVecBackward(
  dw: Float64Array,
  dv: Float64Array,
  dvOffset: number,
  dOut: Float64Array,
  w: Float64Array,
  rows: number,
  cols: number,
  v: Float64Array,
  vOffset: number,
): void {
  for (let r = 0; r < rows; r++) {
    const g = dOut[r];
    if (g === 0) continue;
    const rowStart = r * cols;
    for (let k = 0; k < cols; k++) {
      dw[rowStart + k] += g * v[vOffset + k];
      dv[dvOffset + k] += g * w[rowStart + k];
    }
  }
}
