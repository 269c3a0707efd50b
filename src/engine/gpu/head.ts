// Wrappers for the two single-workgroup reductions: the fused dense head + MSE (forward and backward)
// and the global gradient norm that feeds clipping.
import denseMseSource from '../../../shaders/dense_mse.wgsl?raw';
import gradNormSource from '../../../shaders/grad_norm.wgsl?raw';
import { bindBuffers, computePipeline, type Dispatch } from './pipelines';
import { shapeUniform } from './shapes';
import type { KernelSizes } from './sizes';

/** Slots of the small stats buffer, f32 × 4 per member (STATS_PER_MEMBER in shaders/members.wgsl), that the loss readback copies. */
export const STATS = { clipScale: 0, gradNorm: 1, loss: 2, floats: 4 } as const;

export function denseMse(
  device: GPUDevice,
  sizes: KernelSizes,
  shape: { T: number; B: number; H: number; O: number; P: number; members: number },
  offsets: { w: number; b: number },
  buffers: {
    hTop: GPUBuffer;
    params: GPUBuffer;
    y: GPUBuffer;
    pred: GPUBuffer;
    grads: GPUBuffer;
    dhTop: GPUBuffer;
    stats: GPUBuffer;
    members: GPUBuffer;
  },
): Dispatch {
  const pipeline = computePipeline(device, { name: 'dense_mse.wgsl', code: denseMseSource }, 'dense_mse', {
    WG: sizes.reduce,
  });
  const uniform = shapeUniform(device, 'dense_mse.wgsl', {
    T: shape.T,
    B: shape.B,
    H: shape.H,
    O: shape.O,
    W_OFF: offsets.w,
    B_OFF: offsets.b,
    LOSS_INDEX: STATS.loss,
    P: shape.P,
  });
  return {
    pipeline,
    bindGroup: bindBuffers(device, pipeline, [
      buffers.hTop,
      buffers.params,
      buffers.y,
      buffers.pred,
      buffers.grads,
      buffers.dhTop,
      buffers.stats,
      uniform,
      buffers.members,
    ]),
    grid: [1, 1, shape.members],
    owned: [uniform],
  };
}

export function gradNorm(
  device: GPUDevice,
  sizes: KernelSizes,
  /** Parameters per member. */
  n: number,
  clipNorm: number,
  buffers: { grads: GPUBuffer; stats: GPUBuffer; members: GPUBuffer },
  members = 1,
): Dispatch {
  const pipeline = computePipeline(device, { name: 'grad_norm.wgsl', code: gradNormSource }, 'grad_norm', {
    WG: sizes.reduce,
  });
  const uniform = shapeUniform(device, 'grad_norm.wgsl', { N: n, CLIP: clipNorm });
  return {
    pipeline,
    bindGroup: bindBuffers(device, pipeline, [buffers.grads, buffers.stats, uniform, buffers.members]),
    grid: [1, 1, members],
    owned: [uniform],
  };
}
