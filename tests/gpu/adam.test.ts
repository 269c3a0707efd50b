import { describe, expect, it } from 'vitest';
import { runAdamSelfTest, SELF_TEST_TOLERANCE } from '../../src/engine/gpu/selfTest';
import { testGpu } from './gpu';

// adam.wgsl vs the Float64 reference. Tolerance: 1e-5 relative (float32 rounding over a few steps).
describe('adam_update kernel', () => {
  it.each([1, 63, 64, 65, 1000, 4099])('matches adamUpdate for %i parameters', async (n) => {
    const { device } = await testGpu();
    const result = await runAdamSelfTest(device, n, 4, n);
    expect(result.maxRelError).toBeLessThanOrEqual(SELF_TEST_TOLERANCE);
    expect(result.passed).toBe(true);
  });
});
