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

// The three matrix products of a recurrent layer, row-major, all accumulating (+=) into their output.
// Rows of the left operand are taken ROW_BLOCK at a time, so a block stays in cache while each
// weight row streams past once; that is the whole of the optimisation.
const ROW_BLOCK = 32;

/**
 * out (M, N) += a (M, K) · wᵀ, with w (N, K) in PyTorch's (out, in) layout.
 * Forward projections: x·W_ihᵀ over all time steps at once, h_t·W_hhᵀ per step.
 */
export function addMatMulTransB(
  out: Float64Array,
  outOffset: number,
  a: Float64Array,
  aOffset: number,
  w: Float64Array,
  M: number,
  N: number,
  K: number,
): void {
  for (let m0 = 0; m0 < M; m0 += ROW_BLOCK) {
    const m1 = Math.min(M, m0 + ROW_BLOCK);
    for (let n = 0; n < N; n++) {
      const wRow = n * K;
      for (let m = m0; m < m1; m++) {
        const aRow = aOffset + m * K;
        let sum = 0;
        for (let k = 0; k < K; k++) sum += a[aRow + k] * w[wRow + k];
        out[outOffset + m * N + n] += sum;
      }
    }
  }
}

/**
 * out (M, K) += a (M, N) · w (N, K).
 * Backward to the inputs: dx = dgates·W_ih, dh_{t−1} = dgates_t·W_hh.
 */
export function addMatMul(
  out: Float64Array,
  outOffset: number,
  a: Float64Array,
  aOffset: number,
  w: Float64Array,
  M: number,
  N: number,
  K: number,
): void {
  for (let m0 = 0; m0 < M; m0 += ROW_BLOCK) {
    const m1 = Math.min(M, m0 + ROW_BLOCK);
    for (let n = 0; n < N; n++) {
      const wRow = n * K;
      for (let m = m0; m < m1; m++) {
        const g = a[aOffset + m * N + n];
        if (g === 0) continue;
        const outRow = outOffset + m * K;
        for (let k = 0; k < K; k++) out[outRow + k] += g * w[wRow + k];
      }
    }
  }
}

/**
 * dw (N, K) += aᵀ · b, with a (M, N) and b (M, K).
 * Weight gradients: dW_ih = Σ_{t,b} dgatesᵀ·x, dW_hh = Σ_{t,b} dgatesᵀ·h_{t−1}.
 */
export function addMatMulTransA(
  dw: Float64Array,
  a: Float64Array,
  b: Float64Array,
  M: number,
  N: number,
  K: number,
): void {
  for (let m0 = 0; m0 < M; m0 += ROW_BLOCK) {
    const m1 = Math.min(M, m0 + ROW_BLOCK);
    for (let n = 0; n < N; n++) {
      const dwRow = n * K;
      for (let m = m0; m < m1; m++) {
        const g = a[m * N + n];
        if (g === 0) continue;
        const bRow = m * K;
        for (let k = 0; k < K; k++) dw[dwRow + k] += g * b[bRow + k];
      }
    }
  }
}

/** sums (N) += Σ_m a[m, n] for a (M, N): bias gradients. */
export function addColumnSums(sums: Float64Array, a: Float64Array, M: number, N: number): void {
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) sums[n] += a[m * N + n];
  }
}

/** Every row of out (M, N) set to bias (N). */
export function fillRows(out: Float64Array, bias: ArrayLike<number>, M: number, N: number): void {
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) out[m * N + n] = bias[n];
  }
}
