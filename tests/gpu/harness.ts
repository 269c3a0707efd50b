// Helpers for kernel parity tests: upload arrays, run recorded dispatches in one pass, read back, compare.
import { readFloats, storageBuffer } from '../../src/engine/gpu/buffers';
import { type MemberSettings, membersUniform, writeMembers } from '../../src/engine/gpu/members';
import { type Dispatch, recordDispatch } from '../../src/engine/gpu/pipelines';
import { mulberry32 } from '../../src/engine/random';
import { DEFAULT_OPTIMIZER } from '../../src/engine/types';

export function randomArray(n: number, seed: number, scale = 1): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
}

export function upload(device: GPUDevice, label: string, data: ArrayLike<number> | number): GPUBuffer {
  return storageBuffer(device, label, typeof data === 'number' ? data : Float32Array.from(data));
}

/**
 * The members uniform of a lone model (K = 1, see src/engine/gpu/members.ts): its optimiser step, dropout
 * seed and rate, and whether dropout is on.
 */
export function stepUniform(
  device: GPUDevice,
  step: number,
  dropoutOn: boolean,
  member: MemberSettings = { seed: 0, dropout: 0, lr: DEFAULT_OPTIMIZER.lr },
): GPUBuffer {
  const buffer = membersUniform(device);
  writeMembers(device, buffer, [member], DEFAULT_OPTIMIZER, { active: [true], steps: [step], dropoutOn });
  return buffer;
}

export async function run(device: GPUDevice, dispatches: Dispatch[]): Promise<void> {
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  for (const dispatch of dispatches) recordDispatch(pass, dispatch);
  pass.end();
  device.queue.submit([encoder.finish()]);
  await device.queue.onSubmittedWorkDone();
}

export function read(device: GPUDevice, buffer: GPUBuffer, n: number, offset = 0): Promise<Float32Array> {
  return readFloats(device, buffer, n, offset);
}

/**
 * Largest elementwise relative error, each element measured against max(|cpu_i|, 1e-2 · max|cpu|)
 * so that entries near zero are judged on the array's scale, not their own.
 */
export function relError(gpu: ArrayLike<number>, cpu: ArrayLike<number>): number {
  if (gpu.length !== cpu.length) throw new Error(`length ${gpu.length} ≠ ${cpu.length}`);
  let scale = 0;
  for (let i = 0; i < cpu.length; i++) scale = Math.max(scale, Math.abs(cpu[i]));
  const floor = Math.max(1e-2 * scale, 1e-30);
  let worst = 0;
  for (let i = 0; i < cpu.length; i++) {
    const err = Math.abs(gpu[i] - cpu[i]) / Math.max(Math.abs(cpu[i]), floor);
    if (Number.isNaN(err)) return Number.NaN;
    worst = Math.max(worst, err);
  }
  return worst;
}
