// Keeps a full benchmark run inside its time budget: cells run from the cheapest workload up, and a
// cell whose step time, predicted from the same engine on a smaller workload, would break a bound is
// skipped with that reason instead of stalling the run.
import type { CellName, Workload } from '../protocol';

const GATE_COUNT: Record<CellName, number> = { lstm: 4, gru: 3 };

/** Multiply-adds of one forward pass: Σ over layers of T·B·(in + H)·G·H (backward is a fixed multiple). */
export function forwardMacs(workload: Workload, cell: CellName): number {
  const { T, batch: B, H, F, layers } = workload;
  let macs = 0;
  for (let k = 0; k < layers; k++) macs += T * B * ((k === 0 ? F : H) + H) * GATE_COUNT[cell] * H;
  return macs;
}

/** Sequential recurrent steps per pass (what per-op engines pay in dispatches): T·L. */
export function sequentialSteps(workload: Workload): number {
  return workload.T * workload.layers;
}

/**
 * Predicts the ms/step of an engine on `target` from its measured ms/step on `known`, scaling by
 * the larger of the arithmetic ratio and the sequential-step ratio (so it errs on the slow side for
 * engines bound by either).
 */
export function predictStepMs(
  known: { workload: Workload; msPerStep: number },
  target: Workload,
  cell: CellName,
) {
  const arithmetic = forwardMacs(target, cell) / forwardMacs(known.workload, cell);
  const sequential = sequentialSteps(target) / sequentialSteps(known.workload);
  return known.msPerStep * Math.max(arithmetic, sequential);
}

/** Workloads from the cheapest to the most expensive, so predictions exist before the slow cells. */
export function cheapestFirst(workloads: Workload[]): Workload[] {
  return [...workloads].sort((a, b) => forwardMacs(a, 'lstm') - forwardMacs(b, 'lstm'));
}
