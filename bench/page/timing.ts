import { countsBetween, type GpuCallCounter, type GpuCallCounts } from '../instrument';
import type { TimingOptions } from '../protocol';

/** The outcome of timing one cell. */
export type CellTiming =
  | {
      ok: true;
      msPerStep: number;
      repeatsMs: number[];
      stepsPerRepeat: number;
      warmupMs: number[];
      lastLoss: number;
      /** Per timed step; null when no counter is installed. */
      perStep: GpuCallCounts | null;
    }
  | { ok: false; reason: string; warmupMs: number[] };

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times `step` (one training step that resolves once its loss is on the host): warm-up steps,
 * then timed repeats; counts WebGPU calls over the timed steps only.
 */
export async function timeCell(
  step: () => Promise<number>,
  options: TimingOptions,
  counter: GpuCallCounter | null,
  now: () => number = () => performance.now(),
): Promise<CellTiming> {
  const warmupMs: number[] = [];
  let warmupTotal = 0;
  const wanted = Math.max(1, options.warmupSteps);
  while (warmupMs.length < wanted && (warmupMs.length === 0 || warmupTotal < options.cellBudgetMs / 2)) {
    const t0 = now();
    await step();
    const elapsed = now() - t0;
    warmupMs.push(elapsed);
    warmupTotal += elapsed;
  }
  // The first step compiles pipelines; judge slowness from a later one when there is one.
  const representative = warmupMs[warmupMs.length - 1];
  if (representative > options.maxStepMs) {
    return {
      ok: false,
      warmupMs,
      reason: `a warm-up step took ${(representative / 1000).toFixed(1)} s, over the bound of ${(options.maxStepMs / 1000).toFixed(1)} s per step`,
    };
  }
  // The first repeat runs steps until it has used its share of the budget (the warm-up time may
  // include compilation, so it is no estimate); later repeats run as many steps while they fit.
  const perRepeatMs = options.cellBudgetMs / options.repeats;
  const before = counter?.snapshot() ?? null;
  const repeatsMs: number[] = [];
  let lastLoss = Number.NaN;
  let steps = 0;
  let spent = 0;
  {
    const t0 = now();
    do {
      lastLoss = await step();
      steps++;
    } while (steps < options.maxStepsPerRepeat && now() - t0 < perRepeatMs);
    const elapsed = now() - t0;
    repeatsMs.push(elapsed / steps);
    spent += elapsed;
  }
  while (repeatsMs.length < options.repeats && spent + repeatsMs[0] * steps <= options.cellBudgetMs) {
    const t0 = now();
    for (let s = 0; s < steps; s++) lastLoss = await step();
    const elapsed = now() - t0;
    repeatsMs.push(elapsed / steps);
    spent += elapsed;
  }
  const repeats = repeatsMs.length;
  const total = repeats * steps;
  let perStep: GpuCallCounts | null = null;
  if (counter && before) {
    const span = countsBetween(before, counter.snapshot());
    perStep = {
      dispatches: span.dispatches / total,
      submits: span.submits / total,
      commandBuffers: span.commandBuffers / total,
      writeBuffers: span.writeBuffers / total,
    };
  }
  return {
    ok: true,
    msPerStep: median(repeatsMs),
    repeatsMs,
    stepsPerRepeat: steps,
    warmupMs,
    lastLoss,
    perStep,
  };
}
