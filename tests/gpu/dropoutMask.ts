// Draws one stream of dropout multipliers on the GPU with dropout_mask.wgsl. Training never runs it
// (the kernels draw masks inline); it proves the WGSL hash matches src/engine/random.ts.
import { readFloats, storageBuffer } from '../../src/engine/gpu/buffers';
import { bindBuffers, computePipeline, recordDispatch } from '../../src/engine/gpu/pipelines';
import { dropoutConstants, kernelSizes } from '../../src/engine/gpu/sizes';
import dropoutMaskSource from './dropout_mask.wgsl?raw';

export async function drawDropoutMask(
  device: GPUDevice,
  seed: number,
  stream: number,
  n: number,
  p: number,
): Promise<{ bits: Uint32Array; scale: Float32Array }> {
  const sizes = kernelSizes(device.limits);
  const { DROP_THRESHOLD, KEEP_SCALE } = dropoutConstants(seed, p);
  const pipeline = computePipeline(
    device,
    { name: 'dropout_mask.wgsl', code: dropoutMaskSource },
    'dropout_mask',
    {
      WG: sizes.elementwise,
      N: n,
      SEED: seed >>> 0,
      STREAM: stream >>> 0,
      THRESHOLD: DROP_THRESHOLD,
      KEEP_SCALE,
    },
  );
  const bits = storageBuffer(device, 'mask bits', n);
  const scale = storageBuffer(device, 'mask scale', n);
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  recordDispatch(pass, {
    pipeline,
    bindGroup: bindBuffers(device, pipeline, [bits, scale]),
    grid: [Math.ceil(n / sizes.elementwise), 1, 1],
  });
  pass.end();
  device.queue.submit([encoder.finish()]);
  const bitsOut = new Uint32Array((await readFloats(device, bits, n)).buffer);
  const scaleOut = await readFloats(device, scale, n);
  bits.destroy();
  scale.destroy();
  return { bits: bitsOut, scale: scaleOut };
}
