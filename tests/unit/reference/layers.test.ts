import { describe, expect, it } from 'vitest';
import { denseBackward, denseForward, mseBackward, mseLoss } from '../../../src/engine/reference/dense';
import { gruBackward, gruForward } from '../../../src/engine/reference/gru';
import type { LayerDims, LayerParams } from '../../../src/engine/reference/layer';
import { lstmBackward, lstmForward } from '../../../src/engine/reference/lstm';
import { dot, FD_TOLERANCE, numericGrad, randomArray, relError } from './gradcheck';

// Odd sizes so that a transposed index or a swapped dimension cannot cancel out.
const dims: LayerDims = { T: 5, B: 4, In: 2, H: 3 };

function randomLayer(G: number, seed: number): LayerParams {
  const { In, H } = dims;
  return {
    wIh: randomArray(G * H * In, seed, 0.8),
    wHh: randomArray(G * H * H, seed + 1, 0.8),
    bIh: randomArray(G * H, seed + 2, 0.5),
    bHh: randomArray(G * H, seed + 3, 0.5),
  };
}

const cells = [
  {
    name: 'lstm',
    G: 4,
    forward: (x: Float64Array, p: LayerParams) => lstmForward(x, p, dims),
    backward: (dh: Float64Array, x: Float64Array, p: LayerParams) =>
      lstmBackward(dh, x, p, lstmForward(x, p, dims), dims),
  },
  {
    name: 'gru',
    G: 3,
    forward: (x: Float64Array, p: LayerParams) => gruForward(x, p, dims),
    backward: (dh: Float64Array, x: Float64Array, p: LayerParams) =>
      gruBackward(dh, x, p, gruForward(x, p, dims), dims),
  },
];

describe.each(cells)('$name layer', ({ G, forward, backward }) => {
  const { T, B, In, H } = dims;
  const x = randomArray(T * B * In, 11); // (T, B, In)
  const p = randomLayer(G, 20);
  // A scalar loss that touches every h_t: L = Σ_t,b,j w[t,b,j] · h[t+1,b,j], so dL/dh = w.
  const w = randomArray(T * B * H, 30); // (T, B, H)
  const loss = () => dot(forward(x, p).h, w, B * H);
  const grads = backward(w, x, p);

  it.each([
    ['weight_ih', 'wIh', 'dWih'],
    ['weight_hh', 'wHh', 'dWhh'],
    ['bias_ih', 'bIh', 'dbIh'],
    ['bias_hh', 'bHh', 'dbHh'],
  ] as const)('%s gradient matches central differences', (_label, param, grad) => {
    const numeric = numericGrad(loss, p[param]);
    expect(relError(grads[grad], numeric)).toBeLessThanOrEqual(FD_TOLERANCE);
  });

  it('input gradient matches central differences', () => {
    expect(relError(grads.dx, numericGrad(loss, x))).toBeLessThanOrEqual(FD_TOLERANCE);
  });

  it('pre-activation gate gradients sum to the input-bias gradient', () => {
    const summed = new Float64Array(G * H);
    for (let r = 0; r < T * B; r++) for (let j = 0; j < G * H; j++) summed[j] += grads.dgates[r * G * H + j];
    expect(relError(summed, grads.dbIh)).toBeLessThanOrEqual(1e-12);
  });

  it('starts from a zero state and keeps h bounded', () => {
    const { h } = forward(x, p);
    expect(h.slice(0, B * H).every((v) => v === 0)).toBe(true);
    expect(h.every((v) => Math.abs(v) < 1)).toBe(true);
  });
});

describe('dense head and MSE', () => {
  const [B, H, O] = [4, 3, 2];
  const h = randomArray(B * H, 40);
  const wHead = randomArray(O * H, 41);
  const bHead = randomArray(O, 42);
  const y = randomArray(B * O, 43);
  const loss = () => mseLoss(denseForward(h, wHead, bHead, B, H, O), y);
  const pred = denseForward(h, wHead, bHead, B, H, O);
  const grads = denseBackward(mseBackward(pred, y), h, wHead, B, H, O);

  it('computes h·Wᵀ + b', () => {
    expect(pred[1 * O + 1]).toBeCloseTo(dot(h, wHead.subarray(H, 2 * H), H) + bHead[1], 12);
  });

  it('MSE is the mean over B·O', () => {
    expect(mseLoss([1, 2, 3, 4], [1, 0, 3, 0])).toBe((4 + 16) / 4);
  });

  it.each([
    ['weight', wHead, 'dw'],
    ['bias', bHead, 'db'],
    ['input', h, 'dh'],
  ] as const)('%s gradient matches central differences', (_label, v, grad) => {
    expect(relError(grads[grad], numericGrad(loss, v))).toBeLessThanOrEqual(FD_TOLERANCE);
  });
});

describe('gradient checker', () => {
  it('rejects a gradient that is wrong by 1e-4 relative', () => {
    const v = randomArray(6, 50);
    const loss = () => dot(v, v) + v[0] * v[1] * v[2];
    const numeric = numericGrad(loss, v);
    const wrong = numeric.map((g, i) => (i === 3 ? g * (1 + 1e-4) : g));
    expect(relError(numeric, numeric)).toBe(0);
    expect(relError(wrong, numeric)).toBeGreaterThan(FD_TOLERANCE);
  });
});
