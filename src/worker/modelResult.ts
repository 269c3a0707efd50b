// A trained model's part of the comparison: test predictions, metrics and the forecast past the end of
// the data, all in original units, from whatever weights the model holds now (the session restores the
// best ones first).

import { normalQuantile } from '../baselines/normal';
import { decodeOutputs } from '../data/formulation';
import { bands, conformalHalfWidths, coverage, INTERVAL_LEVELS } from '../engine/intervals';
import { forecastMetrics } from '../engine/metrics';
import { holdRunaway } from '../engine/runaway';
import type { ForecastModel } from '../engine/types';
import { firstTargetRows, type SessionData, splitActuals, targetSeries, unscaleOutputs } from './evaluation';
import { forecastFromRow, predictSplit, range } from './prediction';
import type { EvaluationContext, ModelResult, PredictionInterval } from './protocol';
import type { RefitForecast } from './refit';
import { type StepErrors, stepBands, stepCoverage, stepErrors, stepHalfWidths } from './stepBands';

export type ModelEvaluation = Pick<
  ModelResult,
  | 'testPredictions'
  | 'metrics'
  | 'forecast'
  | 'forecastMode'
  | 'forecastMessage'
  | 'forecastSource'
  | 'intervals'
>;

/** (W, horizon, K) predictions of a split in original units, formulation undone. */
async function splitPredictions(
  data: SessionData,
  model: ForecastModel,
  batchSize: number,
  split: 'val' | 'test',
): Promise<Float64Array> {
  const outputs = await predictSplit(data, model, batchSize, split);
  const anchors = data.anchors(split, range(0, data.windows[split].count));
  decodeOutputs(data.formulation, outputs, anchors, data.targetIndex.length);
  return unscaleOutputs(data, outputs, firstTargetRows(data, split));
}

/**
 * Split-conformal bands from the validation errors, per forecast step and target, around the test
 * predictions and the forecast past the data, with the share of test values each band covers.
 */
function conformalIntervals(
  data: SessionData,
  context: EvaluationContext,
  valPredictions: Float64Array,
  testPredictions: Float64Array,
  forecast: Float64Array,
  ahead: { scaled: ArrayLike<number>; errors: StepErrors } | null,
): PredictionInterval[] {
  if (data.windows.val.count === 0) return [];
  const K = data.targetIndex.length;
  const { horizon } = data.windows.config;
  const valActual = splitActuals(data, 'val');
  const testHalves = widenUnranked(
    INTERVAL_LEVELS.map((level) => conformalHalfWidths(valActual, valPredictions, horizon, K, level)),
  );
  // past the data: per-step half-widths from the scored model's multi-step errors (stepBands.ts), or
  // (a sweep's members) the validation half-widths grown with the square root of the horizons
  const futureHalves = ahead
    ? widenUnranked(INTERVAL_LEVELS.map((level) => stepHalfWidths(ahead.errors.all, K, level)))
    : testHalves;
  return INTERVAL_LEVELS.map((level, j) => {
    const test = bands(testPredictions, testHalves.widths[j], horizon, K, horizon);
    const future = ahead
      ? stepBands(data, ahead.scaled, futureHalves.widths[j], data.length)
      : bands(forecast, futureHalves.widths[j], horizon, K, forecast.length / K);
    const widened = testHalves.widened[j] || futureHalves.widened[j];
    const byStep = ahead ? stepCoverage(ahead.errors, K, level) : null;
    return {
      level,
      testLower: test.lower,
      testUpper: test.upper,
      forecastLower: future.lower,
      forecastUpper: future.upper,
      coverage: coverage(context.testActual, test.lower, test.upper),
      ...(byStep ? { coverageByStep: byStep.held, checkedByStep: byStep.checked } : {}),
      ...(widened ? { widened } : {}),
    };
  });
}

/**
 * Half-widths per level (INTERVAL_LEVELS order) where a level had too few errors for its conformal rank
 * (Infinity) take the next lower level's finite width times z(level) / z(lower), z the normal quantile of
 * (1 + level) / 2: a short validation part still gets a bounded 95 % band, widened as a Gaussian's would be.
 */
function widenUnranked(widths: Float64Array[]): { widths: Float64Array[]; widened: boolean[] } {
  const z = (level: number) => normalQuantile((1 + level) / 2);
  const widened = widths.map(() => false);
  for (let j = 1; j < widths.length; j++) {
    const ratio = z(INTERVAL_LEVELS[j]) / z(INTERVAL_LEVELS[j - 1]);
    for (let i = 0; i < widths[j].length; i++) {
      if (Number.isFinite(widths[j][i]) || !Number.isFinite(widths[j - 1][i])) continue;
      widths[j][i] = widths[j - 1][i] * ratio;
      widened[j] = true;
    }
  }
  return { widths, widened };
}

export async function evaluateModel(
  data: SessionData,
  context: EvaluationContext,
  model: ForecastModel,
  batchSize: number,
  forecastSteps: number,
  refit: RefitForecast | null = null,
  /**
   * stepBands false: the forecast's bands from the validation errors alone (a sweep's many members);
   * heldOutReason: why the scored model forecasts the future when no refit is given (ForecastSource).
   */
  options: { stepBands?: boolean; heldOutReason?: string | null } = {},
): Promise<ModelEvaluation> {
  const testPredictions = await splitPredictions(data, model, batchSize, 'test');
  const valPredictions =
    data.windows.val.count > 0 ? await splitPredictions(data, model, batchSize, 'val') : new Float64Array(0);
  // the future from the model refit on every row when there is one, else from this (held-out) model
  const ahead =
    refit ??
    (await forecastFromRow(
      data,
      model,
      batchSize,
      data.length,
      forecastSteps,
      (step) => context.forecastTime[step],
    ));
  const held = holdRunaway(
    unscaleOutputs(data, ahead.values, [data.length]),
    targetSeries(data),
    data.targetIndex.length,
  );
  const forecast = held.values;
  const runaway =
    held.firstStep === null
      ? null
      : `From step ${held.firstStep + 1} the forecast ran beyond the data's range by more than the range itself and is held at that bound.`;
  return {
    testPredictions,
    metrics: forecastMetrics(context.testActual, testPredictions, context.maseScale),
    forecast,
    forecastMode: ahead.mode,
    forecastMessage: [ahead.message, runaway].filter(Boolean).join(' ') || null,
    forecastSource: refit?.source ?? { kind: 'held-out', reason: options.heldOutReason ?? null },
    intervals: conformalIntervals(
      data,
      context,
      valPredictions,
      testPredictions,
      forecast,
      options.stepBands === false
        ? null
        : {
            scaled: ahead.values,
            errors: await stepErrors(data, model, batchSize, ahead.values.length / data.targetIndex.length),
          },
    ),
  };
}
