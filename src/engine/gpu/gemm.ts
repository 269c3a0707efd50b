// Wrappers for the GEMM-shaped kernels of one recurrent layer: input_projection (forward),
// weight_grads and input_grad (backward). Each returns a Dispatch to replay every step.
import inputGradSource from '../../../shaders/input_grad.wgsl?raw';
import inputProjectionSource from '../../../shaders/input_projection.wgsl?raw';
import weightGradsSource from '../../../shaders/weight_grads.wgsl?raw';
import { grid1d } from './buffers';
import { bindBuffers, computePipeline, type Dispatch } from './pipelines';
import { shapeUniform } from './shapes';
import { dropoutConstants, GEMM_BLOCK, type KernelSizes } from './sizes';

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
  seed: number;
  /** Dropout probability applied to the source when it is a hidden layer (0 for the batch). */
  dropout: number;
}

function sourceConstants(shape: LayerGemmShape): Record<string, number> {
  const hidden = shape.source.kind === 'hidden';
  return {
    SOURCE: hidden ? 1 : 0,
    LAYER_BELOW: shape.source.kind === 'hidden' ? shape.source.layerBelow : 0,
    ...dropoutConstants(shape.seed, hidden ? shape.dropout : 0),
  };
}

function gridFor(threads: number, wg: number, sizes: KernelSizes): [number, number] {
  return grid1d(Math.ceil(threads / wg), sizes.maxWorkgroupsPerDimension);
}

/** xproj (T, B, N) = x̃ · W_ihᵀ + b_ih. */
export function inputProjection(
  device: GPUDevice,
  sizes: KernelSizes,
  shape: LayerGemmShape,
  offsets: { wIh: number; bIh: number },
  buffers: { src: GPUBuffer; params: GPUBuffer; xproj: GPUBuffer; step: GPUBuffer },
): Dispatch {
  const pipeline = computePipeline(
    device,
    { name: 'input_projection.wgsl', code: inputProjectionSource, usesHash: true },
    'input_projection',
    { WG: sizes.gemm },
  );
  const uniform = shapeUniform(device, 'input_projection.wgsl', {
    T: shape.T,
    B: shape.B,
    M: shape.T * shape.B,
    IN: shape.In,
    N: shape.N,
    W_OFF: offsets.wIh,
    B_OFF: offsets.bIh,
    ...sourceConstants(shape),
  });
  return {
    pipeline,
    bindGroup: bindBuffers(device, pipeline, [
      buffers.src,
      buffers.params,
      buffers.xproj,
      buffers.step,
      uniform,
    ]),
    grid: gridFor(
      Math.ceil((shape.T * shape.B) / GEMM_BLOCK) * Math.ceil(shape.N / GEMM_BLOCK),
      sizes.gemm,
      sizes,
    ),
    owned: [uniform],
  };
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
    step: GPUBuffer;
  },
): Dispatch {
  const pipeline = computePipeline(
    device,
    { name: 'weight_grads.wgsl', code: weightGradsSource, usesHash: true },
    'weight_grads',
    { WG: sizes.gemm },
  );
  const inBlocks = Math.ceil(shape.In / GEMM_BLOCK);
  const hBlocks = Math.ceil(shape.H / GEMM_BLOCK);
  const columnBlocks = inBlocks + hBlocks + 1;
  const uniform = shapeUniform(device, 'weight_grads.wgsl', {
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
  });
  return {
    pipeline,
    bindGroup: bindBuffers(device, pipeline, [
      buffers.src,
      buffers.h,
      buffers.dgatesIn,
      buffers.dgatesHid,
      buffers.grads,
      buffers.step,
      uniform,
    ]),
    grid: gridFor(Math.ceil(shape.N / GEMM_BLOCK) * columnBlocks, sizes.gemm, sizes),
    owned: [uniform],
  };
}

/** dh_below (T, B, In) = mask ⊙ (dgates_in · W_ih); only for layers with a hidden source. */
export function inputGrad(
  device: GPUDevice,
  sizes: KernelSizes,
  shape: LayerGemmShape & { source: { kind: 'hidden'; layerBelow: number } },
  offsets: { wIh: number },
  buffers: { dgatesIn: GPUBuffer; params: GPUBuffer; dhBelow: GPUBuffer; step: GPUBuffer },
): Dispatch {
  const constants = sourceConstants(shape);
  const pipeline = computePipeline(
    device,
    { name: 'input_grad.wgsl', code: inputGradSource, usesHash: true },
    'input_grad',
    { WG: sizes.gemm },
  );
  const uniform = shapeUniform(device, 'input_grad.wgsl', {
    T: shape.T,
    B: shape.B,
    M: shape.T * shape.B,
    IN: shape.In,
    N: shape.N,
    W_OFF: offsets.wIh,
    LAYER_BELOW: constants.LAYER_BELOW,
    SEED: constants.SEED,
    DROP_THRESHOLD: constants.DROP_THRESHOLD,
    KEEP_SCALE: constants.KEEP_SCALE,
  });
  return {
    pipeline,
    bindGroup: bindBuffers(device, pipeline, [
      buffers.dgatesIn,
      buffers.params,
      buffers.dhBelow,
      buffers.step,
      uniform,
    ]),
    grid: gridFor(
      Math.ceil((shape.T * shape.B) / GEMM_BLOCK) * Math.ceil(shape.In / GEMM_BLOCK),
      sizes.gemm,
      sizes,
    ),
    owned: [uniform],
  };
}
