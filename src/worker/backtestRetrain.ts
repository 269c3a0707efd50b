// The backtest's "retrain at each origin" option: for every origin, each network is trained from a fresh
// initialisation with the run's settings on the rows before that origin (the validation part keeps its
// length and ends at the origin, so early stopping never sees the forecast rows), then forecasts from it.
// The scaler stays the one fitted on the run's training rows, which lie before every origin.

import type { PreparedDataset, RowRange, SplitName } from '../data/types';
import { splitWindows } from '../data/windows';
import type { CellKind } from '../engine/types';
import type { BacktestPlan } from './backtest';
import type { EngineProvider } from './engineProvider';
import type { SessionData } from './evaluation';
import type { ModelSetup } from './protocol';
import { Trainee } from './trainee';
import { trainToEnd } from './trainToEnd';

/** A dataset that can be re-split (PreparedDataset; tests may build smaller ones). */
export type ResplittableData = SessionData & Pick<PreparedDataset, 'withSplits'>;

/** The splits a model retrained at `origin` sees: train, then a validation part of the run's length ending at the origin. */
export function splitsAtOrigin(data: SessionData, origin: number): Record<SplitName, RowRange> {
  const valRows = data.splits.val.end - data.splits.val.start;
  const trainEnd = Math.max(data.splits.train.end, origin - valRows);
  return {
    train: { start: data.splits.train.start, end: trainEnd },
    val: { start: trainEnd, end: origin },
    test: { start: origin, end: data.length },
  };
}

/** Training windows a model retrained at `origin` steps over. */
function trainWindowsAt(data: SessionData, origin: number): number {
  return splitWindows(splitsAtOrigin(data, origin).train, data.windows.config).count;
}

/**
 * Time to retrain every network at every origin, from the run's own training times: each origin costs
 * the run's time scaled by its share of training windows (epochs and early stopping assumed alike).
 */
export function retrainEstimateMs(data: SessionData, plan: BacktestPlan, trainMs: readonly number[]): number {
  const perRun = trainMs.reduce((a, b) => a + b, 0);
  const base = Math.max(1, data.windows.train.count);
  return plan.origins.reduce((sum, origin) => sum + (perRun * trainWindowsAt(data, origin)) / base, 0);
}

export interface RetrainOptions {
  now(): number;
  yieldToEvents(): Promise<void>;
  /** True once the user cancelled: the retraining stops at the next step. */
  stopped(): boolean;
  /** Called before each (origin, model) training: `done` of `total` trainings finished. */
  onProgress(done: number, total: number, origin: number, cell: CellKind): void;
}

/**
 * Each network's forecasts from every origin after retraining there, as (origins, steps, K) scaled levels
 * per cell (formulation undone); null when cancelled.
 */
export async function retrainedForecasts(
  data: ResplittableData,
  setups: Partial<Record<CellKind, ModelSetup>>,
  engines: EngineProvider,
  plan: BacktestPlan,
  forecast: (
    view: SessionData,
    model: Trainee['model'],
    batchSize: number,
    origin: number,
  ) => Promise<Float64Array>,
  options: RetrainOptions,
): Promise<Map<CellKind, Float64Array> | null> {
  const cells = Object.keys(setups) as CellKind[];
  const K = data.targetIndex.length;
  const out = new Map<CellKind, Float64Array>(
    cells.map((cell) => [cell, new Float64Array(plan.origins.length * plan.steps * K).fill(Number.NaN)]),
  );
  const total = plan.origins.length * cells.length;
  let done = 0;
  for (const [o, origin] of plan.origins.entries()) {
    const view = data.withSplits(splitsAtOrigin(data, origin));
    for (const cell of cells) {
      if (options.stopped()) return null;
      options.onProgress(done, total, origin, cell);
      const { initialWeights: _fresh, ...setup } = setups[cell] as ModelSetup;
      const model = await engines.createModel(setup.config, setup.optimizer);
      try {
        const trainee = new Trainee(cell, setup, model, view, options.now);
        const end = await trainToEnd(trainee, options);
        if (end === 'cancelled') return null;
        if (trainee.bestWeights !== null) {
          await model.setWeights(trainee.bestWeights);
          const values = await forecast(view, model, trainee.batchSize, origin);
          (out.get(cell) as Float64Array).set(values.subarray(0, plan.steps * K), o * plan.steps * K);
        }
        // a model that diverged before its first epoch ended leaves this origin's forecast missing
      } finally {
        model.dispose();
      }
      done++;
    }
  }
  options.onProgress(done, total, plan.origins[plan.origins.length - 1], cells[cells.length - 1]);
  return out;
}
