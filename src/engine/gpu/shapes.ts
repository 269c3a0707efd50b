// The `Shape` uniform of each engine kernel: sizes and tensor offsets (per member), written once
// when a dispatch is built. Keeping them out of override constants lets one compiled pipeline serve
// every layer, batch shape and model (pipeline compilation, not execution, dominated start-up).
// Field order here is the WGSL struct's order; tests/unit/shaderShapes.test.ts checks they agree.
import { uniformBuffer } from './buffers';

export const SHAPE_FIELDS = {
  'input_projection.wgsl': ['T', 'B', 'M', 'IN', 'N', 'W_OFF', 'B_OFF', 'SOURCE', 'LAYER_BELOW', 'P'],
  'weight_grads.wgsl': [
    'T',
    'B',
    'M',
    'IN',
    'H',
    'N',
    'W_IH_OFF',
    'W_HH_OFF',
    'B_IH_OFF',
    'B_HH_OFF',
    'SOURCE',
    'LAYER_BELOW',
    'P',
    'IN_BLOCKS',
    'H_BLOCKS',
    'COL_BLOCKS',
    'ROW_SLOTS',
  ],
  'input_grad.wgsl': ['T', 'B', 'M', 'IN', 'N', 'W_OFF', 'LAYER_BELOW', 'P'],
  'dense_mse.wgsl': ['T', 'B', 'H', 'O', 'W_OFF', 'B_OFF', 'LOSS_INDEX', 'P'],
  'grad_norm.wgsl': ['N', 'CLIP'],
} as const;

/** Fields declared `f32` in the WGSL structs; every other field is `u32`. */
export const FLOAT_FIELDS: ReadonlySet<string> = new Set(['CLIP']);

export type ShapeKernel = keyof typeof SHAPE_FIELDS;

/** A uniform buffer holding `values` in the order of `kernel`'s Shape struct. */
export function shapeUniform(
  device: GPUDevice,
  kernel: ShapeKernel,
  values: Record<(typeof SHAPE_FIELDS)[ShapeKernel][number], number> | Record<string, number>,
): GPUBuffer {
  const fields = SHAPE_FIELDS[kernel];
  const bytes = new ArrayBuffer(Math.ceil((fields.length * 4) / 16) * 16);
  const asU32 = new Uint32Array(bytes);
  const asF32 = new Float32Array(bytes);
  fields.forEach((name, i) => {
    const value = (values as Record<string, number>)[name];
    if (value === undefined) throw new Error(`${kernel}: no value for shape field ${name}`);
    if (FLOAT_FIELDS.has(name)) asF32[i] = value;
    else asU32[i] = value >>> 0;
  });
  const buffer = uniformBuffer(device, `${kernel} shape`, bytes.byteLength);
  device.queue.writeBuffer(buffer, 0, bytes);
  return buffer;
}
