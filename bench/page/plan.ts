// Keeps a full benchmark run inside its time budget: cells run from the cheapest workload up, and a
// cell whose step time, predicted from the same engine on a smaller workload, would break a bound is
// skipped with that reason instead of stalling the run.
import { BATCHED, type CellName, type EngineName, type Workload } from '../protocol';

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
 * Roughly predicts the ms/step of an engine on `target` from its measured ms/step on `known`,
 * scaling by the geometric mean of the arithmetic ratio and the sequential-step ratio: engines sit
 * between arithmetic-bound (the CPU sides) and launch-bound (TF.js WebGPU: one dispatch per op per
 * time step). Used only to decide whether a cell fits in what is left of the run's time budget.
 */
export function predictStepMs(
  known: { workload: Workload; msPerStep: number },
  target: Workload,
  cell: CellName,
): number {
  const arithmetic = forwardMacs(target, cell) / forwardMacs(known.workload, cell);
  const sequential = sequentialSteps(target) / sequentialSteps(known.workload);
  return known.msPerStep * Math.sqrt(arithmetic * sequential);
}

/**
 * Cells run in tiers, so a tight time budget drops the least informative cells: the sides the
 * project's targets compare on the smaller workloads first, then on the largest workload (TF.js
 * WebGPU last: one of its steps there can take minutes on a software GPU), then the CPU sides.
 * The batched models run right after the one model they are compared with, on `BATCHED.workloads` only.
 */
export const TIERS: { engines: EngineName[]; workloads: 'smaller' | 'largest' | 'all' }[] = [
  { engines: ['ours-webgpu', BATCHED.engine, 'tfjs-wasm', 'tfjs-webgpu'], workloads: 'smaller' },
  { engines: ['ours-webgpu', BATCHED.engine, 'tfjs-wasm'], workloads: 'largest' },
  { engines: ['tfjs-webgpu'], workloads: 'largest' },
  { engines: ['tfjs-cpu', 'ours-cpu'], workloads: 'all' },
];

export interface PlannedCell {
  workload: Workload;
  cell: CellName;
  engine: EngineName;
}

/** The order cells run in: by tier, then cheapest workload first, then cell, then engine. */
export function runOrder(workloads: Workload[], cells: CellName[], engines: EngineName[]): PlannedCell[] {
  const sorted = cheapestFirst(workloads);
  const largest = sorted.slice(-1);
  const pick = { smaller: sorted.slice(0, -1), largest, all: sorted };
  const order: PlannedCell[] = [];
  for (const tier of TIERS) {
    for (const workload of pick[tier.workloads]) {
      for (const cell of cells) {
        for (const engine of tier.engines)
          if (engines.includes(engine) && runsOn(engine, workload)) order.push({ workload, cell, engine });
      }
    }
  }
  return order;
}

function runsOn(engine: EngineName, workload: Workload): boolean {
  return engine !== BATCHED.engine || (BATCHED.workloads as readonly string[]).includes(workload.id);
}

/** Workloads from the cheapest to the most expensive, so predictions exist before the slow cells. */
export function cheapestFirst(workloads: Workload[]): Workload[] {
  return [...workloads].sort((a, b) => forwardMacs(a, 'lstm') - forwardMacs(b, 'lstm'));
}
