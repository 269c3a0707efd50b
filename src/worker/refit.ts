// The forecast past the data from a model refit on every row. The model scored on the test part never saw
// the last rows (validation and test); a forecaster refits on all of them before forecasting the future.
// The refit starts from the same seed and settings, trains for the epochs early stopping chose on the
// held-out run (each epoch now steps over every row's windows, so the steps grow with the extra rows), and
// keeps its last weights: with no rows left to validate on, there is nothing to stop on. The scaler stays
// the one fitted on the training rows, so the refit sees the same numbers the scored model saw.

import type { CellKind } from '../engine/types';
import type { ResplittableData } from './backtestRetrain';
import type { EngineProvider } from './engineProvider';
import type { SessionData } from './evaluation';
import { forecastFromRow } from './prediction';
import type { ForecastSource, ModelSetup } from './protocol';
import { Trainee } from './trainee';
import { type TrainToEndOptions, trainToEnd } from './trainToEnd';

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
 * Trains a fresh model of `setup` on all rows of `data` for `epochs` epochs and forecasts `steps` past the
 * last row; null when cancelled or when the loss became non-finite (the caller keeps the held-out forecast).
 */
export async function refitForecast(
  cell: CellKind,
  data: ResplittableData,
  setup: ModelSetup,
  engines: Pick<EngineProvider, 'createModel'>,
  epochs: number,
  steps: number,
  timeAt: (step: number) => number,
  options: TrainToEndOptions,
): Promise<RefitForecast | null> {
  const view = allRows(data);
  const { initialWeights: _fresh, ...fresh } = setup;
  const loop = { ...fresh.loop, epochs, patience: 0 };
  const model = await engines.createModel(fresh.config, fresh.optimizer);
  try {
    const trainee = new Trainee(cell, { ...fresh, loop }, model, view, options.now);
    const end = await trainToEnd(trainee, options);
    if (end !== 'finished') return null;
    const ahead = await forecastFromRow(view, model, trainee.batchSize, view.length, steps, timeAt);
    return {
      values: ahead.values,
      mode: ahead.mode,
      message: ahead.message ?? null,
      source: { kind: 'refit', rows: view.length, epochs },
    };
  } finally {
    model.dispose();
  }
}
