// The forecast past the data from a model refit on every row. The model scored on the test part never saw
// the last rows (validation and test); a forecaster refits on all of them before forecasting the future.
// The refit starts from the same seed and settings, trains for the epochs early stopping chose on the
// held-out run (each epoch now steps over every row's windows, so the steps grow with the extra rows), and
// keeps its last weights: with no rows left to validate on, there is nothing to stop on. The scaler stays
// the one fitted on the training rows, so the refit sees the same numbers the scored model saw.
// One refit's forecast depends on its seed (initial weights and batch order), and now and then a seed runs
// off; the refit trains `members` models from consecutive seeds (one batched model on the GPU) and forecasts
// their element-wise median, which one runaway member cannot move far (REFIT_MEMBERS in src/config).

import type { ForecastResult } from '../engine/forecast';
import type { CellKind } from '../engine/types';
import type { ResplittableData } from './backtestRetrain';
import { medianAcross } from './combination';
import type { EngineProvider } from './engineProvider';
import type { SessionData } from './evaluation';
import { forecastFromRow } from './prediction';
import type { ForecastSource, ModelSetup } from './protocol';
import { Trainee } from './trainee';
import { type TrainToEndOptions, trainAllToEnd } from './trainToEnd';

/** Every row in training, none left to validate or test. */
export function allRows(data: ResplittableData): SessionData {
  const N = data.length;
  return data.withSplits({
    train: { start: 0, end: N },
    val: { start: N, end: N },
    test: { start: N, end: N },
  });
}

/** Epochs for the refit: those the held-out run kept (its best epoch), at least one. */
export function refitEpochs(bestEpoch: number): number {
  return Math.max(1, Math.floor(bestEpoch));
}

export interface RefitForecast {
  /** (steps, K) scaled levels, formulation undone. */
  values: Float32Array | Float64Array;
  mode: 'direct' | 'recursive' | 'horizon-only';
  message: string | null;
  source: ForecastSource;
}

/**
 * Trains `members` fresh models of `setup` (seeds setup's, then the next ones) on all rows of `data` for
 * `epochs` epochs and forecasts `steps` past the last row: the members' element-wise median. Null when
 * cancelled or when every member's loss became non-finite (the caller keeps the held-out forecast).
 */
export async function refitForecast(
  cell: CellKind,
  data: ResplittableData,
  setup: ModelSetup,
  engines: Pick<EngineProvider, 'createModels'>,
  epochs: number,
  steps: number,
  timeAt: (step: number) => number,
  options: TrainToEndOptions,
  members = 1,
): Promise<RefitForecast | null> {
  const view = allRows(data);
  const { initialWeights: _fresh, ...fresh } = setup;
  const loop = { ...fresh.loop, epochs, patience: 0 };
  const configs = Array.from({ length: Math.max(1, Math.floor(members)) }, (_, i) => ({
    ...fresh.config,
    seed: fresh.config.seed + i,
  }));
  const models = await engines.createModels(
    configs,
    configs.map(() => fresh.optimizer),
  );
  try {
    const trainees = models.map(
      (model, i) => new Trainee(cell, { ...fresh, config: configs[i], loop }, model, view, options.now),
    );
    const ends = await trainAllToEnd(trainees, options);
    if (ends.includes('cancelled')) return null;
    const forecasts: ForecastResult[] = [];
    for (const [i, t] of trainees.entries()) {
      if (ends[i] !== 'finished') continue;
      forecasts.push(await forecastFromRow(view, t.model, t.batchSize, view.length, steps, timeAt));
    }
    if (forecasts.length === 0) return null;
    const [first] = forecasts;
    return {
      values: medianAcross(
        forecasts.map((f) => f.values),
        first.values.length,
      ),
      mode: first.mode,
      message: first.message ?? null,
      source: { kind: 'refit', rows: view.length, epochs, members: forecasts.length },
    };
  } finally {
    for (const m of models) m.dispose();
  }
}
