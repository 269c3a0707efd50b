// GRU layer, PyTorch nn.GRU equations (gates r, z, n stacked in that order; the reset gate is
// applied after the hidden matmul):
//   r = σ(W_ir x + b_ir + W_hr h + b_hr)     z = σ(W_iz x + b_iz + W_hz h + b_hz)
//   hn = W_hn h + b_hn                        n = tanh(W_in x + b_in + r ⊙ hn)
//   h' = (1 − z) ⊙ n + z ⊙ h
// Twin of the WGSL gru forward/backward kernels, and structured like them: the input projection
// for all time steps is one matrix product, the recurrence loops over t, and backward's weight
// gradients are matrix products after the reverse loop. Every output buffer is freshly allocated.
import { type LayerDims, type LayerParams, sigmoid } from './layer';
import { addColumnSums, addMatMul, addMatMulTransA, addMatMulTransB, fillRows } from './matmul';

export type { LayerDims, LayerParams } from './layer';

export interface GruCache {
  h: Float64Array; // (T+1, B, H), h[0] = 0
  gates: Float64Array; // (T, B, 3H) activated r, z, n
  hn: Float64Array; // (T, B, H) W_hn·h_{t−1} + b_hn, needed by backward
}

export interface GruGrads {
  dx: Float64Array; // (T, B, In)
  dWih: Float64Array; // (3H, In)
  dWhh: Float64Array; // (3H, H)
  dbIh: Float64Array; // (3H)
  dbHh: Float64Array; // (3H)
  dgates: Float64Array; // (T, B, 3H) dr_pre, dz_pre, dn_pre (n_pre = W_in x + b_in + r ⊙ hn)
}

export function gruForward(x: Float64Array, p: LayerParams, dims: LayerDims): GruCache {
  const { T, B, In, H } = dims;
  const G = 3 * H;
  const h = new Float64Array((T + 1) * B * H); // (T+1, B, H)
  const hn = new Float64Array(T * B * H); // (T, B, H)
  // gates first holds the input side W_ih x + b_ih, then is activated in place, one step at a time.
  const gates = new Float64Array(T * B * G); // (T, B, 3H)
  const gh = new Float64Array(B * G); // (B, 3H) hidden side W_hh h_{t−1} + b_hh of the current step
  fillRows(gates, p.bIh, T * B, G);
  addMatMulTransB(gates, 0, x, 0, p.wIh, T * B, G, In);
  for (let t = 0; t < T; t++) {
    fillRows(gh, p.bHh, B, G);
    addMatMulTransB(gh, 0, h, t * B * H, p.wHh, B, G, H);
    for (let b = 0; b < B; b++) {
      const gOff = (t * B + b) * G;
      const hOff = b * G;
      const prev = (t * B + b) * H; // row b of h[t] (and of hn[t])
      const next = prev + B * H; // row b of h[t+1]
      for (let j = 0; j < H; j++) {
        const r = sigmoid(gates[gOff + j] + gh[hOff + j]);
        const z = sigmoid(gates[gOff + H + j] + gh[hOff + H + j]);
        const hnj = gh[hOff + 2 * H + j];
        const n = Math.tanh(gates[gOff + 2 * H + j] + r * hnj);
        gates[gOff + j] = r;
        gates[gOff + H + j] = z;
        gates[gOff + 2 * H + j] = n;
        hn[prev + j] = hnj;
        h[next + j] = (1 - z) * n + z * h[prev + j];
      }
    }
  }
  return { h, gates, hn };
}

/**
 * Backpropagation through time. dh (T, B, H) is dLoss/dh_t arriving from above (the next layer or
 * the head) for every t; the recurrent contribution is added here.
 */
export function gruBackward(
  dh: Float64Array,
  x: Float64Array,
  p: LayerParams,
  cache: GruCache,
  dims: LayerDims,
): GruGrads {
  const { T, B, In, H } = dims;
  const G = 3 * H;
  const { h, gates, hn } = cache;
  const dgates = new Float64Array(T * B * G); // (T, B, 3H) gradient of the input side W_ih x + b_ih
  const dgh = new Float64Array(T * B * G); // (T, B, 3H) gradient of the hidden side W_hh h + b_hh
  let dhNext = new Float64Array(B * H); // (B, H) dLoss/dh_t through step t+1
  let dhPrev = new Float64Array(B * H); // (B, H) dLoss/dh_{t−1} through step t, being built

  for (let t = T - 1; t >= 0; t--) {
    for (let b = 0; b < B; b++) {
      const gOff = (t * B + b) * G;
      const prev = (t * B + b) * H; // row (t, b) of dh and hn; row b of h[t]
      for (let j = 0; j < H; j++) {
        const r = gates[gOff + j];
        const z = gates[gOff + H + j];
        const n = gates[gOff + 2 * H + j];
        const dhT = dh[prev + j] + dhNext[b * H + j];
        const dnPre = dhT * (1 - z) * (1 - n * n);
        const dzPre = dhT * (h[prev + j] - n) * z * (1 - z);
        const drPre = dnPre * hn[prev + j] * r * (1 - r);
        dgates[gOff + j] = drPre;
        dgates[gOff + H + j] = dzPre;
        dgates[gOff + 2 * H + j] = dnPre;
        dgh[gOff + j] = drPre;
        dgh[gOff + H + j] = dzPre;
        dgh[gOff + 2 * H + j] = dnPre * r; // through r ⊙ hn
        dhPrev[b * H + j] = dhT * z; // direct path h' = … + z ⊙ h
      }
    }
    if (t > 0) {
      addMatMul(dhPrev, 0, dgh, t * B * G, p.wHh, B, G, H);
      [dhNext, dhPrev] = [dhPrev, dhNext];
    }
  }

  const dx = new Float64Array(T * B * In); // (T, B, In)
  const dWih = new Float64Array(G * In); // (3H, In)
  const dWhh = new Float64Array(G * H); // (3H, H)
  const dbIh = new Float64Array(G); // (3H)
  const dbHh = new Float64Array(G); // (3H)
  addMatMulTransA(dWih, dgates, x, T * B, G, In);
  addMatMulTransA(dWhh, dgh, h, T * B, G, H); // h[0..T−1] as (T·B, H)
  addColumnSums(dbIh, dgates, T * B, G);
  addColumnSums(dbHh, dgh, T * B, G);
  addMatMul(dx, 0, dgates, 0, p.wIh, T * B, G, In);
  return { dx, dWih, dWhh, dbIh, dbHh, dgates };
}
