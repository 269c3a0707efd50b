// The three matrix products of a recurrent layer, row-major, all accumulating (+=) into their output.
// Two cache/register habits, nothing more: rows of the left operand are taken ROW_BLOCK at a time so
// the block stays in cache while each weight row streams past once, and the inner loops handle four
// rows (or four columns) together so each loaded value is used four times. A remainder loop does
// the last one to three.
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
      let m = m0;
      for (; m + 4 <= m1; m += 4) {
        const a0 = aOffset + m * K;
        const a1 = a0 + K;
        const a2 = a1 + K;
        const a3 = a2 + K;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let k = 0; k < K; k++) {
          const wk = w[wRow + k];
          s0 += a[a0 + k] * wk;
          s1 += a[a1 + k] * wk;
          s2 += a[a2 + k] * wk;
          s3 += a[a3 + k] * wk;
        }
        const o = outOffset + m * N + n;
        out[o] += s0;
        out[o + N] += s1;
        out[o + 2 * N] += s2;
        out[o + 3 * N] += s3;
      }
      for (; m < m1; m++) {
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
    let n = 0;
    for (; n + 4 <= N; n += 4) {
      const w0 = n * K;
      const w1 = w0 + K;
      const w2 = w1 + K;
      const w3 = w2 + K;
      for (let m = m0; m < m1; m++) {
        const aRow = aOffset + m * N + n;
        const g0 = a[aRow];
        const g1 = a[aRow + 1];
        const g2 = a[aRow + 2];
        const g3 = a[aRow + 3];
        const outRow = outOffset + m * K;
        for (let k = 0; k < K; k++) {
          out[outRow + k] += g0 * w[w0 + k] + g1 * w[w1 + k] + g2 * w[w2 + k] + g3 * w[w3 + k];
        }
      }
    }
    for (; n < N; n++) {
      const wRow = n * K;
      for (let m = m0; m < m1; m++) {
        const g = a[aOffset + m * N + n];
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
      let m = m0;
      for (; m + 4 <= m1; m += 4) {
        const g0 = a[m * N + n];
        const g1 = a[(m + 1) * N + n];
        const g2 = a[(m + 2) * N + n];
        const g3 = a[(m + 3) * N + n];
        const b0 = m * K;
        const b1 = b0 + K;
        const b2 = b1 + K;
        const b3 = b2 + K;
        for (let k = 0; k < K; k++) {
          dw[dwRow + k] += g0 * b[b0 + k] + g1 * b[b1 + k] + g2 * b[b2 + k] + g3 * b[b3 + k];
        }
      }
      for (; m < m1; m++) {
        const g = a[m * N + n];
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
