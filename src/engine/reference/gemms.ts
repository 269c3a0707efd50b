// CPU twins of the engine's per-layer GEMM kernels (shaders/input_projection.wgsl, weight_grads.wgsl,
// input_grad.wgsl). The recurrent cells in lstm.ts / gru.ts do the same sums inside their time loops;
// these split them out so each WGSL kernel can be checked on its own. Float64, naive, time-major.

/** xproj (T·B, N) = x (T·B, In) · wIhᵀ (In, N) + bIh (N). */
export function inputProjection(
  x: ArrayLike<number>,
  wIh: ArrayLike<number>,
  bIh: ArrayLike<number>,
  M: number,
  In: number,
  N: number,
): Float64Array {
  const out = new Float64Array(M * N); // (T·B, N)
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let sum = bIh[n];
      for (let k = 0; k < In; k++) sum += x[m * In + k] * wIh[n * In + k];
      out[m * N + n] = sum;
    }
  }
  return out;
}

export interface LayerWeightGrads {
  dWih: Float64Array; // (N, In)
  dWhh: Float64Array; // (N, H)
  dbIh: Float64Array; // (N)
  dbHh: Float64Array; // (N)
}

/**
 * dWih = Σ_m dgatesInᵀ · x, dWhh = Σ_m dgatesHidᵀ · hPrev, db* = Σ_m dgates*, with m = t·B + b,
 * x (T·B, In) the layer's input and h (T+1, B, H) its hidden states (rows 0..T−1 are h_{t−1}).
 */
export function weightGrads(
  dgatesIn: ArrayLike<number>,
  dgatesHid: ArrayLike<number>,
  x: ArrayLike<number>,
  h: ArrayLike<number>,
  M: number,
  In: number,
  H: number,
  N: number,
): LayerWeightGrads {
  const dWih = new Float64Array(N * In);
  const dWhh = new Float64Array(N * H);
  const dbIh = new Float64Array(N);
  const dbHh = new Float64Array(N);
  for (let m = 0; m < M; m++) {
    for (let j = 0; j < N; j++) {
      const gIn = dgatesIn[m * N + j];
      const gHid = dgatesHid[m * N + j];
      dbIh[j] += gIn;
      dbHh[j] += gHid;
      for (let k = 0; k < In; k++) dWih[j * In + k] += gIn * x[m * In + k];
      for (let k = 0; k < H; k++) dWhh[j * H + k] += gHid * h[m * H + k];
    }
  }
  return { dWih, dWhh, dbIh, dbHh };
}

/** dx (T·B, In) = (dgatesIn (T·B, N) · wIh (N, In)) ⊙ mask (T·B, In) when a mask is given. */
export function inputGrad(
  dgatesIn: ArrayLike<number>,
  wIh: ArrayLike<number>,
  mask: ArrayLike<number> | null,
  M: number,
  In: number,
  N: number,
): Float64Array {
  const dx = new Float64Array(M * In); // (T·B, In)
  for (let m = 0; m < M; m++) {
    for (let j = 0; j < N; j++) {
      const g = dgatesIn[m * N + j];
      for (let k = 0; k < In; k++) dx[m * In + k] += g * wIh[j * In + k];
    }
  }
  if (mask) for (let i = 0; i < dx.length; i++) dx[i] *= mask[i];
  return dx;
}
