// The tiling rule of the recurrence kernels, as a pure function of the device limits and the layer's shape,
// so it can be unit-tested without a GPU and shown in the UI. The fused kernels take their sizes (threads per
// workgroup, threads across the units, tile floats) from it as override constants and compute none themselves.
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

/**
 * Thread layouts of the fused kernels: 'rows1' — one (row, unit) per thread, the tile in workgroup memory
 * (shaders/{lstm,gru}_{forward,backward}.wgsl); 'blocked' — 4 rows × 4 units per thread, no workgroup memory
 * (shaders/{lstm,gru}_{forward,backward}_blocked.wgsl).
 */
export type RecurrenceLayout = 'rows1' | 'blocked';

export interface RecurrencePlan {
  path: RecurrencePath;
  /** Human explanation of the choice, shown in the UI. */
  reason: string;
  /** Fused path: thread layout; undefined on the per-step path. */
  layout?: RecurrenceLayout;
  /** Fused path: batch rows per workgroup (a multiple of rowsPerThread). */
  tileB: number;
  /** Fused path: workgroups per dispatch (ceil(B / tileB)). */
  workgroups: number;
  /** Fused path: threads per workgroup, (tileB / rowsPerThread) · unitThreads; the kernels' `WG`. */
  threads: number;
  /** Fused path: batch rows each thread computes. */
  rowsPerThread: number;
  /** Fused path: hidden units each thread computes in the forward (and the LSTM backward). */
  unitsPerThread: number;
  /** Fused path: threads across the hidden units, ⌈H / unitsPerThread⌉; the blocked kernels' `HQ`. */
  unitThreads: number;
  /**
   * Fused path: hidden units each thread computes in the backward. The blocked GRU backward takes 8
   * (shaders/gru_backward_blocked.wgsl: it keeps one value per row and unit, so the wider block is cheap), and
   * so runs (tileB / 4) · ⌈H / 8⌉ threads on the tile sized for the forward.
   */
  backwardUnitsPerThread: number;
  /** Fused path: threads across the hidden units in the backward, ⌈H / backwardUnitsPerThread⌉. */
  backwardUnitThreads: number;
  /** Fused path: threads per workgroup of the backward, (tileB / rowsPerThread) · backwardUnitThreads. */
  backwardThreads: number;
}

export interface RecurrencePlanOptions {
  /** Forces a path (tests use it to exercise the per-step fallback on small shapes). */
  forcePath?: RecurrencePath;
  /** Forces a fused thread layout; default chosen by the plan. */
  layout?: RecurrenceLayout;
}

/** Below this many workgroups a dispatch leaves cores (or SMs) idle; the tile shrinks to reach it. */
export const MIN_WORKGROUPS = 4;

const BLOCK = { rows1: { rows: 1, units: 1 }, blocked: { rows: 4, units: 4 } } as const;
/** Units per thread of shaders/gru_backward_blocked.wgsl (its HQ = ⌈H/8⌉). */
const GRU_BACKWARD_UNITS = 8;

/**
 * Floats of the fused kernels' workgroup tiles for `tileB` rows. 'rows1': two slots (ping-pong) of the tile's
 * h in the forward, 2 · tileB · H, and of its gate gradients in the backward, 2 · tileB · G·H. 'blocked': none
 * (those kernels read back their own storage outputs).
 */
function tileFloats(cell: CellKind, H: number, tileB: number, layout: RecurrenceLayout) {
  if (layout === 'blocked') return { forward: 0, backward: 0 };
  return { forward: 2 * tileB * H, backward: 2 * tileB * GATES[cell] * H };
}

/** Workgroup memory the fused kernels need for a tile of `tileB` rows, in bytes: the backward's, the larger. */
export function fusedWorkgroupBytes(
  cell: CellKind,
  H: number,
  tileB: number,
  layout: RecurrenceLayout,
): number {
  return 4 * tileFloats(cell, H, tileB, layout).backward;
}

/**
 * Fused whenever a workgroup can hold the threads of one tile: ⌈H/4⌉ threads for the blocked layout, so up to
 * H = 4 · 256 on the default limits; otherwise the per-step path.
 * Blocked (4 rows × 4 units per thread) when the batch has at least 8 rows: per k a thread loads 20 values for 64
 * multiply-adds (forward), and on SwiftShader, where every load is a bounds-checked gather, loads are the cost
 * (1.5–2.5× faster than 4 rows × 1 unit, 2–4× faster than 1 × 1). One (row, unit) per thread for smaller
 * batches, where a 4-row block would mostly compute phantom rows — unless its workgroup tile does not fit.
 * The batch tile is the largest that fits the thread (and memory) limits while leaving at least
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
  const perStep = (reason: string): RecurrencePlan => ({
    path: 'per-step',
    reason,
    tileB: 0,
    workgroups: 0,
    threads: 0,
    rowsPerThread: 0,
    unitsPerThread: 0,
    unitThreads: 0,
    backwardUnitsPerThread: 0,
    backwardUnitThreads: 0,
    backwardThreads: 0,
  });
  if (options.forcePath === 'per-step') return perStep('per-step path requested');

  // The largest tile of a layout, in rows (0 when not even one block fits).
  const largestTile = (layout: RecurrenceLayout) => {
    const { rows, units } = BLOCK[layout];
    const byThreads = Math.floor(maxThreads / Math.ceil(H / units)) * rows;
    const bytesPerRow = fusedWorkgroupBytes(cell, H, 1, layout);
    const byMemory =
      bytesPerRow === 0 ? byThreads : Math.floor(limits.maxComputeWorkgroupStorageSize / bytesPerRow);
    const byWorkgroups = Math.ceil(B / MIN_WORKGROUPS);
    const tile = Math.min(byThreads, byMemory, Math.max(rows, byWorkgroups));
    return Math.floor(tile / rows) * rows;
  };
  const preferred: RecurrenceLayout = options.layout ?? (B >= 8 ? 'blocked' : 'rows1');
  const layout: RecurrenceLayout =
    options.layout === undefined && largestTile(preferred) < 1 ? 'blocked' : preferred;
  const tileB = largestTile(layout);
  if (tileB < 1) {
    const reason = `hidden size ${H} needs ${Math.ceil(H / BLOCK[layout].units)} threads per workgroup, over the ${maxThreads} the device allows`;
    if (options.forcePath === 'fused' || options.layout)
      throw new Error(`the fused recurrence cannot run: ${reason}`);
    return perStep(`per-step fallback: ${reason}`);
  }
  const { rows, units } = BLOCK[layout];
  const workgroups = Math.ceil(B / tileB);
  if (workgroups > limits.maxComputeWorkgroupsPerDimension) {
    throw new Error(`batch ${B} needs ${workgroups} workgroups, over the device's per-dimension limit`);
  }
  const unitThreads = Math.ceil(H / units);
  const threads = (tileB / rows) * unitThreads;
  const backwardUnits = cell === 'gru' && layout === 'blocked' ? GRU_BACKWARD_UNITS : units;
  const backwardUnitThreads = Math.ceil(H / backwardUnits);
  const backwardThreads = (tileB / rows) * backwardUnitThreads;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return {
    path: 'fused',
    reason: `fused: one dispatch per layer and direction, ${plural(tileB, 'batch row')} × ${H} units per workgroup (${plural(rows, 'row')} × ${plural(units, 'unit')} per thread, ${threads} threads), ${plural(workgroups, 'workgroup')}`,
    layout,
    tileB,
    workgroups,
    threads,
    rowsPerThread: rows,
    unitsPerThread: units,
    unitThreads,
    backwardUnitsPerThread: backwardUnits,
    backwardUnitThreads,
    backwardThreads,
  };
}

/**
 * The override constants of the fused kernels that come from the plan, per direction: the layer's shape,
 * the batch tile, the threads per workgroup (`WG`) and, for the blocked kernels, the threads across the
 * hidden units (`HQ`) or, for the one-row kernels, the floats of the workgroup tile (`H_SLOTS`,
 * `DG_SLOTS`). The WGSL declares them without a value, so these sizes are computed here only.
 */
export function fusedOverrides(
  cell: CellKind,
  dims: RecurrenceDims,
  plan: RecurrencePlan,
): { forward: Record<string, number>; backward: Record<string, number> } {
  const { T, B, H } = dims;
  const layout = plan.layout;
  if (plan.path !== 'fused' || layout === undefined) throw new Error('a per-step plan has no fused kernels');
  const shape = { H, T, B, TILE_B: plan.tileB };
  if (layout === 'blocked') {
    return {
      forward: { ...shape, WG: plan.threads, HQ: plan.unitThreads },
      backward: { ...shape, WG: plan.backwardThreads, HQ: plan.backwardUnitThreads },
    };
  }
  const tile = tileFloats(cell, H, plan.tileB, layout);
  return {
    forward: { ...shape, WG: plan.threads, H_SLOTS: tile.forward },
    backward: { ...shape, WG: plan.backwardThreads, DG_SLOTS: tile.backward },
  };
}
