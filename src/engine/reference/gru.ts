// GRU layer, PyTorch nn.GRU equations (gates r, z, n stacked in that order; the reset gate is
// applied after the hidden matmul):
//   r = σ(W_ir x + b_ir + W_hr h + b_hr)     z = σ(W_iz x + b_iz + W_hz h + b_hz)
//   hn = W_hn h + b_hn                        n = tanh(W_in x + b_in + r ⊙ hn)
//   h' = (1 − z) ⊙ n + z ⊙ h
// Twin of the WGSL gru forward/backward kernels. Every output buffer is freshly allocated and
// overwritten; nothing is accumulated into caller memory.
import { addMatVec, addMatVecBackward, type LayerDims, type LayerParams, sigmoid } from './layer';

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
  const gates = new Float64Array(T * B * G); // (T, B, 3H)
  const hn = new Float64Array(T * B * H); // (T, B, H)
  const gi = new Float64Array(G); // (3H) input side: W_ih x + b_ih
  const gh = new Float64Array(G); // (3H) hidden side: W_hh h + b_hh
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      gi.set(p.bIh);
      gh.set(p.bHh);
      addMatVec(gi, p.wIh, G, In, x, (t * B + b) * In);
      addMatVec(gh, p.wHh, G, H, h, (t * B + b) * H);
      const gOff = (t * B + b) * G;
      const prev = (t * B + b) * H; // row b of h[t] (and of hn[t])
      const next = ((t + 1) * B + b) * H; // row b of h[t+1]
      for (let j = 0; j < H; j++) {
        const r = sigmoid(gi[j] + gh[j]);
        const z = sigmoid(gi[H + j] + gh[H + j]);
        const hnj = gh[2 * H + j];
        const n = Math.tanh(gi[2 * H + j] + r * hnj);
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
  const dx = new Float64Array(T * B * In); // (T, B, In)
  const dWih = new Float64Array(G * In); // (3H, In)
  const dWhh = new Float64Array(G * H); // (3H, H)
  const dbIh = new Float64Array(G); // (3H)
  const dbHh = new Float64Array(G); // (3H)
  const dgates = new Float64Array(T * B * G); // (T, B, 3H)
  let dhNext = new Float64Array(B * H); // (B, H) dLoss/dh_t through step t+1
  let dhPrev = new Float64Array(B * H); // (B, H) being accumulated for step t−1
  const dgi = new Float64Array(G); // (3H) gradient of W_ih x + b_ih for one row
  const dgh = new Float64Array(G); // (3H) gradient of W_hh h + b_hh for one row

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
        dgi[j] = drPre;
        dgi[H + j] = dzPre;
        dgi[2 * H + j] = dnPre;
        dgh[j] = drPre;
        dgh[H + j] = dzPre;
        dgh[2 * H + j] = dnPre * r; // through r ⊙ hn
        dhPrev[b * H + j] = dhT * z; // direct path h' = … + z ⊙ h
      }
      for (let j = 0; j < G; j++) {
        dgates[gOff + j] = dgi[j];
        dbIh[j] += dgi[j];
        dbHh[j] += dgh[j];
      }
      addMatVecBackward(dWih, dx, (t * B + b) * In, dgi, p.wIh, G, In, x, (t * B + b) * In);
      addMatVecBackward(dWhh, dhPrev, b * H, dgh, p.wHh, G, H, h, prev);
    }
    [dhNext, dhPrev] = [dhPrev, dhNext];
  }
  return { dx, dWih, dWhh, dbIh, dbHh, dgates };
}
