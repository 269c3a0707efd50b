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
  it('tiles the workloads with 4 rows × 4 units per thread and at most 256 threads', () => {
    // W1: 16 rows × 64 units = 4 × 16 blocks of 4 × 4, 64 threads; 4 workgroups.
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 32, B: 64, H: 64 })).toMatchObject({
      path: 'fused',
      layout: 'blocked',
      tileB: 16,
      workgroups: 4,
      threads: 64,
      rowsPerThread: 4,
      unitsPerThread: 4,
      unitThreads: 16,
      backwardUnitsPerThread: 4,
      backwardUnitThreads: 16,
      backwardThreads: 64,
    });
    // W2: 256 rows / 4 workgroups = 64 rows; 16 × 32 = 512 threads is over 256, so 32 rows (8 × 32 threads).
    // The GRU backward takes 8 units per thread on the same tile: 8 × 16 threads.
    expect(planRecurrence(BROWSER_MIN, 'gru', { T: 64, B: 256, H: 128 })).toMatchObject({
      layout: 'blocked',
      tileB: 32,
      workgroups: 8,
      threads: 256,
      unitThreads: 32,
      backwardUnitsPerThread: 8,
      backwardUnitThreads: 16,
      backwardThreads: 128,
    });
    // W3: capped so that at least MIN_WORKGROUPS workgroups share the cores.
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 16, B: 32, H: 32 })).toMatchObject({
      tileB: 8,
      workgroups: MIN_WORKGROUPS,
      threads: 16,
    });
  });

  it('uses one row and unit per thread for small batches, and keeps partial last tiles', () => {
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 7, H: 1 })).toMatchObject({
      layout: 'rows1',
      tileB: 2,
      workgroups: 4,
      rowsPerThread: 1,
      unitsPerThread: 1,
    });
    expect(planRecurrence(BROWSER_MIN, 'gru', { T: 5, B: 1, H: 64 })).toMatchObject({
      layout: 'rows1',
      tileB: 1,
      workgroups: 1,
    });
    // Blocked on 33 units: 9 blocks of 4 units (3 phantom), 16 rows per workgroup.
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 64, H: 33 })).toMatchObject({
      layout: 'blocked',
      tileB: 16,
      workgroups: 4,
      threads: 36,
    });
    // One row per thread on 33 units: 7 rows per workgroup (231 threads), the last tile holds 1 row.
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 64, H: 33 }, { layout: 'rows1' })).toMatchObject({
      tileB: 7,
      workgroups: 10,
      threads: 231,
      rowsPerThread: 1,
    });
  });

  it('keeps the one-row-per-thread workgroup tiles within the device limit', () => {
    const small = { ...BROWSER_MIN, maxComputeWorkgroupStorageSize: 4096 };
    const plan = planRecurrence(small, 'lstm', { T: 5, B: 64, H: 64 }, { layout: 'rows1' });
    expect(plan.tileB).toBe(2);
    expect(fusedWorkgroupBytes('lstm', 64, plan.tileB, 'rows1')).toBeLessThanOrEqual(4096);
    expect(fusedWorkgroupBytes('lstm', 64, 16, 'blocked')).toBe(0);
  });

  it('uses the blocked kernels, which need no workgroup memory, when one row does not fit', () => {
    const tiny = { ...BROWSER_MIN, maxComputeWorkgroupStorageSize: 2048 };
    expect(planRecurrence(tiny, 'gru', { T: 5, B: 4, H: 128 })).toMatchObject({
      path: 'fused',
      layout: 'blocked',
      tileB: 4,
    });
  });

  it('stays fused up to H = 4 · 256 through the blocked layout, then falls back to per-step with a reason', () => {
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 4, H: 257 })).toMatchObject({
      path: 'fused',
      layout: 'blocked',
      threads: 65,
    });
    expect(planRecurrence(BROWSER_MIN, 'gru', { T: 5, B: 4, H: 1024 })).toMatchObject({
      path: 'fused',
      threads: 256,
    });
    const plan = planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 4, H: 1025 });
    expect(plan.path).toBe('per-step');
    expect(plan.reason).toMatch(/hidden size 1025 needs 257 threads per workgroup, over the 256/);
  });

  it('honours a forced path or layout, and refuses to force an impossible one', () => {
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 4, H: 8 }, { forcePath: 'per-step' }).path).toBe(
      'per-step',
    );
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 4, H: 8 }, { layout: 'blocked' }).layout).toBe(
      'blocked',
    );
    expect(() =>
      planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 4, H: 1100 }, { forcePath: 'fused' }),
    ).toThrow(/cannot run/);
    expect(() => planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 4, H: 300 }, { layout: 'rows1' })).toThrow(
      /cannot run/,
    );
  });
});
