import { describe, expect, it } from 'vitest';
import {
  fusedWorkgroupBytes,
  MIN_WORKGROUPS,
  planRecurrence,
  type RecurrenceLimits,
} from '../../src/engine/gpu/recurrencePlan';

// The browser's minimum limits (WebGPU defaults) and SwiftShader's in Node.
const BROWSER_MIN: RecurrenceLimits = {
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupsPerDimension: 65535,
};

describe('planRecurrence', () => {
  it('tiles the workloads with four rows per thread and at most 256 threads', () => {
    // W1: 16 rows × 64 units = 256 threads of 4 rows, 4 workgroups.
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 32, B: 64, H: 64 })).toMatchObject({
      path: 'fused',
      tileB: 16,
      workgroups: 4,
      rowsPerThread: 4,
    });
    // W2: 8 rows × 128 units.
    expect(planRecurrence(BROWSER_MIN, 'gru', { T: 64, B: 256, H: 128 })).toMatchObject({
      tileB: 8,
      workgroups: 32,
      rowsPerThread: 4,
    });
    // W3: capped so that at least MIN_WORKGROUPS workgroups share the cores.
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 16, B: 32, H: 32 })).toMatchObject({
      tileB: 8,
      workgroups: MIN_WORKGROUPS,
    });
  });

  it('uses one row per thread for small batches, and keeps partial last tiles', () => {
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 7, H: 1 })).toMatchObject({
      tileB: 2,
      workgroups: 4,
      rowsPerThread: 1,
    });
    expect(planRecurrence(BROWSER_MIN, 'gru', { T: 5, B: 1, H: 64 })).toMatchObject({
      tileB: 1,
      workgroups: 1,
    });
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 64, H: 33 })).toMatchObject({
      tileB: 16,
      workgroups: 4,
      rowsPerThread: 4,
    });
    // One row per thread on 33 units: 7 rows per workgroup (231 threads), the last tile holds 1 row.
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 64, H: 33 }, { rowsPerThread: 1 })).toMatchObject({
      tileB: 7,
      workgroups: 10,
      rowsPerThread: 1,
    });
  });

  it('keeps the one-row-per-thread workgroup tiles within the device limit', () => {
    const small = { ...BROWSER_MIN, maxComputeWorkgroupStorageSize: 4096 };
    const plan = planRecurrence(small, 'lstm', { T: 5, B: 64, H: 64 }, { rowsPerThread: 1 });
    expect(plan.tileB).toBe(2);
    expect(fusedWorkgroupBytes('lstm', 64, plan.tileB)).toBeLessThanOrEqual(4096);
    expect(fusedWorkgroupBytes('lstm', 64, 16, 4)).toBe(0);
  });

  it('uses the four-rows kernels, which need no workgroup memory, when one row does not fit', () => {
    const tiny = { ...BROWSER_MIN, maxComputeWorkgroupStorageSize: 2048 };
    expect(planRecurrence(tiny, 'gru', { T: 5, B: 4, H: 128 })).toMatchObject({
      path: 'fused',
      tileB: 4,
      rowsPerThread: 4,
    });
  });

  it('falls back to per-step with a reason when H exceeds the threads of a workgroup', () => {
    const plan = planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 4, H: 257 });
    expect(plan.path).toBe('per-step');
    expect(plan.reason).toMatch(/hidden size 257 exceeds the 256 threads/);
  });

  it('honours a forced path, and refuses to force an impossible fused one', () => {
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 4, H: 8 }, { forcePath: 'per-step' }).path).toBe(
      'per-step',
    );
    expect(() => planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 4, H: 300 }, { forcePath: 'fused' })).toThrow(
      /cannot run/,
    );
  });
});
