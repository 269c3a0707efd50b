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
  /** Fused path: batch rows per thread (tileB is a multiple of it). */
  rowsPerThread: number;
}

export interface RecurrencePlanOptions {
  /** Forces a path (tests use it to exercise the per-step fallback on small shapes). */
  forcePath?: RecurrencePath;
  /** Batch rows each thread of the fused kernels computes (1 or 4); default chosen by the plan. */
  rowsPerThread?: 1 | 4;
}

/** Below this many workgroups a dispatch leaves cores (or SMs) idle; the tile shrinks to reach it. */
export const MIN_WORKGROUPS = 4;

/**
 * Workgroup memory the fused kernels need for a tile of `tileB` rows, in bytes. One row per thread: the backward's
 * ping-pong tile of gate gradients, 2 · tileB · G·H floats (the forward's h tile is smaller). Four rows per thread:
 * none (those kernels read back their own storage outputs).
 */
export function fusedWorkgroupBytes(cell: CellKind, H: number, tileB: number, rowsPerThread = 1): number {
  return rowsPerThread === 4 ? 0 : 4 * 2 * tileB * H * GATES[cell];
}

/**
 * Fused whenever one thread per hidden unit fits a workgroup; otherwise the per-step path.
 * Four batch rows per thread when the batch has at least 8 rows (each weight load then feeds four rows: 2–3×
 * faster on SwiftShader, where loads dominate), or when one row's workgroup tiles do not fit; else one row per
 * thread. The batch tile is the largest that fits the thread (and memory) limits while leaving at least
 * MIN_WORKGROUPS workgroups.
 */
export function planRecurrence(
  limits: RecurrenceLimits,
  cell: CellKind,
  dims: RecurrenceDims,
  options: RecurrencePlanOptions = {},
): RecurrencePlan {
  const { B, H } = dims;
  const maxThreads = Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX);
  const storage = limits.maxComputeWorkgroupStorageSize;
  if (options.forcePath === 'per-step') {
    return { path: 'per-step', reason: 'per-step path requested', tileB: 0, workgroups: 0, rowsPerThread: 0 };
  }
  if (H > maxThreads) {
    const reason = `hidden size ${H} exceeds the ${maxThreads} threads a workgroup may run (one per hidden unit)`;
    if (options.forcePath === 'fused') throw new Error(`the fused recurrence cannot run: ${reason}`);
    return {
      path: 'per-step',
      reason: `per-step fallback: ${reason}`,
      tileB: 0,
      workgroups: 0,
      rowsPerThread: 0,
    };
  }
  const largestTile = (rows: number) => {
    const byThreads = Math.floor(maxThreads / H) * rows;
    const bytesPerRow = fusedWorkgroupBytes(cell, H, 1, rows);
    const byMemory = bytesPerRow === 0 ? byThreads : Math.floor(storage / bytesPerRow);
    const byWorkgroups = Math.ceil(B / MIN_WORKGROUPS);
    const tile = Math.min(byThreads, byMemory, Math.max(rows, byWorkgroups));
    return Math.floor(tile / rows) * rows;
  };
  let rows = options.rowsPerThread ?? (B >= 8 ? 4 : 1);
  if (largestTile(rows) < 1) rows = 4; // one row's workgroup tiles do not fit: the storage-only kernels do
  const tileB = largestTile(rows);
  const workgroups = Math.ceil(B / tileB);
  if (workgroups > limits.maxComputeWorkgroupsPerDimension) {
    throw new Error(`batch ${B} needs ${workgroups} workgroups, over the device's per-dimension limit`);
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return {
    path: 'fused',
    reason: `fused: one dispatch per layer and direction, ${plural(tileB, 'batch row')} × ${H} units per workgroup (${rows} per thread), ${plural(workgroups, 'workgroup')}`,
    tileB,
    workgroups,
    rowsPerThread: rows,
  };
}
