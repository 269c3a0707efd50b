// Runs one recurrence (forward then backward, one pass, one submit) on the GPU and on the Float64 reference
// with the same random layer, and reports the worst error of every output.
import { readFloats, storageBuffer } from '../../src/engine/gpu/buffers';
import {
  createRecurrence,
  type RecurrenceKernel,
  type RecurrenceOptions,
} from '../../src/engine/gpu/recurrence';
import { mulberry32 } from '../../src/engine/random';
import { gruBackward, gruForward } from '../../src/engine/reference/gru';
import type { LayerParams } from '../../src/engine/reference/layer';
import { lstmBackward, lstmForward } from '../../src/engine/reference/lstm';
import { type CellKind, GATES } from '../../src/engine/types';
import { stepUniform } from './harness';

export interface CaseShape {
  T: number;
  B: number;
  H: number;
}

/** Absolute floors of the relative error: |gpu − ref| / max(|ref|, floor). */
export const FORWARD_FLOOR = 1e-2;
export const GRADIENT_FLOOR = 1e-3;

export interface CaseResult {
  path: RecurrenceKernel['path'];
  reason: string;
  dispatchesForward: number;
  dispatchesBackward: number;
  /** Worst relative error (floored) per output buffer. */
  errors: Record<string, number>;
}

const IN = 2; // inputs per step; only the CPU-side projection sees it

/** Element-wise max of |a − b| / max(|b|, floor). */
export function maxRelError(gpu: Float32Array, ref: Float64Array, floor: number): number {
  if (gpu.length !== ref.length) throw new Error(`length ${gpu.length} ≠ ${ref.length}`);
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs(gpu[i] - ref[i]) / Math.max(Math.abs(ref[i]), floor);
    if (!(err <= worst)) worst = err; // NaN counts as worst
  }
  return worst;
}

function uniform(rand: () => number, n: number, scale: number): Float64Array {
  return Float64Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
}

export async function runRecurrenceCase(
  device: GPUDevice,
  cell: CellKind,
  shape: CaseShape,
  options: RecurrenceOptions & { sharedGradients?: boolean; seed?: number } = {},
): Promise<CaseResult> {
  const { T, B, H } = shape;
  const G = GATES[cell] * H;
  const rand = mulberry32(options.seed ?? T * 1000 + B * 10 + H);
  // Twice PyTorch's init range, so gates leave their linear region.
  const k = 2 / Math.sqrt(H);
  const p: LayerParams = {
    wIh: uniform(rand, G * IN, k), // (G·H, In)
    wHh: uniform(rand, G * H, k), // (G·H, H)
    bIh: uniform(rand, G, k), // (G·H)
    bHh: uniform(rand, G, k), // (G·H)
  };
  const x = uniform(rand, T * B * IN, 1); // (T, B, In)
  const dh = uniform(rand, T * B * H, 1); // (T, B, H)
  const dims = { T, B, In: IN, H };

  // xproj = x·W_ihᵀ + b_ih, the engine's projection GEMM, done here on the CPU.
  const xproj = new Float32Array(T * B * G); // (T, B, G·H)
  for (let row = 0; row < T * B; row++) {
    for (let r = 0; r < G; r++) {
      let sum = p.bIh[r];
      for (let i = 0; i < IN; i++) sum += p.wIh[r * IN + i] * x[row * IN + i];
      xproj[row * G + r] = sum;
    }
  }
  // W_hh and b_hh sit at odd offsets inside a larger flat buffer, between junk values, like a real layout.
  const wHhOffset = 13;
  const bHhOffset = wHhOffset + G * H + 7;
  const flat = Float32Array.from({ length: bHhOffset + G + 5 }, () => 1000 * (rand() - 0.5));
  flat.set(p.wHh, wHhOffset);
  flat.set(p.bHh, bHhOffset);

  const buffers = {
    params: storageBuffer(device, 'params', flat),
    xproj: storageBuffer(device, 'xproj', xproj),
    h: storageBuffer(device, 'h', (T + 1) * B * H),
    c: storageBuffer(device, 'c', (T + 1) * B * H),
    hn: storageBuffer(device, 'hn', T * B * H),
    gates: storageBuffer(device, 'gates', T * B * G),
    dh: storageBuffer(device, 'dh', Float32Array.from(dh)),
    dgatesIn: storageBuffer(device, 'dgatesIn', T * B * G),
    dgatesHid: storageBuffer(device, 'dgatesHid', T * B * G),
  };
  const kernel = createRecurrence(
    device,
    cell,
    { T, B, H },
    {
      params: buffers.params,
      paramsPerMember: 0, // one member
      members: stepUniform(device, 1, true),
      memberCount: 1,
      wHhOffset,
      bHhOffset,
      xproj: buffers.xproj,
      h: buffers.h,
      c: cell === 'lstm' ? buffers.c : undefined,
      hn: cell === 'gru' ? buffers.hn : undefined,
      gates: buffers.gates,
      dh: buffers.dh,
      dgatesIn: buffers.dgatesIn,
      dgatesHid: options.sharedGradients ? buffers.dgatesIn : buffers.dgatesHid,
    },
    options,
  );
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  kernel.recordForward(pass);
  kernel.recordBackward(pass);
  pass.end();
  device.queue.submit([encoder.finish()]);

  const read = (buffer: GPUBuffer, n: number) => readFloats(device, buffer, n);
  const errors: Record<string, number> = {};
  const gpuH = await read(buffers.h, (T + 1) * B * H);
  const gpuGates = await read(buffers.gates, T * B * G);
  const gpuDgatesIn = await read(buffers.dgatesIn, T * B * G);
  const gpuDgatesHid = options.sharedGradients ? gpuDgatesIn : await read(buffers.dgatesHid, T * B * G);
  if (cell === 'lstm') {
    const cache = lstmForward(x, p, dims);
    const grads = lstmBackward(dh, x, p, cache, dims);
    errors.h = maxRelError(gpuH, cache.h, FORWARD_FLOOR);
    errors.c = maxRelError(await read(buffers.c, (T + 1) * B * H), cache.c, FORWARD_FLOOR);
    errors.gates = maxRelError(gpuGates, cache.gates, FORWARD_FLOOR);
    errors.dgatesIn = maxRelError(gpuDgatesIn, grads.dgates, GRADIENT_FLOOR);
    errors.dgatesHid = maxRelError(gpuDgatesHid, grads.dgates, GRADIENT_FLOOR);
  } else {
    const cache = gruForward(x, p, dims);
    const grads = gruBackward(dh, x, p, cache, dims);
    // Hidden side: the n block is dn_pre ⊙ r.
    const dgatesHid = Float64Array.from(grads.dgates);
    for (let row = 0; row < T * B; row++) {
      for (let j = 0; j < H; j++) dgatesHid[row * G + 2 * H + j] *= cache.gates[row * G + j];
    }
    errors.h = maxRelError(gpuH, cache.h, FORWARD_FLOOR);
    errors.hn = maxRelError(await read(buffers.hn, T * B * H), cache.hn, FORWARD_FLOOR);
    errors.gates = maxRelError(gpuGates, cache.gates, FORWARD_FLOOR);
    errors.dgatesIn = maxRelError(gpuDgatesIn, grads.dgates, GRADIENT_FLOOR);
    errors.dgatesHid = maxRelError(gpuDgatesHid, dgatesHid, GRADIENT_FLOOR);
  }
  const result = {
    path: kernel.path,
    reason: kernel.reason,
    dispatchesForward: kernel.dispatchesForward,
    dispatchesBackward: kernel.dispatchesBackward,
    errors,
  };
  kernel.destroy();
  for (const buffer of Object.values(buffers)) buffer.destroy();
  return result;
}
