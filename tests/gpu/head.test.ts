import { describe, expect, it } from 'vitest';
import { denseMse, gradNorm, STATS } from '../../src/engine/gpu/head';
import { kernelSizes } from '../../src/engine/gpu/sizes';
import { denseBackward, denseForward, mseBackward, mseLoss } from '../../src/engine/reference/dense';
import { clipScale } from '../../src/engine/reference/optimizers';
import { testGpu } from './gpu';
import { randomArray, read, relError, run, stepUniform, upload } from './harness';

// dense_mse (head + MSE, forward and backward fused) vs denseForward/mseLoss/mseBackward/denseBackward,
// and grad_norm vs clipScale. Tolerances: values 1e-4 relative, gradients 1e-3 relative.

describe.each([
  { T: 3, B: 5, H: 7, O: 1 },
  { T: 4, B: 70, H: 33, O: 6 },
])('dense_mse T=$T B=$B H=$H O=$O', ({ T, B, H, O }) => {
  it('matches the reference head and loss', async () => {
    const { device } = await testGpu();
    const hTop = randomArray((T + 1) * B * H, 1); // (T+1, B, H)
    const y = randomArray(B * O, 2);
    const offsets = { w: 5, b: 5 + O * H };
    const total = offsets.b + O + 3;
    const params = randomArray(total, 3, 0.4);
    const sentinel = -77;
    const buffers = {
      hTop: upload(device, 'hTop', hTop),
      params: upload(device, 'params', params),
      y: upload(device, 'y', y),
      pred: upload(device, 'pred', B * O),
      grads: upload(device, 'grads', new Float32Array(total).fill(sentinel)),
      dhTop: upload(device, 'dhTop', new Float32Array(T * B * H).fill(sentinel)),
      stats: upload(device, 'stats', STATS.floats),
      members: stepUniform(device, 1, true),
    };
    const shape = { T, B, H, O, P: total, members: 1 };
    await run(device, [denseMse(device, kernelSizes(device.limits), shape, offsets, buffers)]);

    const last = hTop.subarray(T * B * H); // (B, H)
    const w = Float64Array.from(params.subarray(offsets.w, offsets.w + O * H));
    const bias = Float64Array.from(params.subarray(offsets.b, offsets.b + O));
    const lastH = Float64Array.from(last);
    const pred = denseForward(lastH, w, bias, B, H, O);
    const cpu = denseBackward(mseBackward(pred, y), lastH, w, B, H, O);

    expect(relError(await read(device, buffers.pred, B * O), pred)).toBeLessThanOrEqual(1e-4);
    const stats = await read(device, buffers.stats, STATS.floats);
    expect(relError([stats[STATS.loss]], [mseLoss(pred, y)])).toBeLessThanOrEqual(1e-4);
    const grads = await read(device, buffers.grads, total);
    expect(relError(grads.subarray(offsets.w, offsets.w + O * H), cpu.dw)).toBeLessThanOrEqual(1e-3);
    expect(relError(grads.subarray(offsets.b, offsets.b + O), cpu.db)).toBeLessThanOrEqual(1e-3);
    expect(grads[0]).toBe(sentinel);
    expect(grads[total - 1]).toBe(sentinel);
    const dh = await read(device, buffers.dhTop, T * B * H);
    expect(relError(dh.subarray((T - 1) * B * H), cpu.dh)).toBeLessThanOrEqual(1e-3);
    expect(dh[0]).toBe(sentinel); // rows before T−1 are not the head's
  });
});

describe('grad_norm', () => {
  it.each([
    { n: 1, clip: 0 },
    { n: 1000, clip: 0 },
    { n: 4099, clip: 0.5 },
    { n: 4099, clip: 1e6 },
  ])('matches clipScale for n=$n clip=$clip (1e-4)', async ({ n, clip }) => {
    const { device } = await testGpu();
    const grads = randomArray(n, n, 0.3);
    const stats = upload(device, 'stats', STATS.floats);
    await run(device, [
      gradNorm(device, kernelSizes(device.limits), n, clip, {
        grads: upload(device, 'g', grads),
        stats,
        members: stepUniform(device, 1, true),
      }),
    ]);
    const out = await read(device, stats, STATS.floats);
    const cpu = clipScale(grads, clip);
    expect(relError([out[STATS.gradNorm]], [cpu.norm])).toBeLessThanOrEqual(1e-4);
    expect(relError([out[STATS.clipScale]], [cpu.scale])).toBeLessThanOrEqual(1e-4);
    if (clip === 0.5) expect(out[STATS.clipScale]).toBeLessThan(1);
  });
});
