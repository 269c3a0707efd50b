import { describe, expect, it } from 'vitest';
import { membersUniform, writeMembers } from '../../src/engine/gpu/members';
import { OptimizerKernel } from '../../src/engine/gpu/optimizer';
import { kernelSizes } from '../../src/engine/gpu/sizes';
import { dropoutScale, dropoutStream, hashUniform } from '../../src/engine/random';
import { adamUpdate, rmspropUpdate, sgdUpdate } from '../../src/engine/reference/optimizers';
import { DEFAULT_OPTIMIZER, type OptimizerConfig } from '../../src/engine/types';
import { drawDropoutMask } from './dropoutMask';
import { testGpu } from './gpu';
import { randomArray, read, relError, upload } from './harness';

// The optimiser kernels (one dispatch over the flat buffer) vs their Float64 twins, over several steps
// with a clipping factor and weight decay. Tolerance: 1e-4 relative after 5 steps (elements near zero measured against 1e-2 of the largest; see relError).

const CASES: OptimizerConfig[] = [
  { ...DEFAULT_OPTIMIZER, kind: 'adam', lr: 0.01, weightDecay: 0.01 },
  { ...DEFAULT_OPTIMIZER, kind: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 0.001 },
  { ...DEFAULT_OPTIMIZER, kind: 'sgd', lr: 0.05, momentum: 0 },
  { ...DEFAULT_OPTIMIZER, kind: 'rmsprop', lr: 0.01, alpha: 0.9, weightDecay: 0.01 },
];

describe.each(CASES)('$kind optimiser (momentum $momentum)', (opt) => {
  it.each([1, 65, 4099])('matches the reference on %i parameters', async (n) => {
    const { device } = await testGpu();
    const steps = 5;
    const gradScale = 0.7;
    const params0 = randomArray(n, 1);
    const gradsPerStep = Array.from({ length: steps }, (_, s) => randomArray(n, 10 + s));
    const params = upload(device, 'params', params0);
    const grads = upload(device, 'grads', n);
    const scale = upload(device, 'scale', [gradScale, 0, 0, 0]);
    const members = membersUniform(device);
    const kernel = new OptimizerKernel(device, kernelSizes(device.limits), opt, n, {
      params,
      grads,
      gradScale: scale,
      members,
    });
    const member = [{ seed: 0, dropout: 0, lr: opt.lr }];
    for (let step = 1; step <= steps; step++) {
      device.queue.writeBuffer(grads, 0, gradsPerStep[step - 1] as Float32Array<ArrayBuffer>);
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      writeMembers(device, members, member, opt, { active: [true], steps: [step], dropoutOn: true });
      kernel.record(pass);
      pass.end();
      device.queue.submit([encoder.finish()]);
    }
    const gpu = await read(device, params, n);

    const cpu = Float64Array.from(params0);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let step = 1; step <= steps; step++) {
      const g = gradsPerStep[step - 1];
      if (opt.kind === 'adam') adamUpdate(cpu, g, a, b, step, opt, gradScale);
      else if (opt.kind === 'sgd') sgdUpdate(cpu, g, a, step, opt, gradScale);
      else rmspropUpdate(cpu, g, a, step, opt, gradScale);
    }
    expect(relError(gpu, cpu)).toBeLessThanOrEqual(1e-4);
    // The state the kernel keeps is the reference's state too (restored with the weights).
    expect(relError(await read(device, kernel.state[0], n), a)).toBeLessThanOrEqual(1e-4);
    kernel.destroy();
  });
});

describe('dropout mask hash', () => {
  it.each([
    { seed: 42, step: 1, layer: 0, p: 0.3 },
    { seed: 0xfffffff0, step: 123456, layer: 3, p: 0.5 },
  ])('is bit-exact with hashUniform / dropoutScale (seed $seed, p $p)', async ({ seed, step, layer, p }) => {
    const { device } = await testGpu();
    const n = 5000;
    const stream = dropoutStream(step, layer);
    const { bits, scale } = await drawDropoutMask(device, seed, stream, n, p);
    let dropped = 0;
    for (let i = 0; i < n; i++) {
      expect(bits[i] / 2 ** 24).toBe(hashUniform(seed, stream, i));
      const expected = dropoutScale(seed, stream, i, p);
      expect(scale[i]).toBe(Math.fround(expected));
      if (expected === 0) dropped++;
    }
    expect(Math.abs(dropped / n - p)).toBeLessThan(0.05);
  });
});
