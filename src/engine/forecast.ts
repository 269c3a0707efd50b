// Multi-step forecasting beyond the end of the data, for any ForecastModel (CPU or GPU).
//
// The rule: a model predicts `horizon` steps per call (its outputs are (horizon, targets), step-major).
//  1. steps ≤ horizon: one call; the model's direct outputs for the first `steps` steps ('direct').
//  2. steps > horizon and the inputs are exactly the target columns (F = number of targets and every
//     input column is some target): feed the predictions back as the next inputs and call again,
//     `horizon` steps at a time, until `steps` are produced ('recursive'). Errors compound, so later
//     steps are less reliable.
//  3. steps > horizon and some input is neither a target nor known in advance (`KnownInputs`, e.g. calendar
//     columns): its future values are unknown, so only the model's own horizon is returned
//     ('horizon-only'), with a message saying why.
// Windows and results are scaled levels; a `WindowCodec` turns a window into the model's inputs and the
// model's outputs back into levels (e.g. changes relative to the window's last value), so the recursion
// always slides a window of levels. The caller unscales the result.
import type { ForecastModel } from './types';

/** How a window of scaled levels is presented to the model, and how its outputs become levels again. */
export interface WindowCodec {
  /** Model inputs (T, F) from a window of scaled levels (T, F); must not modify `window`. */
  encode(window: Float32Array): Float32Array;
  /** Scaled levels (horizon, K) from model outputs (horizon, K), given the targets' last levels (K). */
  decode(outputs: Float32Array, lastLevels: Float32Array): Float32Array;
}

/** Input columns whose future values are known (calendar features), by step past the last row (0 = next). */
export interface KnownInputs {
  /** Input column indices (into F). */
  columns: number[];
  /** Their values `step` steps past the last row, in the order of `columns`. */
  at(step: number): ArrayLike<number>;
}

/** The model sees levels and predicts levels. */
export const LEVEL_CODEC: WindowCodec = {
  encode: (window) => window,
  decode: (outputs) => outputs,
};

export type ForecastMode = 'direct' | 'recursive' | 'horizon-only';

export interface ForecastResult {
  values: Float32Array; // (produced, targets), step-major
  /** Steps produced: `steps`, or the horizon in 'horizon-only' mode. */
  produced: number;
  mode: ForecastMode;
  /** Why fewer steps than asked came back; absent otherwise. */
  message?: string;
}

/**
 * Forecasts `steps` steps after `lastWindow` (T, F), the most recent T rows of the scaled inputs as levels.
 * targetFeatureIndices[j] is the input column holding target j, or −1 when target j is not an input.
 * `lastLevels` (K): the targets' scaled values at the last row (the codec's anchors).
 */
export async function recursiveForecast(
  model: ForecastModel,
  lastWindow: Float32Array,
  steps: number,
  targetFeatureIndices: number[],
  codec: WindowCodec = LEVEL_CODEC,
  lastLevels: Float32Array = new Float32Array(targetFeatureIndices.length),
  known: KnownInputs = { columns: [], at: () => [] },
): Promise<ForecastResult> {
  const F = model.config.inputSize;
  const targets = targetFeatureIndices.length;
  const O = model.config.outputSize;
  if (targets === 0 || O % targets !== 0) {
    throw new Error(`the model's ${O} outputs do not split into ${targets} target columns`);
  }
  if (lastWindow.length % F !== 0)
    throw new Error(`window length ${lastWindow.length} is not a multiple of F=${F}`);
  const horizon = O / targets;
  const T = lastWindow.length / F;
  const want = Math.max(0, Math.floor(steps));

  const predictLevels = async (window: Float32Array, anchors: Float32Array) =>
    codec.decode(await model.predict(codec.encode(window), 1, T), anchors); // (horizon, targets)
  const first = await predictLevels(lastWindow, lastLevels);
  if (want <= horizon) {
    return { values: first.slice(0, want * targets), produced: want, mode: 'direct' };
  }
  if (!inputsAreKnown(F, targetFeatureIndices, known.columns)) {
    return {
      values: first,
      produced: horizon,
      mode: 'horizon-only',
      message:
        `The model predicts ${horizon} step(s) at a time; going further would need future values of ` +
        'input columns that are not forecast targets, so only those steps are shown.',
    };
  }

  const values = new Float32Array(want * targets); // (steps, targets)
  let window: Float32Array = lastWindow.slice(); // (T, F)
  let out = first;
  let produced = 0;
  for (;;) {
    const take = Math.min(horizon, want - produced);
    values.set(out.subarray(0, take * targets), produced * targets);
    produced += take;
    if (produced === want) break;
    window = slideWindow(window, out, T, F, horizon, targetFeatureIndices, known, produced - horizon);
    out = await predictLevels(window, out.slice((horizon - 1) * targets, horizon * targets));
  }
  return { values, produced, mode: 'recursive' };
}

/** True when every input column is either the target of exactly one output column or known in advance. */
function inputsAreKnown(F: number, targetFeatureIndices: number[], knownColumns: number[]): boolean {
  if (targetFeatureIndices.some((f) => f < 0 || f >= F)) return false;
  const covered = [...targetFeatureIndices, ...knownColumns];
  return covered.length === F && new Set(covered).size === F;
}

/**
 * The window (T, F) moved `horizon` steps on: predictions (horizon, targets) and the known inputs of those
 * steps become the newest rows. `firstStep`: the step past the data of the first new row (0 = next).
 */
function slideWindow(
  window: Float32Array,
  predictions: Float32Array,
  T: number,
  F: number,
  horizon: number,
  targetFeatureIndices: number[],
  known: KnownInputs,
  firstStep: number,
): Float32Array {
  const longer = new Float32Array((T + horizon) * F); // (T + horizon, F)
  longer.set(window);
  for (let s = 0; s < horizon; s++) {
    targetFeatureIndices.forEach((f, j) => {
      longer[(T + s) * F + f] = predictions[s * targetFeatureIndices.length + j];
    });
    const values = known.at(firstStep + s);
    known.columns.forEach((f, j) => {
      longer[(T + s) * F + f] = values[j];
    });
  }
  return longer.slice(horizon * F); // the last T rows
}
