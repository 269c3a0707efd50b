// The tiling rule of the recurrence kernels, as a pure function of the device limits and the layer's shape,
// so it can be unit-tested without a GPU and shown in the UI.
import { type CellKind, GATES } from '../types';

export interface RecurrenceDims {
  T: number;
  B: number;
  H: number;
}

/** The limits the recurrence is sized from (a subset of GPUSupportedLimits). */
export interface RecurrenceLimits {
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
  maxComputeWorkgroupSizeX: number;
  maxComputeWorkgroupsPerDimension: number;
}

export type RecurrencePath = 'fused' | 'per-step';

export interface RecurrencePlan {
  path: RecurrencePath;
  /** Human explanation of the choice, shown in the UI. */
  reason: string;
  /** Fused path: batch rows per workgroup; each workgroup runs tileB · H threads. */
  tileB: number;
  /** Fused path: workgroups per dispatch (ceil(B / tileB)). */
  workgroups: number;
}

export interface RecurrencePlanOptions {
  /** Forces a path (tests use it to exercise the per-step fallback on small shapes). */
  forcePath?: RecurrencePath;
}

/**
 * Workgroup memory the fused kernels need for a tile of `tileB` rows, in bytes: the forward keeps h ping-pong
 * (2 · tileB · H floats), the backward keeps the gate gradients ping-pong (2 · tileB · G·H floats).
 */
export function fusedWorkgroupBytes(cell: CellKind, H: number, tileB: number): number {
  return 4 * 2 * tileB * H * Math.max(1, GATES[cell]);
}

/**
 * Fused when one thread per hidden unit fits a workgroup and the ping-pong tiles fit workgroup memory;
 * otherwise the per-step path. The batch tile is the largest that fits both limits (more rows per workgroup
 * means fewer workgroups, which is what a CPU-emulated GPU wants; B / tileB workgroups still spread over cores).
 */
export function planRecurrence(
  limits: RecurrenceLimits,
  cell: CellKind,
  dims: RecurrenceDims,
  options: RecurrencePlanOptions = {},
): RecurrencePlan {
  const { B, H } = dims;
  const maxThreads = Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX);
  const bytesPerRow = fusedWorkgroupBytes(cell, H, 1);
  if (options.forcePath === 'per-step') {
    return { path: 'per-step', reason: 'per-step path requested', tileB: 0, workgroups: 0 };
  }
  let reason = '';
  if (H > maxThreads) {
    reason = `hidden size ${H} exceeds the ${maxThreads} threads a workgroup may run (one per hidden unit)`;
  } else if (bytesPerRow > limits.maxComputeWorkgroupStorageSize) {
    reason = `hidden size ${H} needs ${bytesPerRow} bytes of workgroup memory per batch row; the device allows ${limits.maxComputeWorkgroupStorageSize}`;
  }
  if (reason) {
    if (options.forcePath === 'fused') throw new Error(`the fused recurrence cannot run: ${reason}`);
    return { path: 'per-step', reason: `per-step fallback: ${reason}`, tileB: 0, workgroups: 0 };
  }
  const tileB = Math.max(
    1,
    Math.min(B, Math.floor(maxThreads / H), Math.floor(limits.maxComputeWorkgroupStorageSize / bytesPerRow)),
  );
  const workgroups = Math.ceil(B / tileB);
  if (workgroups > limits.maxComputeWorkgroupsPerDimension) {
    throw new Error(`batch ${B} needs ${workgroups} workgroups, over the device's per-dimension limit`);
  }
  return {
    path: 'fused',
    reason: `fused: one dispatch per layer and direction, ${tileB} batch row${tileB === 1 ? '' : 's'} × ${H} units per workgroup, ${workgroups} workgroup${workgroups === 1 ? '' : 's'}`,
    tileB,
    workgroups,
  };
}
