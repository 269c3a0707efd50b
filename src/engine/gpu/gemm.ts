// Wrappers for the GEMM-shaped kernels of one recurrent layer: input_projection (forward),
// weight_grads and input_grad (backward). Each returns a Dispatch to replay every step.
import inputGradSource from '../../../shaders/input_grad.wgsl?raw';
import inputProjectionSource from '../../../shaders/input_projection.wgsl?raw';
import weightGradsSource from '../../../shaders/weight_grads.wgsl?raw';
import { grid1d } from './buffers';
import { bindBuffers, computePipeline, type Dispatch } from './pipelines';
import { type ShapeKernel, shapeUniform } from './shapes';
import { GEMM_BLOCK, type KernelSizes } from './sizes';

/** Where a layer's input comes from: the uploaded batch (B, T, F) or the layer below's h (T+1, B, H). */
export type LayerSource = { kind: 'batch' } | { kind: 'hidden'; layerBelow: number };

export interface LayerGemmShape {
  T: number;
  B: number;
  /** Input width: F for layer 0, H below otherwise. */
  In: number;
  H: number;
  /** G·H: gate rows. */
  N: number;
  source: LayerSource;
  /** Parameters per member: the stride of params and grads. */
  P: number;
  /** Members of the batched model: the grid's z. Each one's dropout comes from the members uniform. */
  members: number;
}

function sourceConstants(shape: LayerGemmShape): Record<string, number> {
  return {
    SOURCE: shape.source.kind === 'hidden' ? 1 : 0,
    LAYER_BELOW: shape.source.kind === 'hidden' ? shape.source.layerBelow : 0,
    P: shape.P,
  };
}

/**
 * The pipeline, shape uniform, bind group (the buffers in binding order, the uniform last) and grid of
 * one GEMM kernel over `threads` output blocks per member: the part every wrapper below shares.
 */
function gemmDispatch(
  device: GPUDevice,
  sizes: KernelSizes,
  kernel: { name: ShapeKernel; code: string; entryPoint: string },
  shapeValues: Record<string, number>,
  buffers: GPUBuffer[],
  threads: number,
  members: number,
): Dispatch {
  const pipeline = computePipeline(device, { name: kernel.name, code: kernel.code }, kernel.entryPoint, {
    WG: sizes.gemm,
  });
  const uniform = shapeUniform(device, kernel.name, shapeValues);
  return {
    pipeline,
    bindGroup: bindBuffers(device, pipeline, [...buffers, uniform]),
    grid: [...grid1d(Math.ceil(threads / sizes.gemm), sizes.maxWorkgroupsPerDimension), members],
    owned: [uniform],
  };
}

/** xproj (T, B, N) = x̃ · W_ihᵀ + b_ih. */
export function inputProjection(
  device: GPUDevice,
  sizes: KernelSizes,
  shape: LayerGemmShape,
  offsets: { wIh: number; bIh: number },
  buffers: { src: GPUBuffer; params: GPUBuffer; xproj: GPUBuffer; members: GPUBuffer },
): Dispatch {
  return gemmDispatch(
    device,
    sizes,
    { name: 'input_projection.wgsl', code: inputProjectionSource, entryPoint: 'input_projection' },
    {
      T: shape.T,
      B: shape.B,
      M: shape.T * shape.B,
      IN: shape.In,
      N: shape.N,
      W_OFF: offsets.wIh,
      B_OFF: offsets.bIh,
      ...sourceConstants(shape),
    },
    [buffers.src, buffers.params, buffers.xproj, buffers.members],
    Math.ceil((shape.T * shape.B) / GEMM_BLOCK) * Math.ceil(shape.N / GEMM_BLOCK),
    shape.members,
  );
}

/** dW_ih, dW_hh, db_ih, db_hh of one layer, overwritten in the flat gradient buffer. */
export function weightGrads(
  device: GPUDevice,
  sizes: KernelSizes,
  shape: LayerGemmShape,
  offsets: { wIh: number; wHh: number; bIh: number; bHh: number },
  buffers: {
    src: GPUBuffer;
    h: GPUBuffer;
    dgatesIn: GPUBuffer;
    dgatesHid: GPUBuffer;
    grads: GPUBuffer;
    members: GPUBuffer;
  },
): Dispatch {
  const inBlocks = Math.ceil(shape.In / GEMM_BLOCK);
  const hBlocks = Math.ceil(shape.H / GEMM_BLOCK);
  const columnBlocks = inBlocks + hBlocks + 1;
  // Row blocks per column block, padded to a multiple of 4 (see the kernel for why).
  const rowSlots = Math.ceil(Math.ceil(shape.N / GEMM_BLOCK) / 4) * 4;
  return gemmDispatch(
    device,
    sizes,
    { name: 'weight_grads.wgsl', code: weightGradsSource, entryPoint: 'weight_grads' },
    {
      T: shape.T,
      B: shape.B,
      M: shape.T * shape.B,
      IN: shape.In,
      H: shape.H,
      N: shape.N,
      W_IH_OFF: offsets.wIh,
      W_HH_OFF: offsets.wHh,
      B_IH_OFF: offsets.bIh,
      B_HH_OFF: offsets.bHh,
      ...sourceConstants(shape),
      IN_BLOCKS: inBlocks,
      H_BLOCKS: hBlocks,
      COL_BLOCKS: columnBlocks,
      ROW_SLOTS: rowSlots,
    },
    [buffers.src, buffers.h, buffers.dgatesIn, buffers.dgatesHid, buffers.grads, buffers.members],
    rowSlots * columnBlocks,
    shape.members,
  );
}

/** dh_below (T, B, In) = mask ⊙ (dgates_in · W_ih); only for layers with a hidden source. */
export function inputGrad(
  device: GPUDevice,
  sizes: KernelSizes,
  shape: LayerGemmShape & { source: { kind: 'hidden'; layerBelow: number } },
  offsets: { wIh: number },
  buffers: { dgatesIn: GPUBuffer; params: GPUBuffer; dhBelow: GPUBuffer; members: GPUBuffer },
): Dispatch {
  const constants = sourceConstants(shape);
  return gemmDispatch(
    device,
    sizes,
    { name: 'input_grad.wgsl', code: inputGradSource, entryPoint: 'input_grad' },
    {
      T: shape.T,
      B: shape.B,
      M: shape.T * shape.B,
      IN: shape.In,
      N: shape.N,
      W_OFF: offsets.wIh,
      LAYER_BELOW: constants.LAYER_BELOW,
      P: shape.P,
    },
    [buffers.dgatesIn, buffers.params, buffers.dhBelow, buffers.members],
    Math.ceil((shape.T * shape.B) / GEMM_BLOCK) * Math.ceil(shape.In / GEMM_BLOCK),
    shape.members,
  );
}
