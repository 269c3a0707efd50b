// Model outputs over a split, always at the training batch size: the GPU engine compiles kernels per
// batch shape, so one shape for training, validation, test and forecast avoids recompiling. The last
// chunk is padded with copies of its last window and the padding's outputs are dropped.

import { calendarValues } from '../data/calendar';
import { formulationCodec } from '../data/formulation';
import { type ForecastResult, recursiveForecast } from '../engine/forecast';
import { forecastMetrics } from '../engine/metrics';
import type { ForecastModel } from '../engine/types';
import type { SessionData } from './evaluation';

type Split = 'val' | 'test';

/** (n, O) model outputs for windows [start, end) of a split, n = end − start ≤ batchSize. */
async function outputs(
  data: SessionData,
  model: ForecastModel,
  batchSize: number,
  split: Split,
  start: number,
  end: number,
): Promise<Float32Array> {
  const B = batchSize;
  const n = end - start;
  const indices = Uint32Array.from({ length: B }, (_, i) => start + Math.min(i, n - 1));
  const batch = data.gatherBatch(split, indices);
  const pred = await model.predict(batch.x, B, batch.timeSteps);
  return pred.subarray(0, n * data.outputSize);
}

/** Mean MSE over all windows of a split, in scaled units; NaN when the split has no windows. */
export async function meanLoss(
  data: SessionData,
  model: ForecastModel,
  batchSize: number,
  split: Split,
): Promise<number> {
  const count = data.windows[split].count;
  if (count === 0) return Number.NaN;
  const O = data.outputSize;
  let sum = 0;
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    const pred = await outputs(data, model, batchSize, split, start, end);
    const { y } = data.gatherBatch(split, range(start, end));
    sum += forecastMetrics(y, pred).mse * (end - start) * O;
  }
  return sum / (count * O);
}

/** (W, O) model outputs for every window of a split, in scaled units. */
export async function predictSplit(
  data: SessionData,
  model: ForecastModel,
  batchSize: number,
  split: Split,
): Promise<Float32Array> {
  const count = data.windows[split].count;
  const O = data.outputSize;
  const out = new Float32Array(count * O);
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    out.set(await outputs(data, model, batchSize, split, start, end), start * O);
  }
  return out;
}

/** The model with `predict` padded to a fixed batch size (as `outputs` does), for the forecast. */
export function paddedPredictions(model: ForecastModel, batchSize: number): ForecastModel {
  return Object.assign(Object.create(model) as ForecastModel, {
    predict: async (x: Float32Array, n: number, T: number) => {
      if (n >= batchSize) return model.predict(x, n, T);
      const rowLength = x.length / n;
      const padded = new Float32Array(batchSize * rowLength);
      for (let b = 0; b < batchSize; b++)
        padded.set(
          x.subarray(Math.min(b, n - 1) * rowLength, (Math.min(b, n - 1) + 1) * rowLength),
          b * rowLength,
        );
      const out = await model.predict(padded, batchSize, T);
      return out.subarray(0, (out.length / batchSize) * n);
    },
  });
}

export function range(start: number, end: number): Uint32Array {
  return Uint32Array.from({ length: end - start }, (_, i) => start + i);
}

/**
 * The model's forecast of `steps` rows from row `row` (it sees the rows before it), in scaled levels with
 * the formulation undone: recursive past the horizon while the inputs are targets or calendar columns,
 * whose values at future step k are computed for `timeAt(k)`.
 */
export function forecastFromRow(
  data: SessionData,
  model: ForecastModel,
  batchSize: number,
  row: number,
  steps: number,
  timeAt: (step: number) => number,
): Promise<ForecastResult> {
  const K = data.targetIndex.length;
  const targetInputs = data.targetIndex.map((c) => data.featureIndex.indexOf(c));
  // calendar inputs are known for future times, so they never stop the recursion
  const calendarInputs = data.anchoredInputs.flatMap((anchored, f) => (anchored ? [] : [f]));
  return recursiveForecast(
    paddedPredictions(model, batchSize),
    data.inputAt(row),
    steps,
    targetInputs,
    formulationCodec(data.formulation, data.featureIndex.length, K, data.anchoredInputs),
    data.anchorsAt(row),
    { columns: calendarInputs, at: (step) => calendarValues(data.calendar, timeAt(step)) },
  );
}
