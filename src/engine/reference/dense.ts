// Dense head and MSE loss. Head: y = h · Wᵀ + b, PyTorch nn.Linear layout (W is (O, H)).
// Twin of the WGSL head/loss kernels. Outputs are freshly allocated.

/** (B, O) = h (B, H) · wᵀ (H, O) + b (O). */
export function denseForward(
  h: Float64Array,
  w: Float64Array,
  b: Float64Array,
  B: number,
  H: number,
  O: number,
): Float64Array {
  const y = new Float64Array(B * O); // (B, O)
  for (let r = 0; r < B; r++) {
    for (let o = 0; o < O; o++) {
      let sum = b[o];
      for (let k = 0; k < H; k++) sum += w[o * H + k] * h[r * H + k];
      y[r * O + o] = sum;
    }
  }
  return y;
}

export interface DenseGrads {
  dh: Float64Array; // (B, H)
  dw: Float64Array; // (O, H)
  db: Float64Array; // (O)
}

export function denseBackward(
  dy: Float64Array,
  h: Float64Array,
  w: Float64Array,
  B: number,
  H: number,
  O: number,
): DenseGrads {
  const dh = new Float64Array(B * H); // (B, H)
  const dw = new Float64Array(O * H); // (O, H)
  const db = new Float64Array(O); // (O)
  for (let r = 0; r < B; r++) {
    for (let o = 0; o < O; o++) {
      const g = dy[r * O + o];
      db[o] += g;
      for (let k = 0; k < H; k++) {
        dw[o * H + k] += g * h[r * H + k];
        dh[r * H + k] += g * w[o * H + k];
      }
    }
  }
  return { dh, dw, db };
}

type Numbers = ArrayLike<number>;

/** Mean squared error over every element (B·O). */
export function mseLoss(pred: Numbers, y: Numbers): number {
  let sum = 0;
  for (let i = 0; i < pred.length; i++) {
    const d = pred[i] - y[i];
    sum += d * d;
  }
  return sum / pred.length;
}

/** dLoss/dpred = 2 (pred − y) / (B·O). */
export function mseBackward(pred: Numbers, y: Numbers): Float64Array {
  const dpred = new Float64Array(pred.length);
  const scale = 2 / pred.length;
  for (let i = 0; i < pred.length; i++) dpred[i] = scale * (pred[i] - y[i]);
  return dpred;
}
