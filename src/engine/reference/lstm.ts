// LSTM layer, PyTorch nn.LSTM equations (gates i, f, g, o stacked in that order):
//   i = σ(W_ii x + b_ii + W_hi h + b_hi)     f = σ(W_if x + b_if + W_hf h + b_hf)
//   g = tanh(W_ig x + b_ig + W_hg h + b_hg)  o = σ(W_io x + b_io + W_ho h + b_ho)
//   c' = f ⊙ c + i ⊙ g                        h' = o ⊙ tanh(c')
// Twin of the WGSL lstm forward/backward kernels, and structured like them: the input projection
// for all time steps is one matrix product, the recurrence loops over t, and backward's weight
// gradients are matrix products after the reverse loop. Every output buffer is freshly allocated.
import { type LayerDims, type LayerParams, sigmoid } from './layer';
import { addColumnSums, addMatMul, addMatMulTransA, addMatMulTransB, fillRows } from './matmul';

export type { LayerDims, LayerParams } from './layer';

export interface LstmCache {
  h: Float64Array; // (T+1, B, H), h[0] = 0
  c: Float64Array; // (T+1, B, H), c[0] = 0
  gates: Float64Array; // (T, B, 4H) activated i, f, g, o
}

export interface LstmGrads {
  dx: Float64Array; // (T, B, In)
  dWih: Float64Array; // (4H, In)
  dWhh: Float64Array; // (4H, H)
  dbIh: Float64Array; // (4H)
  dbHh: Float64Array; // (4H)
  dgates: Float64Array; // (T, B, 4H) gradients of the pre-activation gates
}

export function lstmForward(x: Float64Array, p: LayerParams, dims: LayerDims): LstmCache {
  const { T, B, In, H } = dims;
  const G = 4 * H;
  const h = new Float64Array((T + 1) * B * H); // (T+1, B, H)
  const c = new Float64Array((T + 1) * B * H); // (T+1, B, H)
  // gates first holds the pre-activations, then is activated in place, one step at a time.
  const gates = new Float64Array(T * B * G); // (T, B, 4H)
  const bias = p.bIh.map((v, j) => v + p.bHh[j]); // (4H)
  fillRows(gates, bias, T * B, G);
  addMatMulTransB(gates, 0, x, 0, p.wIh, T * B, G, In);
  for (let t = 0; t < T; t++) {
    addMatMulTransB(gates, t * B * G, h, t * B * H, p.wHh, B, G, H);
    for (let b = 0; b < B; b++) {
      const gOff = (t * B + b) * G;
      const prev = (t * B + b) * H; // row b of h[t], c[t]
      const next = prev + B * H; // row b of h[t+1], c[t+1]
      for (let j = 0; j < H; j++) {
        const i = sigmoid(gates[gOff + j]);
        const f = sigmoid(gates[gOff + H + j]);
        const g = Math.tanh(gates[gOff + 2 * H + j]);
        const o = sigmoid(gates[gOff + 3 * H + j]);
        gates[gOff + j] = i;
        gates[gOff + H + j] = f;
        gates[gOff + 2 * H + j] = g;
        gates[gOff + 3 * H + j] = o;
        const cNew = f * c[prev + j] + i * g;
        c[next + j] = cNew;
        h[next + j] = o * Math.tanh(cNew);
      }
    }
  }
  return { h, c, gates };
}

/**
 * Backpropagation through time. dh (T, B, H) is dLoss/dh_t arriving from above (the next layer or
 * the head) for every t; the recurrent contribution is added here.
 */
export function lstmBackward(
  dh: Float64Array,
  x: Float64Array,
  p: LayerParams,
  cache: LstmCache,
  dims: LayerDims,
): LstmGrads {
  const { T, B, In, H } = dims;
  const G = 4 * H;
  const { h, c, gates } = cache;
  const dgates = new Float64Array(T * B * G); // (T, B, 4H)
  let dhNext = new Float64Array(B * H); // (B, H) dLoss/dh_t through step t+1
  let dhPrev = new Float64Array(B * H); // (B, H) dLoss/dh_{t−1} through step t, being built
  const dcNext = new Float64Array(B * H); // (B, H) dLoss/dc_t through step t+1

  for (let t = T - 1; t >= 0; t--) {
    for (let b = 0; b < B; b++) {
      const gOff = (t * B + b) * G;
      const prev = (t * B + b) * H; // row (t, b) of dh; row b of c[t]
      const next = prev + B * H; // row b of c[t+1]
      for (let j = 0; j < H; j++) {
        const i = gates[gOff + j];
        const f = gates[gOff + H + j];
        const g = gates[gOff + 2 * H + j];
        const o = gates[gOff + 3 * H + j];
        const tanhC = Math.tanh(c[next + j]);
        const dhT = dh[prev + j] + dhNext[b * H + j];
        const dc = dcNext[b * H + j] + dhT * o * (1 - tanhC * tanhC);
        dcNext[b * H + j] = dc * f;
        dgates[gOff + j] = dc * g * i * (1 - i); // di_pre
        dgates[gOff + H + j] = dc * c[prev + j] * f * (1 - f); // df_pre
        dgates[gOff + 2 * H + j] = dc * i * (1 - g * g); // dg_pre
        dgates[gOff + 3 * H + j] = dhT * tanhC * o * (1 - o); // do_pre
      }
    }
    if (t > 0) {
      dhPrev.fill(0);
      addMatMul(dhPrev, 0, dgates, t * B * G, p.wHh, B, G, H);
      [dhNext, dhPrev] = [dhPrev, dhNext];
    }
  }

  const dx = new Float64Array(T * B * In); // (T, B, In)
  const dWih = new Float64Array(G * In); // (4H, In)
  const dWhh = new Float64Array(G * H); // (4H, H)
  const dbIh = new Float64Array(G); // (4H)
  addMatMulTransA(dWih, dgates, x, T * B, G, In);
  addMatMulTransA(dWhh, dgates, h, T * B, G, H); // h[0..T−1] as (T·B, H)
  addColumnSums(dbIh, dgates, T * B, G);
  addMatMul(dx, 0, dgates, 0, p.wIh, T * B, G, In);
  return { dx, dWih, dWhh, dbIh, dbHh: dbIh.slice(), dgates };
}
