import { describe, expect, it } from 'vitest';
import { inputGrad, inputProjection, type LayerGemmShape, weightGrads } from '../../src/engine/gpu/gemm';
import { kernelSizes } from '../../src/engine/gpu/sizes';
import * as ref from '../../src/engine/reference/gemms';
import { dropoutMask, toTimeMajor } from '../../src/engine/reference/model';
import { testGpu } from './gpu';
import { randomArray, read, relError, run, stepUniform, upload } from './harness';

// The per-layer GEMM kernels vs their Float64 twins in src/engine/reference/gemms.ts.
// Tolerances: forward values 1e-4 relative, gradients 1e-3 relative (float32 sums over T·B rows).
// Shapes are small but not multiples of the 8 × 8 thread block or the 64-thread workgroup.

const SEED = 11;

interface Case {
  name: string;
  T: number;
  B: number;
  In: number;
  H: number;
  G: number;
  /** 'batch': layer 0 reading x (B, T, F); a number: dropout p on the layer below's h. */
  source: 'batch' | number;
}

const CASES: Case[] = [
  { name: 'layer 0, F = 1, LSTM', T: 5, B: 3, In: 1, H: 5, G: 4, source: 'batch' },
  { name: 'layer 0, F = 3, GRU', T: 7, B: 5, In: 3, H: 6, G: 3, source: 'batch' },
  { name: 'layer 1, no dropout, LSTM', T: 6, B: 3, In: 7, H: 7, G: 4, source: 0 },
  { name: 'layer 1, dropout 0.3, GRU', T: 4, B: 9, In: 5, H: 5, G: 3, source: 0.3 },
  { name: 'layer 1, two column blocks, LSTM', T: 3, B: 7, In: 11, H: 11, G: 4, source: 0.2 },
];

/** Random layer inputs in the kernel's source layout plus the time-major x̃ the twins see. */
function layerInputs(c: Case, step: number) {
  const M = c.T * c.B;
  if (c.source === 'batch') {
    const x = randomArray(c.B * c.T * c.In, 1); // (B, T, F)
    return { src: x, xTilde: toTimeMajor(x, c.B, c.T, c.In), mask: null };
  }
  const hBelow = randomArray((c.T + 1) * c.B * c.In, 2); // (T+1, B, In)
  hBelow.fill(0, 0, c.B * c.In);
  const mask = c.source > 0 ? dropoutMask(SEED, step, 0, M * c.In, c.source) : null;
  const xTilde = Float64Array.from(hBelow.subarray(c.B * c.In), (v, i) => v * (mask ? mask[i] : 1));
  return { src: hBelow, xTilde, mask };
}

function gemmShape(c: Case): LayerGemmShape {
  return {
    T: c.T,
    B: c.B,
    In: c.In,
    H: c.H,
    N: c.G * c.H,
    source: c.source === 'batch' ? { kind: 'batch' } : { kind: 'hidden', layerBelow: 0 },
    P: 0, // one member: its parameters start at 0
    members: 1,
  };
}

/** The members uniform of this case: step `step`, dropout on, the case's seed and rate. */
function caseMembers(device: GPUDevice, c: Case, step: number): GPUBuffer {
  return stepUniform(device, step, true, { seed: SEED, dropout: c.source === 'batch' ? 0 : c.source, lr: 0 });
}

describe.each(CASES)('GEMM kernels: $name', (c) => {
  const step = 3;
  const M = c.T * c.B;
  const N = c.G * c.H;
  // Parameters sit at odd offsets inside a larger flat buffer, as in a real model.
  const offsets = { wIh: 3, bIh: 3 + N * c.In, wHh: 5 + N * c.In + N, bHh: 7 + N * c.In + N + N * c.H };
  const total = offsets.bHh + N + 2;

  it('input_projection matches inputProjection (1e-4)', async () => {
    const { device } = await testGpu();
    const params = randomArray(total, 3, 0.5);
    const { src, xTilde } = layerInputs(c, step);
    const buffers = {
      src: upload(device, 'src', src),
      params: upload(device, 'params', params),
      xproj: upload(device, 'xproj', M * N),
      members: caseMembers(device, c, step),
    };
    await run(device, [inputProjection(device, kernelSizes(device.limits), gemmShape(c), offsets, buffers)]);
    const gpu = await read(device, buffers.xproj, M * N);
    const wIh = params.subarray(offsets.wIh, offsets.wIh + N * c.In);
    const bIh = params.subarray(offsets.bIh, offsets.bIh + N);
    expect(relError(gpu, ref.inputProjection(xTilde, wIh, bIh, M, c.In, N))).toBeLessThanOrEqual(1e-4);
  });

  it('weight_grads matches weightGrads (1e-3) and leaves other gradients alone', async () => {
    const { device } = await testGpu();
    const { src, xTilde } = layerInputs(c, step);
    const h = randomArray((c.T + 1) * c.B * c.H, 4); // (T+1, B, H)
    const dgIn = randomArray(M * N, 5);
    const dgHid = c.G === 4 ? dgIn : randomArray(M * N, 6);
    const sentinel = 12345;
    const buffers = {
      src: upload(device, 'src', src),
      h: upload(device, 'h', h),
      dgatesIn: upload(device, 'dgIn', dgIn),
      dgatesHid: upload(device, 'dgHid', dgHid),
      grads: upload(device, 'grads', new Float32Array(total).fill(sentinel)),
      members: caseMembers(device, c, step),
    };
    await run(device, [weightGrads(device, kernelSizes(device.limits), gemmShape(c), offsets, buffers)]);
    const grads = await read(device, buffers.grads, total);
    const cpu = ref.weightGrads(dgIn, dgHid, xTilde, h, M, c.In, c.H, N);
    const at = (offset: number, n: number) => grads.subarray(offset, offset + n);
    expect(relError(at(offsets.wIh, N * c.In), cpu.dWih)).toBeLessThanOrEqual(1e-3);
    expect(relError(at(offsets.wHh, N * c.H), cpu.dWhh)).toBeLessThanOrEqual(1e-3);
    expect(relError(at(offsets.bIh, N), cpu.dbIh)).toBeLessThanOrEqual(1e-3);
    expect(relError(at(offsets.bHh, N), cpu.dbHh)).toBeLessThanOrEqual(1e-3);
    for (const i of [0, 1, 2, offsets.wHh - 1, offsets.bHh - 1, total - 1]) expect(grads[i]).toBe(sentinel);
  });
});

// input_grad runs only for layers above the first: the batch input needs no gradient.
describe.each(CASES.filter((c) => c.source !== 'batch'))('input_grad: $name', (c) => {
  const step = 3;
  const M = c.T * c.B;
  const N = c.G * c.H;
  const offsets = { wIh: 3 };
  const total = offsets.wIh + N * c.In + 2;

  it('input_grad matches inputGrad (1e-3)', async () => {
    const { device } = await testGpu();
    const params = randomArray(total, 7, 0.5);
    const dgIn = randomArray(M * N, 8);
    const buffers = {
      dgatesIn: upload(device, 'dgIn', dgIn),
      params: upload(device, 'params', params),
      dhBelow: upload(device, 'dhBelow', M * c.In),
      members: caseMembers(device, c, step),
    };
    const shape = gemmShape(c) as LayerGemmShape & { source: { kind: 'hidden'; layerBelow: number } };
    await run(device, [inputGrad(device, kernelSizes(device.limits), shape, offsets, buffers)]);
    const gpu = await read(device, buffers.dhBelow, M * c.In);
    const { mask } = layerInputs(c, step);
    const wIh = params.subarray(offsets.wIh, offsets.wIh + N * c.In);
    expect(relError(gpu, ref.inputGrad(dgIn, wIh, mask, M, c.In, N))).toBeLessThanOrEqual(1e-3);
  });
});
