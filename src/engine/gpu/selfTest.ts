import { mulberry32 } from '../random';
import { adamUpdate } from '../reference/optimizers';
import { DEFAULT_OPTIMIZER, type OptimizerConfig } from '../types';
import { readFloats, storageBuffer } from './buffers';
import { membersUniform, writeMembers } from './members';
import { OptimizerKernel } from './optimizer';
import { kernelSizes } from './sizes';

export interface SelfTestResult {
  passed: boolean;
  /** Parameters updated. */
  n: number;
  steps: number;
  /** Largest |gpu − cpu| / max(1, |cpu|) over all parameters after the last step. */
  maxRelError: number;
  tolerance: number;
}

export const SELF_TEST_TOLERANCE = 1e-5;

/**
 * Runs `steps` Adam updates over `n` random parameters on the GPU and on the CPU reference and
 * compares the results. The page runs it at start-up to prove the kernels execute correctly on this
 * adapter; the tests run it over several sizes.
 */
export async function runAdamSelfTest(
  device: GPUDevice,
  n = 1000,
  steps = 3,
  seed = 7,
): Promise<SelfTestResult> {
  const rand = mulberry32(seed);
  const params = Float32Array.from({ length: n }, () => rand() * 2 - 1);
  const gradsPerStep = Array.from({ length: steps }, () =>
    Float32Array.from({ length: n }, () => rand() * 2 - 1),
  );
  const opt: OptimizerConfig = { ...DEFAULT_OPTIMIZER, lr: 0.01, weightDecay: 0.01 };
  const gradScale = 0.5;

  const buffers = {
    params: storageBuffer(device, 'params', params),
    grads: storageBuffer(device, 'grads', n),
    gradScale: storageBuffer(device, 'grad scale', new Float32Array([gradScale])),
    members: membersUniform(device),
  };
  const member = [{ seed, dropout: 0, lr: opt.lr }];
  // The engine's own optimiser kernel, with its zero-initialised m and v.
  const kernel = new OptimizerKernel(device, kernelSizes(device.limits), opt, n, buffers);
  for (let step = 1; step <= steps; step++) {
    device.queue.writeBuffer(buffers.grads, 0, gradsPerStep[step - 1] as Float32Array<ArrayBuffer>);
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    writeMembers(device, buffers.members, member, opt, { active: [true], steps: [step], dropoutOn: false });
    kernel.record(pass);
    pass.end();
    device.queue.submit([encoder.finish()]);
  }
  const gpu = await readFloats(device, buffers.params, n);

  const cpu = Float64Array.from(params);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  for (let step = 1; step <= steps; step++)
    adamUpdate(cpu, gradsPerStep[step - 1], m, v, step, opt, gradScale);

  let maxRelError = 0;
  for (let i = 0; i < n; i++) {
    maxRelError = Math.max(maxRelError, Math.abs(gpu[i] - cpu[i]) / Math.max(1, Math.abs(cpu[i])));
  }
  kernel.destroy();
  for (const buffer of Object.values(buffers)) buffer.destroy();
  return {
    passed: maxRelError <= SELF_TEST_TOLERANCE,
    n,
    steps,
    maxRelError,
    tolerance: SELF_TEST_TOLERANCE,
  };
}
