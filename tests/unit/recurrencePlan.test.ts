import { describe, expect, it } from 'vitest';
import {
  fusedWorkgroupBytes,
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
  it('tiles the workloads with one thread per (row, unit) and at most 256 threads', () => {
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 32, B: 64, H: 64 })).toMatchObject({
      path: 'fused',
      tileB: 4,
      workgroups: 16,
    });
    expect(planRecurrence(BROWSER_MIN, 'gru', { T: 64, B: 256, H: 128 })).toMatchObject({
      tileB: 2,
      workgroups: 128,
    });
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 16, B: 32, H: 32 })).toMatchObject({
      tileB: 8,
      workgroups: 4,
    });
  });

  it('never makes a tile larger than the batch, and keeps partial last tiles', () => {
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 7, H: 1 })).toMatchObject({
      tileB: 7,
      workgroups: 1,
    });
    expect(planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 64, H: 33 })).toMatchObject({
      tileB: 7,
      workgroups: 10,
    });
  });

  it('keeps the workgroup-memory tiles within the device limit', () => {
    const small = { ...BROWSER_MIN, maxComputeWorkgroupStorageSize: 4096 };
    const plan = planRecurrence(small, 'lstm', { T: 5, B: 64, H: 64 });
    expect(plan.tileB).toBe(2);
    expect(fusedWorkgroupBytes('lstm', 64, plan.tileB)).toBeLessThanOrEqual(4096);
  });

  it('falls back to per-step with a reason when H exceeds the threads of a workgroup', () => {
    const plan = planRecurrence(BROWSER_MIN, 'lstm', { T: 5, B: 4, H: 257 });
    expect(plan.path).toBe('per-step');
    expect(plan.reason).toMatch(/hidden size 257 exceeds the 256 threads/);
  });

  it('falls back to per-step with a reason when one row does not fit workgroup memory', () => {
    const tiny = { ...BROWSER_MIN, maxComputeWorkgroupStorageSize: 2048 };
    const plan = planRecurrence(tiny, 'gru', { T: 5, B: 4, H: 128 });
    expect(plan.path).toBe('per-step');
    expect(plan.reason).toMatch(/3072 bytes of workgroup memory/);
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
